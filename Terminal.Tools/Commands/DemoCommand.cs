using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Terminal.Core.App;
using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Drivers.Display;
using Terminal.Drivers.Display.Simulated;
using Terminal.Tools.Display;
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
        var frames = new Option<string?>("--frames") { Description = "also write what the clerk's display showed, one PNG per card (4× scale) plus the idle screen, into this folder" };
        var command = new Command("demo", "Run the simulated terminal: tap a virtual card for every verdict and show what the clerk sees " +
                                          "(--update: the over-the-air application update path instead).\n" +
                                          "Example: dotnet run --project Terminal.Tools -- demo --profile transit");
        command.Options.Add(profile);
        command.Options.Add(writeCards);
        command.Options.Add(frames);
        var keepBroker = new Option<bool>("--keep-broker") { Description = "leave the embedded MQTT broker running after the demo (Ctrl+C to stop)" };
        command.Options.Add(keepBroker);
        var update = new Option<bool>("--update")
        {
            Description = "show the application update path instead: factory bundle adopted, a new version delivered over MQTT, tried and confirmed, " +
                          "a tampered one refused, one that never reports healthy rolled back (real bootstrap and application, simulated board)",
        };
        command.Options.Add(update);
        var web = new Option<bool>("--web") { Description = "after the taps, leave the operator view (platform serve) running on 127.0.0.1 with demo operator accounts; prints its address (Ctrl+C to stop)" };
        var webPort = new Option<int>("--web-port") { Description = "port of the operator view with --web (0: any free port)", DefaultValueFactory = _ => 0 };
        command.Options.Add(web);
        command.Options.Add(webPort);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            if (!p.GetValue(update))
            {
                CommandRunner.CheckRange("--web-port", p.GetValue(webPort), 0, 65535);
                var console = ConsoleOutput.For(output);
                var serve = p.GetValue(web) ? new DemoWebOptions { Port = p.GetValue(webPort), WhileServing = (_, _, stopping) => DemoWebOptions.UntilStopped(console, stopping) } : null;
                return Run(p.GetValue(profile)!, p.GetValue(writeCards), p.GetValue(keepBroker), output, p.GetValue(frames), serve).GetAwaiter().GetResult();
            }

            foreach (var (option, value) in new[] { ("--write-cards", p.GetValue(writeCards)), ("--frames", p.GetValue(frames)), ("--web", p.GetValue(web) ? "" : null) })
            {
                if (value is not null)
                {
                    throw new InputException(option + " goes with the plain demo, not with --update");
                }
            }

            return UpdateDemo.Run(p.GetValue(profile)!, p.GetValue(keepBroker), output).GetAwaiter().GetResult();
        });
        return command;
    }

    public static async Task<int> Run(string profile, string? writeCardsTo, bool keepBroker, TextWriter output, string? framesTo = null, DemoWebOptions? web = null)
    {
        if (framesTo is not null)
        {
            CreateFolder(framesTo, "--frames");
        }

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
            new ReportingSessionOptions
            {
                Region = DemoPlatform.Region, TerminalId = "HB420100-DEMO1", BatchMaxEvents = 10, BatchMaxDelayMs = 50, BackoffInitialMs = 50, BackoffMaxMs = 500,
                HeartbeatIntervalMs = 2000, // the operator view (--web) shows the list soon after it is installed
            },
            new MqttConnectSettings { Host = broker.Host, Port = broker.Port, ConnectTimeoutMs = 5000 },
            flash, new OutboxOptions(), health: new BootHealth(terminal.Core, terminal.Reader, new SimulatedBoard.RunningUptime(), "demo"),
            listTarget: terminal.Core.ListDownloadTarget);
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

        if (framesTo is not null)
        {
            terminal.Core.Screen!.ShowIdle(terminal.Clock.UtcUnixSeconds); // with the list just downloaded
            WriteFrame(framesTo, "00-idle", terminal);
        }

        var rows = new List<DemoRow>();
        int mismatches = 0, expectedReports = 0, n = 0;
        ConsoleOutput.WithProgress(output, "tapping " + set.Cards.Count + " cards", set.Cards.Count, done =>
        {
            foreach (var card in set.Cards)
            {
                var outcome = terminal.Tap(card.Card, card.HoldForOperations);
                if (framesTo is not null)
                {
                    WriteFrame(framesTo, $"{n + 1:D2}-{FileStem(card.LabelEn)}", terminal);
                }

                terminal.Clock.Advance(30);
                bool ok = outcome.Code == card.Expected && outcome.ForgeryAlertRaised == card.ExpectForgeryAlert;
                mismatches += ok ? 0 : 1;
                expectedReports += 1 + (card.ExpectForgeryAlert ? 1 : 0);
                rows.Add(new DemoRow(++n, card, outcome, ok));
                done(n);
            }

            return 0;
        });

        console.Write(ResultsTable(rows, console.Profile.Width));
        if (framesTo is not null)
        {
            console.MarkupLine($"display: {set.Cards.Count + 1} frames written to {Markup.Escape(framesTo)} ({terminal.Display.FramesShown} sent to the SSD1306, {Ssd1306Panel.WireMicroseconds(Ssd1306.FrameTransactions, Ssd1306.FrameBytes) / 1000:0.0} ms of I2C each at 400 kHz)");
        }

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

        bool asExpected = mismatches == 0 && reports == expectedReports && delivered;
        if (web != null && asExpected)
        {
            await DemoWeb.ServeAsync(platform, web, console); // the terminal keeps polling (online) meanwhile
        }

        if (keepBroker)
        {
            await platform.KeepBrokerRunningAsync(console);
        }

        await ingest.StopAsync();
        if (!asExpected)
        {
            console.MarkupLine("[red]demo failed: the terminal did not behave as expected (see the table)[/]");
            return ExitCodes.DemoFailed;
        }

        return ExitCodes.Ok;
    }

    /// <summary>One tapped card: what was expected and what the terminal did.</summary>
    public sealed record DemoRow(int Number, DemoCard Card, TapOutcome Outcome, bool AsExpected);

    /// <summary>Console width below which the table drops the English texts and the feedback column.</summary>
    public const int CompactBelowColumns = 160;

    /// <summary>
    /// The demo's table: everything on a wide console or a pipe (one line per text); on a narrow terminal the Chinese
    /// texts only, so rows stay short. The number column never wraps, so "10" is never split into "1" and "0".
    /// </summary>
    public static Table ResultsTable(IReadOnlyList<DemoRow> rows, int width)
    {
        bool compact = width < CompactBelowColumns;
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("#").NoWrap().RightAligned());
        foreach (var name in compact ? new[] { "card", "verdict", "reason", "article" } : new[] { "card", "verdict", "reason", "article", "feedback", "" })
        {
            table.AddColumn(new TableColumn(name));
        }

        foreach (var (number, card, outcome, ok) in rows)
        {
            var verdict = VerdictCodes.Name(outcome.Code) + (outcome.Accepted ? " ✔" : "");
            var feedback = outcome.Indication + (outcome.ForgeryAlertRaised ? " → ForgeryAlert (tier 2)" : "");
            var verdictCell = $"[{(outcome.Accepted ? "green" : "red")}]{Markup.Escape(verdict)}[/]";
            var expected = ok ? "[green]as expected[/]" : $"[red]expected {Markup.Escape(VerdictCodes.Name(card.Expected))}[/]";
            if (compact)
            {
                table.AddRow(number.ToString(), Markup.Escape(card.LabelZh),
                    verdictCell + (outcome.ForgeryAlertRaised ? "\n→ FORGERY_ALERT" : "") + (ok ? "" : "\n" + expected),
                    Markup.Escape(outcome.ReasonZh), Markup.Escape(outcome.Article));
            }
            else
            {
                table.AddRow(number.ToString(), Markup.Escape($"{card.LabelZh}\n{card.LabelEn}"), verdictCell,
                    Markup.Escape($"{outcome.ReasonZh}\n{outcome.ReasonEn}"), Markup.Escape(outcome.Article), Markup.Escape(feedback), expected);
            }
        }

        return table;
    }

    /// <summary>What the display shows now, as the PNG a clerk would see (4× scale).</summary>
    private static void WriteFrame(string folder, string name, SimulatedTerminal terminal) =>
        File.WriteAllBytes(Path.Combine(folder, name + ".png"), FramePng.Encode(terminal.Panel.VisibleFrame()));

    private static string FileStem(string label) => new string(label.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-').ToArray()).Trim('-');

    private static void CreateFolder(string folder, string option)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{option}: cannot create {folder} ({e.Message})");
        }
    }

    private static void WriteCards(DemoCards set, string folder, IAnsiConsole console)
    {
        CreateFolder(folder, "--write-cards");
        int i = 0;
        foreach (var card in set.Cards.Where(c => c.Image is not null))
        {
            var name = $"{++i:D2}-{FileStem(card.LabelEn)}";
            card.Image!.Save(Path.Combine(folder, name + ".card"));
            File.WriteAllBytes(Path.Combine(folder, name + ".mfd"), card.Image.ToMfd());
        }

        console.MarkupLine($"wrote {i} card images to {Markup.Escape(folder)}");
    }
}
