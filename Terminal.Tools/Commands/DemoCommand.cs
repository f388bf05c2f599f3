using System.CommandLine;

namespace Terminal.Tools.Commands;

/// <summary>`demo`: the whole terminal on simulated hardware. Grows with the issues that build its parts.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run the simulated terminal: tap virtual cards, show verdicts and what the platform received.\n" +
                                          "Example: dotnet run --project Terminal.Tools -- demo");
        command.SetAction(_ =>
        {
            Console.WriteLine("ResidenceTerminal simulated terminal");
            Console.WriteLine("Not built yet: card verification, revocation list, reader simulation and MQTT reporting land with");
            Console.WriteLine("their issues; this command will then tap every demo card and exit non-zero on any unexpected verdict.");
            return 0;
        });
        return command;
    }
}
