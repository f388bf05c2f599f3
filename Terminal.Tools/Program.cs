using System.CommandLine;
using Terminal.Tools.Commands;

namespace Terminal.Tools;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the CLI with the given writers (tests call this in-process). Exit codes: <see cref="ExitCodes"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parseResult = BuildRoot().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // One line: the first problem is the one to fix; the rest often follow from it.
            string message = string.Join(" ", parseResult.Errors[0].Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            error.WriteLine("error: " + message + " (--help shows the options)");
            return ExitCodes.BadInput;
        }

        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>The whole command tree (tests walk it to check that every command's help has an example).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("ResidenceTerminal host tools: simulated terminal, keys, card issuing, device provisioning, list signing, platform ingest.\n" +
                                   "Exit codes: 0 ok, 2 bad input, 3 verification failed, 4 demo failed, 5 broker unavailable (Terminal.Tools/README.md).\n" +
                                   "Example: dotnet run --project Terminal.Tools -- demo");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(CardCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(DeviceCommand.Create());
        root.Subcommands.Add(FirmwareCommand.Create());
        root.Subcommands.Add(PlatformCommand.Create());
        root.Subcommands.Add(DisplayCommand.Create());
        root.Subcommands.Add(DevCommand.Create());
        return root;
    }
}
