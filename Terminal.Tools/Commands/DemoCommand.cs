using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Terminal.Core.App;
using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tools.Keys;
using Terminal.Tools.Platform;
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
        var command = new Command("demo", "Run the simulated terminal: tap a virtual card for every verdict and show what the clerk sees " +
                                          "(--update: the over-the-air application update path instead).\n" +
                                          "Example: dotnet run --project Terminal.Tools -- demo --profile transit");
        command.Options.Add(profile);
        command.Options.Add(writeCards);
        var keepBroker = new Option<bool>("--keep-broker") { Description = "leave the embedded MQTT broker running after the demo (Ctrl+C to stop)" };
        command.Options.Add(keepBroker);
        var update = new Option<bool>("--update")
        {
            Description = "show the application update path instead: factory bundle adopted, a new version delivered over MQTT, tried and confirmed, " +
                          "a tampered one refused, one that never reports healthy rolled back (real bootstrap and application, simulated board)",
        };
        command.Options.Add(update);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            if (!p.GetValue(update))
            {
                return Run(p.GetValue(profile)!, p.GetValue(writeCards), p.GetValue(keepBroker), output).GetAwaiter().GetResult();
            }

            if (p.GetValue(writeCards) is not null)
            {
                throw new InputException("--write-cards goes with the plain demo, not with --update");
            }

            return UpdateDemo.Run(p.GetValue(profile)!, p.GetValue(keepBroker), output).GetAwaiter().GetResult();
        });
        return command;
    }

    public static async Task<int> Run(string profile, string? writeCardsTo, bool keepBroker, TextWriter output)
    {
        var console = ConsoleOutput.For(output);

        var clock = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        // The platform side: an embedded MQTT broker on 127.0.0.1 and the ingest storing into SQLite.
        await using var platform = await DemoPlatform.StartAsync(now);
        var (keys, set, broker, store, ingest) = (platform.Keys, platform.Cards, platform.Broker, platform.Store, platform.Ingest);

        // The terminal side: the firmware core, and its outbox + MQTT session (QoS 1, events acknowledged only after
        // PUBACK) whose list download writes into the core's revocation store; outbox and list share one simulated
        // flash, as on the board.
        var flash = new SimulatedFlash();
        var lateSink = new LateTapSink();
        var terminal = new SimulatedTerminal(keys, profile, now, lateSink, flash);
        using var reporting = new ReportingTerminal(
            new ReportingSessionOptions { Region = DemoPlatform.Region, TerminalId = "HB420100-DEMO1", BatchMaxEvents = 10, BatchMaxDelayMs = 50, BackoffInitialMs = 50, BackoffMaxMs = 500 },
            new MqttConnectSettings { Host = broker.Host, Port = broker.Port, ConnectTimeoutMs = 5000 },
            flash, new OutboxOptions(), listTarget: terminal.Core.ListDownloadTarget);
        var sink = new UsageEventSink(reporting.Outbox, reporting.Options.TerminalId, "demo-desk-1", profile, "demo"); // the board's sink
        lateSink.Target = sink;
        using var poll = new PollLoop();
        poll.Add(reporting);

        // The platform releases the signed list (retained chunks + announcement); the terminal downloads and verifies it.
        int listChunks = await platform.PublishListAsync(now.ToUnixTimeSeconds() - 3600, chunkBytes: 512);
        var listWait = Stopwatch.StartNew();
        while (terminal.Core.Revocation.Status.Sequence != 1 && listWait.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20);
        }

        var listError = terminal.Core.Revocation.Status.Sequence == 1 ? RevocationError.None
            : terminal.Core.ListDownloadTarget.LastError == RevocationError.None ? RevocationError.NoList : terminal.Core.ListDownloadTarget.LastError;
        console.MarkupLine($"[bold]ResidenceTerminal[/] simulated terminal {Markup.Escape(terminal.Configuration.TerminalId)} · profile [bold]{profile}[/] ({Markup.Escape(terminal.Configuration.Policy.Service)}) · {now.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} Beijing");
        console.MarkupLine($"revocation list: sequence {terminal.Core.Revocation.Status.Sequence}, {terminal.Core.Revocation.Status.EntryCount} entries, installed: {(listError == RevocationError.None ? "yes" : listError.ToString())} (downloaded over MQTT, {listChunks} chunks)");

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
        ConsoleOutput.WithProgress(output, "tapping " + set.Cards.Count + " cards", set.Cards.Count, done =>
        {
            foreach (var card in set.Cards)
            {
                var outcome = terminal.Tap(card.Card, card.HoldForOperations);
                terminal.Clock.Advance(30);
                bool ok = outcome.Code == card.Expected && outcome.ForgeryAlertRaised == card.ExpectForgeryAlert;
                mismatches += ok ? 0 : 1;
                expectedReports += 1 + (card.ExpectForgeryAlert ? 1 : 0);
                var verdict = VerdictCodes.Name(outcome.Code) + (outcome.Accepted ? " ✔" : "");
                var feedback = outcome.Indication + (outcome.ForgeryAlertRaised ? " → ForgeryAlert (tier 2)" : "");
                table.AddRow(
                    (++n).ToString(),
                    Markup.Escape($"{card.LabelZh}\n{card.LabelEn}"),
                    $"[{(outcome.Accepted ? "green" : "red")}]{Markup.Escape(verdict)}[/]",
                    Markup.Escape($"{outcome.ReasonZh}\n{outcome.ReasonEn}"),
                    Markup.Escape(outcome.Article),
                    Markup.Escape(feedback),
                    ok ? "[green]as expected[/]" : $"[red]expected {Markup.Escape(VerdictCodes.Name(card.Expected))}[/]");
                done(n);
            }

            return 0;
        });

        console.Write(table);
        int reports = terminal.Recorded.Checks.Count;
        long stored = await platform.WaitForStoredAsync(reports, TimeSpan.FromSeconds(15));

        var ids = await store.IdsAsync(CancellationToken.None);
        int distinct = ids.Distinct().Count();
        console.MarkupLine($"platform ingest (SQLite via MQTT on {broker.Host}:{broker.Port}): {stored} usage events stored, {distinct} distinct, {ingest.Counters}");
        console.MarkupLine($"{set.Cards.Count} cards tapped, {mismatches} unexpected verdicts; {reports} checks reported by the terminal (expected {expectedReports}); " +
                           $"tier 2 verified {terminal.Core.TierTwo.Verified}, forgery alerts {terminal.Core.TierTwo.ForgeryAlerts}; {clock.Elapsed.TotalSeconds:0.0} s");
        bool delivered = stored == reports && distinct == reports && sink.Rejected == 0;
        if (!delivered)
        {
            console.MarkupLine($"[red]demo failed: {reports} checks were reported but the platform stored {stored} ({distinct} distinct)[/]");
        }

        if (keepBroker)
        {
            await platform.KeepBrokerRunningAsync(console);
        }

        await ingest.StopAsync();
        if (mismatches > 0 || reports != expectedReports || !delivered)
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
