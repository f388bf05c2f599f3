using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Tools.Simulation;

namespace Terminal.Tools.Commands;

/// <summary>
/// `demo`: the firmware core on simulated hardware. Issues a card for every verdict with throw-away keys, signs a
/// revocation list, boots a terminal with a service profile, taps every card and shows what the clerk sees.
/// Exits 0 only when every verdict is the expected one and every check was reported exactly once.
/// </summary>
public static class DemoCommand
{
    public static readonly string[] Profiles = ["generic", "hospital", "school", "transit", "housing", "hukou"];

    public static Command Create()
    {
        var profile = new Option<string>("--profile") { Description = "service profile of the desk: " + string.Join(", ", Profiles), DefaultValueFactory = _ => "hospital" };
        profile.AcceptOnlyFromAmong(Profiles);
        var writeCards = new Option<string?>("--write-cards") { Description = "also write every demo card image (.mfd dump + .card) into this folder" };
        var command = new Command("demo", "Run the simulated terminal: tap a virtual card for every verdict and show what the clerk sees.\n" +
                                          "Example: dotnet run --project Terminal.Tools -- demo --profile transit");
        command.Options.Add(profile);
        command.Options.Add(writeCards);
        CommandRunner.SetAction(command, (p, output, _) => Run(p.GetValue(profile)!, p.GetValue(writeCards), output));
        return command;
    }

    public static int Run(string profile, string? writeCardsTo, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || output != Console.Out)
        {
            console.Profile.Width = 220; // a log or a pipe: no terminal width to fit, keep each row readable
        }

        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, now);
        var terminal = new SimulatedTerminal(keys, profile, now);
        var listError = terminal.InstallList(set.SignedList(now.ToUnixTimeSeconds() - 3600));
        console.MarkupLine($"[bold]ResidenceTerminal[/] simulated terminal {Markup.Escape(terminal.Configuration.TerminalId)} · profile [bold]{profile}[/] ({Markup.Escape(terminal.Configuration.Policy.Service)}) · {now.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} Beijing");
        console.MarkupLine($"revocation list: sequence {terminal.Core.Revocation.Status.Sequence}, {terminal.Core.Revocation.Status.EntryCount} entries, installed: {(listError == RevocationError.None ? "yes" : listError.ToString())}");

        if (writeCardsTo is not null)
        {
            WriteCards(set, writeCardsTo, console);
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("#")
            .AddColumn(new TableColumn("card").NoWrap())
            .AddColumn(new TableColumn("verdict").NoWrap())
            .AddColumn(new TableColumn("reason").NoWrap())
            .AddColumn(new TableColumn("article").NoWrap())
            .AddColumn(new TableColumn("feedback").NoWrap())
            .AddColumn(new TableColumn("").NoWrap());
        int mismatches = 0, expectedReports = 0, n = 0;
        foreach (var card in set.Cards)
        {
            var outcome = terminal.Tap(card.Card, card.HoldForOperations);
            terminal.Clock.Advance(30);
            bool ok = outcome.Code == card.Expected && outcome.ForgeryAlertRaised == card.ExpectForgeryAlert;
            mismatches += ok ? 0 : 1;
            expectedReports += 1 + (card.ExpectForgeryAlert ? 1 : 0);
            var verdict = VerdictTexts.Name(outcome.Code) + (outcome.Accepted ? " ✔" : "");
            var feedback = outcome.Indication + (outcome.ForgeryAlertRaised ? " → ForgeryAlert (tier 2)" : "");
            table.AddRow(
                (++n).ToString(),
                Markup.Escape($"{card.LabelZh}\n{card.LabelEn}"),
                $"[{(outcome.Accepted ? "green" : "red")}]{Markup.Escape(verdict)}[/]",
                Markup.Escape($"{outcome.ReasonZh}\n{outcome.ReasonEn}"),
                Markup.Escape(outcome.Article),
                Markup.Escape(feedback),
                ok ? "[green]as expected[/]" : $"[red]expected {Markup.Escape(VerdictTexts.Name(card.Expected))}[/]");
        }

        console.Write(table);
        int reports = terminal.Recorded.Checks.Count;
        console.MarkupLine($"{set.Cards.Count} cards tapped, {mismatches} unexpected verdicts; {reports} checks reported by the terminal (expected {expectedReports}); " +
                           $"tier 2 verified {terminal.Core.TierTwo.Verified}, forgery alerts {terminal.Core.TierTwo.ForgeryAlerts}; {clock.Elapsed.TotalSeconds:0.0} s");
        if (mismatches > 0 || reports != expectedReports)
        {
            console.MarkupLine("[red]demo failed: the terminal did not behave as expected (see the table)[/]");
            return ExitCodes.DemoFailed;
        }

        return ExitCodes.Ok;
    }

    private static void WriteCards(DemoCards set, string folder, IAnsiConsole console)
    {
        Directory.CreateDirectory(folder);
        int i = 0;
        foreach (var card in set.Cards.Where(c => c.Image is not null))
        {
            var name = $"{++i:D2}-{new string(card.LabelEn.Select(ch => char.IsLetterOrDigit(ch) ? ch : '-').ToArray())}";
            card.Image!.Save(Path.Combine(folder, name + ".card"));
            File.WriteAllBytes(Path.Combine(folder, name + ".mfd"), card.Image.ToMfd());
        }

        console.MarkupLine($"wrote {i} card images to {Markup.Escape(folder)}");
    }
}
