using System.CommandLine;
using Terminal.Tools.Commands;

namespace Terminal.Tools;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the CLI with the given writers (tests call this in-process). Exit codes: <see cref="ExitCodes"/>.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("ResidenceTerminal host tools: simulated terminal, provisioning, list signing, platform ingest.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(FirmwareCommand.Create());
        root.Subcommands.Add(PlatformCommand.Create());
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteLine("error: " + parseError.Message);
            }

            return ExitCodes.BadInput;
        }

        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
