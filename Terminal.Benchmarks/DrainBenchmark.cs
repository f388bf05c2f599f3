using System.Diagnostics;
using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;
using Terminal.Posix;
using Terminal.Tools.Platform;
using Terminal.Tools.Simulation;

namespace Terminal.Benchmarks;

/// <summary>
/// `drain`: a terminal that was offline with 10 000 events in its outbox gets its network back; seconds until every
/// event is stored by the platform ingest (SQLite) through the broker on loopback (MQTTnet's embedded one by default;
/// --broker mosquitto, or --broker-port for an external one). Goal: ≤ 10 s, lost=0, duplicates_stored=0.
/// Options: --events N (10000), --batch N (100), --in-flight N (4), --broker mosquitto|embedded, --broker-port P.
/// </summary>
public sealed class DrainBenchmark : IBenchmark
{
    public string Name => "drain";

    public string Description => "10 000 events queued offline, drained through the broker on loopback into the ingest's store";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>> RunAsync(string[] args)
    {
        int events = ReportingBench.IntOption(args, "--events", 10_000);
        int batch = ReportingBench.IntOption(args, "--batch", 100);
        int inFlight = ReportingBench.IntOption(args, "--in-flight", 4);
        var directory = Directory.CreateTempSubdirectory("rp-drain-");
        await using var broker = await BenchmarkBroker.StartAsync(args, "embedded");
        int port = broker.Port;

        await using var store = new SqliteUsageStore(Path.Combine(directory.FullName, "usage.db"));
        await using var ingest = new PlatformIngest(new IngestOptions { Host = "127.0.0.1", Port = port, ClientId = "drain-ingest-" + Environment.ProcessId }, store);
        await ingest.StartAsync(CancellationToken.None);

        var settings = new MqttConnectSettings { Host = "127.0.0.1", Port = EmbeddedBroker.FreePort(), ConnectTimeoutMs = 5000 }; // offline: nothing there
        var options = new ReportingSessionOptions
        {
            Region = "420100", TerminalId = "HB-WH-0001", BatchMaxEvents = batch, MaxInFlightBatches = inFlight, BatchMaxDelayMs = 100,
            BackoffInitialMs = 50, BackoffMaxMs = 200,
        };
        using var terminal = new ReportingTerminal(options, settings, new RamFileStore(),
            new OutboxOptions { MaxBytes = 4L << 20, SegmentBytes = 64 << 10 });
        for (int i = 0; i < events; i++)
        {
            if (terminal.Tap(ReportingBench.Event(i)) != OutboxStatus.Ok)
            {
                throw new InvalidOperationException("append failed");
            }
        }

        Console.WriteLine("queued " + terminal.Outbox.PendingCount + " events offline (" + terminal.Outbox.BytesUsed + " bytes in " + terminal.Outbox.SegmentCount + " segments)");
        settings.Port = port; // the network comes back
        var clock = Stopwatch.StartNew();
        using (var loop = new PollLoop(0))
        {
            loop.Add(terminal);
            while ((terminal.Outbox.PendingCount > 0 || await store.CountAsync(CancellationToken.None) < events) && clock.Elapsed < TimeSpan.FromMinutes(5))
            {
                await Task.Delay(5);
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        var ids = await store.IdsAsync(CancellationToken.None);
        long distinct = ids.Distinct().Count();
        Console.WriteLine("batches " + terminal.Session.BatchesAcknowledged + ", ingest " + ingest.Counters + ", connects " + terminal.Session.Connects);
        await ingest.StopAsync();
        directory.Delete(true);
        return [[
            Program.Pair("events", events), Program.Pair("seconds", seconds), Program.Pair("lost", events - distinct),
            Program.Pair("duplicates_stored", ids.Count - distinct),
        ]];
    }
}
