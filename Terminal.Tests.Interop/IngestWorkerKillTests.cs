using System.Diagnostics;
using System.Text;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Platform;
using Xunit.Abstractions;

namespace Terminal.Tests.Interop;

/// <summary>
/// Provincial scale-out under failure: three real `Terminal.Tools platform ingest` processes in one shared-subscription
/// group ($share/ingest/...) on Mosquitto, storing into one PostgreSQL database. One is killed with SIGKILL while
/// batches stream in and restarted with the same client id, as its supervisor would. Mosquitto keeps the killed
/// member's unacknowledged QoS 1 messages in its persistent session and redelivers them when it reconnects; the
/// (terminal, seq) primary key keeps one copy of anything stored twice. Every event ends up stored exactly once.
/// </summary>
public sealed class IngestWorkerKillTests(ITestOutputHelper output)
{
    private const int Terminals = 10;
    private const int EventsPerTerminal = 300;
    private const int Rounds = 30;

    [Fact]
    public async Task A_worker_killed_mid_batch_and_restarted_with_its_client_id_loses_nothing_and_stores_nothing_twice()
    {
        using var postgres = await PostgresCluster.StartAsync();
        using var broker = new MosquittoBroker();
        await broker.StartAsync();

        // The schema once, before the workers race to create it.
        await using (var schema = new PostgresUsageStore(postgres.ConnectionString))
        {
            await schema.InitializeAsync(default);
        }

        var workers = new Worker[3];
        for (int i = 0; i < workers.Length; i++)
        {
            workers[i] = await Worker.StartAsync("ingest-k" + (i + 1), broker.Port, postgres.ConnectionString);
        }

        await using var store = new PostgresUsageStore(postgres.ConnectionString);
        try
        {
            await using var rig = new InteropRig(broker.Port);
            var terminals = Enumerable.Range(1, Terminals).Select(i => rig.Terminal("K" + i, new SimulatedFlash(), batch: 10, inFlight: 2)).ToList();
            const int total = Terminals * EventsPerTerminal;
            const int perRound = EventsPerTerminal / Rounds;
            bool killed = false;
            for (int round = 0; round < Rounds; round++)
            {
                foreach (var t in terminals)
                {
                    InteropRig.Tap(t, perRound, round * perRound);
                }

                await Task.Delay(150);
                if (!killed && round >= Rounds / 3)
                {
                    // The victim reports its counts once a second: on a loaded machine, hold the stream here (up to 20 s)
                    // until it has a share, so that two thirds of the stream still follow the kill.
                    await Eventually.True(async () => workers[0].Messages > 0 && await store.CountAsync(default) > 0, "the victim took a share", 20_000);
                }

                if (!killed && round >= Rounds / 3 && await store.CountAsync(default) > 0 && workers[0].Messages > 0)
                {
                    // Mid-stream: batches are arriving at all three workers; SIGKILL gives the victim no chance to ack or flush.
                    long before = await store.CountAsync(default);
                    workers[0].Kill();
                    killed = true;
                    output.WriteLine("killed ingest-k1 (pid " + workers[0].Pid + ") at round " + round + " with " + before + " stored; it had reported " + workers[0].Messages + " messages");
                    await Task.Delay(1000); // the supervisor's restart delay; the stream goes on meanwhile
                    workers[0] = await Worker.StartAsync("ingest-k1", broker.Port, postgres.ConnectionString);
                }
            }

            Assert.True(killed, "the victim never took a share of the traffic before the stream ended");
            await Eventually.True(() => terminals.All(t => t.Outbox.PendingCount == 0), "every terminal's outbox acknowledged", 60_000);
            await Eventually.True(async () => await store.CountAsync(default) >= total, total + " stored", 60_000);
            await Task.Delay(1000); // nothing more may arrive
            long count = await store.CountAsync(default);
            var ids = await store.IdsAsync(default);
            int distinct = ids.Distinct().Count();
            output.WriteLine("published " + total + ", stored " + count + ", distinct " + distinct);
            Assert.Equal(total, count);
            Assert.Equal(total, distinct);
            foreach (var t in terminals)
            {
                // Lost would show here: every terminal's events, each once.
                Assert.Equal(EventsPerTerminal, ids.Where(id => id.StartsWith(t.Options.TerminalId + ":", StringComparison.Ordinal)).Distinct().Count());
            }

            Assert.True(workers[1].Messages > 0 && workers[2].Messages > 0, "the survivors shared the traffic");
        }
        finally
        {
            foreach (var w in workers)
            {
                output.WriteLine(w.Name + ": " + w.LastCounters);
                w.Dispose();
            }
        }
    }

    /// <summary>One `Terminal.Tools platform ingest` process (the apphost copied beside the tests), its output captured.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new();
        private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Worker(string name, Process process)
        {
            Name = name;
            _process = process;
        }

        public string Name { get; }

        public int Pid => _process.Id;

        public string LastCounters { get; private set; } = "";

        /// <summary>Messages this process reported committed in its newest counts line.</summary>
        public long Messages { get; private set; }

        public static async Task<Worker> StartAsync(string clientId, int port, string connectionString)
        {
            var executable = Path.Combine(AppContext.BaseDirectory, "Terminal.Tools");
            var info = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "platform", "ingest", "--host", "127.0.0.1", "--port", port.ToString(), "--postgres", connectionString, "--group", "ingest",
                         "--client-id", clientId, "--report-seconds", "1" })
            {
                info.ArgumentList.Add(a);
            }

            var worker = new Worker(clientId, Process.Start(info) ?? throw new InvalidOperationException("could not start " + executable));
            worker._process.OutputDataReceived += (_, e) => worker.OnLine(e.Data);
            worker._process.ErrorDataReceived += (_, e) => worker.OnLine(e.Data);
            worker._process.BeginOutputReadLine();
            worker._process.BeginErrorReadLine();
            var done = await Task.WhenAny(worker._connected.Task, worker._process.WaitForExitAsync(), Task.Delay(30_000));
            if (done != worker._connected.Task)
            {
                var log = worker.Log;
                worker.Dispose();
                Assert.Fail(clientId + " did not connect:\n" + log);
            }

            return worker;
        }

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        private void OnLine(string? line)
        {
            if (line == null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(line);
            }

            if (line.StartsWith("ingest: connected", StringComparison.Ordinal) && line.Contains("$share/ingest/"))
            {
                _connected.TrySetResult();
            }

            int at = line.IndexOf("messages=", StringComparison.Ordinal);
            if (at >= 0 && long.TryParse(line.AsSpan(at + 9, line.IndexOf(' ', at) - at - 9), out long messages))
            {
                Messages = messages;
                LastCounters = line;
            }
        }

        /// <summary>SIGKILL: no disconnect, no acknowledgement of what it holds, no flush.</summary>
        public void Kill()
        {
            _process.Kill();
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                ExternalProcess.Terminate(_process);
            }

            _process.Dispose();
        }
    }
}
