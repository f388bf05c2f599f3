using System.Diagnostics;
using System.Globalization;
using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;
using Terminal.Posix;
using Terminal.Tools.Simulation;

namespace Terminal.Benchmarks;

/// <summary>
/// One share of the `fleet` benchmark's terminals, run in a child process so that no process (and no file-descriptor
/// limit) holds more than its share of the TCP connections. It speaks a line protocol with the parent:
/// stdout `CONNECTED n` (every second while connecting), `T terminal seq timestamp` per tap (Stopwatch ticks:
/// CLOCK_MONOTONIC, comparable across processes), `TAPPED taps refused`, `END k=v ...`; stdin `GO` (start tapping)
/// and `STOP` (stop polling, report, exit). The parent is <see cref="FleetBenchmark"/>.
/// </summary>
internal static class FleetTerminals
{
    public const string Command = "fleet-terminals";

    public static int Run(string[] args)
    {
        // A session connects synchronously inside Poll (as on the device), so the poll threads bound the connect rate.
        ThreadPool.SetMinThreads(128, 128);
        int port = ReportingBench.IntOption(args, "--port", 0);
        int first = ReportingBench.IntOption(args, "--first", 0);
        int count = ReportingBench.IntOption(args, "--count", 1000);
        int seconds = ReportingBench.IntOption(args, "--seconds", 60);
        int intervalMs = ReportingBench.IntOption(args, "--interval-ms", 10_000);
        int connectsPerSecond = ReportingBench.IntOption(args, "--connects-per-second", 250);
        int pollThreads = ReportingBench.IntOption(args, "--poll-threads", 16);
        // Between rounds over its terminals a poll thread sleeps this long: at 5 ms, 20 000 idle sessions alone kept
        // this 2-core machine's cores busy; 25 ms adds at most that to a tap's latency.
        int pollSleepMs = ReportingBench.IntOption(args, "--poll-sleep-ms", 25);
        var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
        var commands = new BlockingLineReader(Console.In);

        var loops = Enumerable.Range(0, pollThreads).Select(_ => new PollLoop(pollSleepMs)).ToList();
        var terminals = new List<ReportingTerminal>(count);
        var lastReport = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
        {
            var terminal = Create(port, first + i);
            terminals.Add(terminal);
            loops[i % pollThreads].Add(terminal);
            if (i % 50 == 49)
            {
                Thread.Sleep(50_000 / connectsPerSecond); // a fleet does not switch on in the same millisecond
            }

            if (lastReport.ElapsedMilliseconds >= 1000)
            {
                lastReport.Restart();
                Say(output, "CONNECTED " + Connected(terminals));
            }
        }

        // Report connections until the parent says go (it waits for every share, or gives up on a stall).
        while (!commands.TryTake(out var line, 1000) || line != "GO")
        {
            Say(output, "CONNECTED " + Connected(terminals));
        }

        var clock = Stopwatch.StartNew();
        var next = new long[count];
        for (int i = 0; i < count; i++)
        {
            next[i] = (long)i * intervalMs / count;
        }

        long taps = 0, refused = 0;
        int sequence = 0;
        while (clock.ElapsedMilliseconds < seconds * 1000L)
        {
            long now = clock.ElapsedMilliseconds;
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
                    taps++;
                    output.Write("T ");
                    output.Write(terminals[i].Options.TerminalId);
                    output.Write(' ');
                    output.Write(e.Sequence.ToString(CultureInfo.InvariantCulture));
                    output.Write(' ');
                    output.WriteLine(at.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    refused++;
                }
            }

            output.Flush();
            Thread.Sleep(10);
        }

        Say(output, "TAPPED " + taps + " " + refused);

        // Keep polling (the outboxes drain) until the parent has seen everything stored, or gives up.
        while (!commands.TryTake(out var line, 1000) || line != "STOP")
        {
        }

        foreach (var loop in loops)
        {
            loop.Dispose();
        }

        Say(output, "END connected=" + Connected(terminals) + " unacked=" + terminals.Sum(t => (long)t.Outbox.PendingCount)
            + " reconnects=" + terminals.Sum(t => (long)t.Session.ConnectionsLost));
        foreach (var terminal in terminals)
        {
            terminal.Dispose();
        }

        return 0;
    }

    private static ReportingTerminal Create(int port, int index)
    {
        var options = new ReportingSessionOptions
        {
            Region = "420100", TerminalId = "HB-" + index.ToString("D5", CultureInfo.InvariantCulture), BatchMaxEvents = 10, BatchMaxDelayMs = 0,
            MaxInFlightBatches = 1, HeartbeatIntervalMs = 60_000, BackoffInitialMs = 500, BackoffMaxMs = 10_000, JitterSeed = index + 1,
            PublishTimeoutMs = 30_000,
        };
        var settings = new MqttConnectSettings { Host = "127.0.0.1", Port = port, KeepAliveSeconds = 60, ConnectTimeoutMs = 15_000, OperationTimeoutMs = 15_000 };
        return new ReportingTerminal(options, settings, new RamFileStore(), new OutboxOptions { SegmentBytes = 4096, MaxBytes = 16384 });
    }

    private static int Connected(List<ReportingTerminal> terminals) => terminals.Count(t => t.Session.State == SessionState.Connected);

    private static void Say(StreamWriter output, string line)
    {
        output.WriteLine(line);
        output.Flush();
    }

    /// <summary>stdin lines on a background thread, so the main loop can wait for a command with a timeout.</summary>
    private sealed class BlockingLineReader
    {
        private readonly System.Collections.Concurrent.BlockingCollection<string> _lines = new();

        public BlockingLineReader(TextReader input)
        {
            new Thread(() =>
            {
                string? line;
                while ((line = input.ReadLine()) != null)
                {
                    _lines.Add(line.Trim());
                }

                Environment.Exit(3); // the parent is gone: never keep thousands of connections open for nobody
            }) { IsBackground = true }.Start();
        }

        public bool TryTake(out string line, int timeoutMs) => _lines.TryTake(out line!, timeoutMs);
    }
}
