using System.Collections.Concurrent;
using System.Diagnostics;
using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;
using Terminal.Tools.Platform;
using Terminal.Tools.Simulation;

namespace Terminal.Benchmarks;

/// <summary>
/// `fleet`: N simulated terminals (default 5 000) connected to one broker on loopback — Mosquitto when installed,
/// else MQTTnet's embedded broker (see <see cref="BenchmarkBroker"/>) — each checking a card every 10 s for --seconds
/// (default 60), each check stored once by one ingest. Reports events, lost (tapped but never stored) and p99 latency
/// from the tap (outbox append) to the ingest's commit. Terminals, ingest (and the embedded broker) share this process
/// and this machine. Options: --terminals N, --seconds S, --interval-ms I (10000), --poll-threads T (4),
/// --broker mosquitto|embedded, --broker-port P.
/// </summary>
public sealed class FleetBenchmark : IBenchmark
{
    public string Name => "fleet";

    public string Description => "N terminals (default 5000) on one loopback broker, one event each every 10 s for a minute; lost and p99 latency";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>> RunAsync(string[] args)
    {
        // Thousands of MQTT connections in one process on few cores: do not let the pool's slow thread injection delay keep-alives.
        ThreadPool.SetMinThreads(256, 256);
        int count = ReportingBench.IntOption(args, "--terminals", 5000);
        int seconds = ReportingBench.IntOption(args, "--seconds", 60);
        int intervalMs = ReportingBench.IntOption(args, "--interval-ms", 10_000);
        int pollThreads = ReportingBench.IntOption(args, "--poll-threads", 4);
        var directory = Directory.CreateTempSubdirectory("rp-fleet-");
        await using var broker = await BenchmarkBroker.StartAsync(args, "mosquitto");
        int port = broker.Port;

        var tapped = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        await using var store = new SqliteUsageStore(Path.Combine(directory.FullName, "usage.db"));
        await using var ingest = new PlatformIngest(new IngestOptions { Host = "127.0.0.1", Port = port, ClientId = "fleet-ingest-" + Environment.ProcessId }, store);
        ingest.Committed += events =>
        {
            long now = Stopwatch.GetTimestamp();
            foreach (var e in events)
            {
                if (tapped.TryRemove(e.Terminal + ":" + e.Sequence, out long at))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                }
            }
        };
        await ingest.StartAsync(CancellationToken.None);

        // Terminals: connect them (staggered by the poll loops) before the clock starts.
        var connectClock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, pollThreads).Select(_ => new PollLoop(5)).ToList();
        var terminals = new List<ReportingTerminal>(count);
        for (int i = 0; i < count; i++)
        {
            var options = new ReportingSessionOptions
            {
                Region = "420100", TerminalId = "HB-" + i.ToString("D5"), BatchMaxEvents = 10, BatchMaxDelayMs = 0, MaxInFlightBatches = 1,
                HeartbeatIntervalMs = 60_000, BackoffInitialMs = 500, BackoffMaxMs = 10_000, JitterSeed = i + 1, PublishTimeoutMs = 30_000,
            };
            var settings = new MqttConnectSettings { Host = "127.0.0.1", Port = port, KeepAliveSeconds = 60, ConnectTimeoutMs = 15_000, OperationTimeoutMs = 15_000 };
            var terminal = new ReportingTerminal(options, settings, new VolatileFileStore(), new OutboxOptions { SegmentBytes = 4096, MaxBytes = 16384 });
            terminals.Add(terminal);
            loops[i % pollThreads].Add(terminal);
            if (i % 100 == 99)
            {
                await Task.Delay(100); // a fleet does not switch on in the same millisecond: ~1000 connects/s
            }
        }

        while (terminals.Count(t => t.Session.State == SessionState.Connected) < count && connectClock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(200);
        }

        int connected = terminals.Count(t => t.Session.State == SessionState.Connected);
        Console.WriteLine("connected " + connected + "/" + count + " terminals in " + connectClock.Elapsed.TotalSeconds.ToString("0.0") + " s");

        // Each terminal taps every intervalMs, phases spread evenly over the interval.
        var runClock = Stopwatch.StartNew();
        long taps = 0, refused = 0;
        var next = new long[count];
        for (int i = 0; i < count; i++)
        {
            next[i] = (long)i * intervalMs / count;
        }

        var runFor = TimeSpan.FromSeconds(seconds);
        int sequence = 0;
        long nextReport = 10_000;
        while (runClock.Elapsed < runFor)
        {
            if (runClock.ElapsedMilliseconds >= nextReport)
            {
                nextReport += 10_000;
                long pending = terminals.Sum(t => t.Outbox.PendingCount), unsent = terminals.Sum(t => t.Outbox.UnsentCount);
                Console.WriteLine("t=" + runClock.Elapsed.TotalSeconds.ToString("0") + "s tapped " + taps + ", in outboxes " + pending + " (unsent " + unsent
                    + "), ingest " + ingest.Counters.Events + " events, awaiting store " + tapped.Count);
            }

            long now = runClock.ElapsedMilliseconds;
            for (int i = 0; i < count; i++)
            {
                if (next[i] > now)
                {
                    continue;
                }

                next[i] += intervalMs;
                var e = ReportingBench.Event(sequence++);
                long at = Stopwatch.GetTimestamp();
                if (terminals[i].Tap(e) == OutboxStatus.Ok)
                {
                    tapped[terminals[i].Options.TerminalId + ":" + e.Sequence] = at;
                    taps++;
                }
                else
                {
                    refused++;
                }
            }

            await Task.Delay(10);
        }

        Console.WriteLine("tapped " + taps + " events in " + runClock.Elapsed.TotalSeconds.ToString("0.0") + " s (" + (taps / runClock.Elapsed.TotalSeconds).ToString("0") + "/s), refused " + refused);
        var drainClock = Stopwatch.StartNew();
        while (!tapped.IsEmpty && drainClock.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(100);
        }

        long lost = tapped.Count + refused;
        foreach (var loop in loops)
        {
            loop.Dispose();
        }

        long stored = await store.CountAsync(CancellationToken.None);
        var ids = await store.IdsAsync(CancellationToken.None);
        Console.WriteLine("stored " + stored + " (distinct " + ids.Distinct().Count() + "), ingest " + ingest.Counters + ", reconnects "
            + terminals.Sum(t => t.Session.ConnectionsLost) + ", still connected " + terminals.Count(t => t.Session.State == SessionState.Connected));
        var sorted = latencies.OrderBy(x => x).ToList();
        Console.WriteLine("latency tap→stored ms: p50 " + ReportingBench.Percentile(sorted, 50).ToString("0") + ", p99 " + ReportingBench.Percentile(sorted, 99).ToString("0")
            + ", max " + (sorted.Count > 0 ? sorted[^1] : 0).ToString("0"));
        foreach (var t in terminals)
        {
            t.Dispose();
        }

        await ingest.StopAsync();
        directory.Delete(true);
        return [[
            Program.Pair("terminals", count), Program.Pair("events", taps), Program.Pair("lost", lost),
            Program.Pair("p99_ms", Math.Round(ReportingBench.Percentile(sorted, 99))),
        ]];
    }
}
