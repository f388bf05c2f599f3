using System.CommandLine;
using Terminal.Tools.Commands;

namespace Terminal.Tools;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("ResidenceTerminal host tools: simulated terminal, provisioning, list signing, platform ingest.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(PlatformCommand.Create());
        return root.Parse(args).Invoke();
    }
}
