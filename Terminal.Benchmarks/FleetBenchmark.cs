using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Terminal.Tools.Platform;

namespace Terminal.Benchmarks;

/// <summary>
/// `fleet`: a provincial fleet on one machine. N simulated terminals (default 5 000), spread over child processes of
/// at most --per-process terminals each (<see cref="FleetTerminals"/>), connect to Mosquitto on loopback and check a
/// card every --interval-ms (10 000) for --seconds (60). --workers W ingest workers (<see cref="PlatformIngest"/>, one
/// MQTT session each, one `$share/ingest/...` group) store into PostgreSQL (a throwaway cluster, each worker its own
/// connection pool) or, with --store sqlite, into one SQLite file. At the end the database is compared with what the
/// terminals tapped: lost (acknowledged by the broker, never stored), unacked (still in a terminal's outbox: not lost,
/// sent after it reconnects), duplicates_stored (rows beyond one per (terminal, seq)), p99 from the tap (outbox append)
/// to the worker's commit. It prints where the machine's limits are: the file-descriptor limit, and fds, RSS and CPU
/// seconds of the broker, the database, this process and the terminal processes.
/// </summary>
public sealed class FleetBenchmark : IBenchmark
{
    public string Name => "fleet";

    public string Description => "N terminals (default 5000) in child processes, Mosquitto, W ingest workers into PostgreSQL; lost, duplicates, p99";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>>> RunAsync(string[] args)
    {
        int count = ReportingBench.IntOption(args, "--terminals", 5000);
        int workerCount = ReportingBench.IntOption(args, "--workers", 3);
        int seconds = ReportingBench.IntOption(args, "--seconds", 60);
        int intervalMs = ReportingBench.IntOption(args, "--interval-ms", 10_000);
        int perProcess = ReportingBench.IntOption(args, "--per-process", 5000);
        int connectTimeoutS = ReportingBench.IntOption(args, "--connect-timeout-s", 120);
        string storeKind = ReportingBench.StringOption(args, "--store") ?? "postgres";
        if (count < 1 || workerCount < 1 || perProcess < 1 || seconds < 1 || intervalMs < 100 || storeKind is not ("postgres" or "sqlite"))
        {
            throw new ArgumentException("fleet: --terminals, --workers, --per-process, --seconds must be >= 1, --interval-ms >= 100, --store postgres|sqlite");
        }

        Console.WriteLine("limits: open files " + FileLimit() + " per process (hard limit; a broker needs one per connection), "
            + "ephemeral ports " + File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Trim().Replace('\t', '-') + ", " + Environment.ProcessorCount + " cores");
        await using var broker = await BenchmarkBroker.StartAsync(args, "mosquitto");
        using var postgres = storeKind == "postgres" ? await PostgresProcess.StartAsync("max_connections=200") : null;
        var directory = Directory.CreateTempSubdirectory("rp-fleet-");
        var stores = new List<IUsageStore>();
        var workers = new List<PlatformIngest>();
        var committedAt = new ConcurrentDictionary<string, long>();
        SqliteUsageStore? sqlite = storeKind == "sqlite" ? new SqliteUsageStore(Path.Combine(directory.FullName, "usage.db")) : null;
        for (int w = 0; w < workerCount; w++)
        {
            // SQLite has one writer: the workers share one store (it serialises them); PostgreSQL: a pool per worker, as separate processes would.
            IUsageStore store = sqlite ?? (IUsageStore)new PostgresUsageStore(postgres!.ConnectionString);
            if (sqlite == null || w == 0)
            {
                stores.Add(store);
            }

            var worker = new PlatformIngest(new IngestOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "fleet-ingest-" + w, ShareGroup = "ingest" }, store);
            worker.Committed += events =>
            {
                long now = Stopwatch.GetTimestamp();
                foreach (var e in events)
                {
                    committedAt.TryAdd(e.Terminal + ":" + e.Sequence, now);
                }
            };
            await worker.StartAsync(CancellationToken.None);
            workers.Add(worker);
        }

        Console.WriteLine("store: " + (postgres != null ? "PostgreSQL on 127.0.0.1:" + postgres.Port + ", a connection pool per worker" : "SQLite, shared by the workers")
            + "; " + workerCount + " ingest workers in share group ingest (shared subscription: " + workers.All(w => w.UsingSharedSubscription) + ")");

        // Terminals: child processes of at most perProcess each, connecting at ~1000/s in all.
        int processCount = (count + perProcess - 1) / perProcess;
        var shares = new List<TerminalShare>();
        var tappedAt = new ConcurrentDictionary<string, long>();
        var connectClock = Stopwatch.StartNew();
        for (int p = 0; p < processCount; p++)
        {
            int first = p * perProcess, n = Math.Min(perProcess, count - first);
            shares.Add(TerminalShare.Start(broker.Port, first, n, seconds, intervalMs, Math.Max(50, 1000 / processCount), tappedAt));
        }

        // Wait for every connection, or stop waiting when the count has not grown for 20 s (the limit is reached).
        int connected = 0, best = 0;
        var sinceGrowth = Stopwatch.StartNew();
        while (connectClock.Elapsed.TotalSeconds < connectTimeoutS && sinceGrowth.Elapsed.TotalSeconds < 20)
        {
            await Task.Delay(1000);
            connected = shares.Sum(s => s.Connected);
            if (connected > best)
            {
                best = connected;
                sinceGrowth.Restart();
            }

            if (connected >= count) // each share counts at most its own terminals, so this is every one of them
            {
                break;
            }
        }

        Console.WriteLine("connected " + connected + "/" + count + " terminals in " + connectClock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)
            + " s over " + processCount + " processes" + (connected < count ? " (stopped growing: see the broker's log and limits below)" : ""));
        PrintResources(broker, postgres, shares, "after connecting");
        if (connected < count)
        {
            // Why the broker stopped accepting, in its own words. At its fd limit Debian's Mosquitto (built with libwrap)
            // still accepts, then cannot open /etc/hosts.allow and logs "denied access by tcpd"; without libwrap,
            // accept() fails with EMFILE and it logs "Unable to accept new connection".
            var refusals = broker.RecentLog().Where(l => l.Contains("rror", StringComparison.Ordinal) || l.Contains("Unable to accept", StringComparison.Ordinal)
                || l.Contains("denied access by tcpd", StringComparison.Ordinal)).ToList();
            Console.WriteLine("broker log: " + (refusals.Count == 0 ? "no refusal lines in its newest " + broker.RecentLog().Length : refusals.Count + " refusal lines of its newest " + broker.RecentLog().Length + ", the newest: " + refusals[^1]));
        }

        var runClock = Stopwatch.StartNew();
        foreach (var share in shares)
        {
            share.Send("GO");
        }

        while (!shares.All(s => s.Tapped))
        {
            await Task.Delay(1000);
            if ((int)runClock.Elapsed.TotalSeconds % 10 == 0)
            {
                Console.WriteLine("t=" + runClock.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + "s tapped " + tappedAt.Count + ", stored "
                    + committedAt.Count + ", ingest " + string.Join(" | ", workers.Select(w => w.Counters.Events)) + " events per worker");
            }
        }

        long taps = shares.Sum(s => s.Taps), refused = shares.Sum(s => s.Refused);
        Console.WriteLine("tapped " + taps + " events in " + runClock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s ("
            + (taps / runClock.Elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) + "/s), refused by full outboxes " + refused);
        PrintResources(broker, postgres, shares, "at the end of tapping");

        // Drain: wait until every tapped event is stored, or nothing more arrives for 30 s (10 minutes at most).
        var drain = Stopwatch.StartNew();
        int lastStored = -1;
        var sinceProgress = Stopwatch.StartNew();
        while (tappedAt.Keys.Any(k => !committedAt.ContainsKey(k)) && drain.Elapsed.TotalSeconds < 600 && sinceProgress.Elapsed.TotalSeconds < 30)
        {
            await Task.Delay(500);
            if (committedAt.Count != lastStored)
            {
                lastStored = committedAt.Count;
                sinceProgress.Restart();
            }
        }

        foreach (var share in shares)
        {
            share.Send("STOP");
        }

        foreach (var share in shares)
        {
            await share.WaitAsync();
        }

        foreach (var worker in workers)
        {
            await worker.StopAsync();
        }

        // The database is the truth: what it holds, against what was tapped.
        var store0 = stores[0];
        var stored = (await store0.IdsAsync(CancellationToken.None)).ToHashSet();
        long rows = await store0.CountAsync(CancellationToken.None);
        long missing = tappedAt.Keys.Count(k => !stored.Contains(k));
        long unacked = shares.Sum(s => s.Unacked);
        long lost = Math.Max(0, missing - unacked);
        long duplicatesStored = rows - stored.Count;
        var latencies = tappedAt.Where(kv => committedAt.ContainsKey(kv.Key))
            .Select(kv => Stopwatch.GetElapsedTime(kv.Value, committedAt[kv.Key]).TotalMilliseconds).OrderBy(x => x).ToList();
        Console.WriteLine("stored " + rows + " rows (" + stored.Count + " distinct (terminal, seq)); tapped and not stored " + missing + ", of them still unacknowledged in outboxes "
            + unacked + "; redelivered and absorbed by the key " + workers.Sum(w => w.Counters.Duplicates) + "; reconnects " + shares.Sum(s => s.Reconnects)
            + ", still connected " + shares.Sum(s => s.Connected));
        Console.WriteLine("per worker: " + string.Join(" | ", workers.Select((w, i) => "worker " + i + ": " + w.Counters)));
        Console.WriteLine("latency tap→stored ms: p50 " + ReportingBench.Percentile(latencies, 50).ToString("0", CultureInfo.InvariantCulture)
            + ", p99 " + ReportingBench.Percentile(latencies, 99).ToString("0", CultureInfo.InvariantCulture)
            + ", max " + (latencies.Count > 0 ? latencies[^1] : 0).ToString("0", CultureInfo.InvariantCulture));
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        directory.Delete(true);
        return [[
            Program.Pair("terminals", count), Program.Pair("connected", connected), Program.Pair("workers", workerCount), Program.Pair("processes", processCount),
            Program.Pair("events", taps), Program.Pair("lost", lost), Program.Pair("unacked", unacked), Program.Pair("duplicates_stored", duplicatesStored),
            Program.Pair("p99_ms", Math.Round(ReportingBench.Percentile(latencies, 99))),
        ]];
    }

    private static void PrintResources(BenchmarkBroker broker, PostgresProcess? postgres, List<TerminalShare> shares, string when)
    {
        var parts = new List<string>();
        if (broker.ProcessId is int mosquitto)
        {
            parts.Add("mosquitto " + ProcessUsage.Of(mosquitto));
        }

        if (postgres?.ServerProcessId is int server)
        {
            parts.Add("postgres (postmaster, backends not counted) " + ProcessUsage.Of(server));
        }

        parts.Add("benchmark + workers " + ProcessUsage.Of(Environment.ProcessId));
        var children = shares.Select(s => ProcessUsage.Of(s.ProcessId)).ToList();
        parts.Add(shares.Count + " terminal processes " + string.Join(", ", children));
        Console.WriteLine("resources " + when + ": " + string.Join("; ", parts));
    }

    private static string FileLimit()
    {
        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        return line == null ? "?" : string.Join("/", line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(2));
    }

    /// <summary>One child process of terminals and what it has said.</summary>
    private sealed class TerminalShare
    {
        private readonly Process _process;
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private TerminalShare(Process process) => _process = process;

        public int ProcessId => _process.Id;

        public volatile int Connected;
        public volatile bool Tapped;
        public long Taps, Refused, Unacked, Reconnects;

        public static TerminalShare Start(int port, int first, int count, int seconds, int intervalMs, int connectsPerSecond, ConcurrentDictionary<string, long> tappedAt)
        {
            var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                info.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
            }

            foreach (var a in new[] { FleetTerminals.Command, "--port", port.ToString(CultureInfo.InvariantCulture), "--first", first.ToString(CultureInfo.InvariantCulture),
                         "--count", count.ToString(CultureInfo.InvariantCulture), "--seconds", seconds.ToString(CultureInfo.InvariantCulture),
                         "--interval-ms", intervalMs.ToString(CultureInfo.InvariantCulture), "--connects-per-second", connectsPerSecond.ToString(CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(a);
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a terminal process");
            var share = new TerminalShare(process);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data == null)
                {
                    share._ended.TrySetResult();
                    return;
                }

                var f = e.Data.Split(' ');
                switch (f[0])
                {
                    case "T":
                        tappedAt[f[1] + ":" + f[2]] = long.Parse(f[3], CultureInfo.InvariantCulture);
                        break;
                    case "CONNECTED":
                        share.Connected = int.Parse(f[1], CultureInfo.InvariantCulture);
                        break;
                    case "TAPPED":
                        share.Taps = long.Parse(f[1], CultureInfo.InvariantCulture);
                        share.Refused = long.Parse(f[2], CultureInfo.InvariantCulture);
                        share.Tapped = true;
                        break;
                    case "END":
                        var values = f.Skip(1).Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
                        share.Connected = (int)values["connected"];
                        share.Unacked = values["unacked"];
                        share.Reconnects = values["reconnects"];
                        break;
                }
            };
            process.BeginOutputReadLine();
            process.Exited += (_, _) => share.Tapped = true; // a crashed share must not hang the run
            process.EnableRaisingEvents = true;
            return share;
        }

        public void Send(string line)
        {
            try
            {
                _process.StandardInput.WriteLine(line);
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                // exited already; its absence shows in the counts
            }
        }

        public async Task WaitAsync()
        {
            await Task.WhenAny(_ended.Task, Task.Delay(60_000));
            if (!_process.WaitForExit(30_000))
            {
                _process.Kill(true);
            }

            if (_process.ExitCode != 0)
            {
                Console.WriteLine("terminal process " + _process.Id + " exited with code " + _process.ExitCode);
            }

            _process.Dispose();
        }
    }
}
