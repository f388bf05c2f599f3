using System.Diagnostics;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Mqtt.Host;
using Terminal.Drivers.Storage;

namespace Terminal.Tools.Simulation;

/// <summary>
/// One simulated terminal's reporting stack on the host — the same portable outbox and session as the device, over
/// MQTTnet and an <see cref="IFileStore"/> — for the demo, the broker tests and the benchmarks. It does not own a
/// thread: call <see cref="Poll"/> (or use <see cref="PollLoop"/>), so thousands of terminals share a few threads.
/// A "power cut" (<see cref="PowerCut"/>) drops the connection without DISCONNECT and forgets everything in memory;
/// a new instance over the same store is the next boot.
/// </summary>
public sealed class ReportingTerminal : IDisposable
{
    private readonly object _sync = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly MqttNetTransport? _ownTransport;
    private bool _dead;

    public ReportingTerminal(ReportingSessionOptions options, MqttConnectSettings connect, IFileStore store,
        OutboxOptions? outboxOptions = null, IMqttTransport? transport = null, IHealthSource? health = null,
        IConfigurationSink? configuration = null, IListDownloadTarget? listTarget = null)
    {
        Options = options;
        Outbox = new Outbox(store, outboxOptions ?? new OutboxOptions());
        var opened = Outbox.Open();
        if (opened != OutboxStatus.Ok)
        {
            throw new InvalidOperationException("outbox open failed: " + opened);
        }

        List = new ListDownload(store, "listdl.state", listTarget ?? new IgnoringListTarget(), 4096);
        List.Open();
        Transport = transport ?? (_ownTransport = new MqttNetTransport());
        Session = new ReportingSession(options, connect, Transport, Outbox, health ?? new HostHealth(options.TerminalId),
            configuration ?? new RefusingConfiguration(), List);
    }

    public ReportingSessionOptions Options { get; }

    public Outbox Outbox { get; }

    public ListDownload List { get; }

    public ReportingSession Session { get; }

    public IMqttTransport Transport { get; }

    /// <summary>Milliseconds since this terminal booted (the session's monotonic clock).</summary>
    public long NowMs => _clock.ElapsedMilliseconds;

    /// <summary>Appends a check to the outbox (durably) and returns the outbox status; the session sends it later.</summary>
    public OutboxStatus Tap(UsageEvent e)
    {
        e.TerminalId = Options.TerminalId;
        return Outbox.Append(e);
    }

    public void Poll()
    {
        lock (_sync)
        {
            if (!_dead)
            {
                Session.Poll(_clock.ElapsedMilliseconds);
            }
        }
    }

    /// <summary>Announces offline and disconnects cleanly.</summary>
    public void Stop()
    {
        lock (_sync)
        {
            if (!_dead)
            {
                Session.Stop();
                _dead = true;
            }
        }
    }

    /// <summary>Power lost: the TCP connection just ends (the broker publishes the will), memory is gone.</summary>
    public void PowerCut()
    {
        lock (_sync)
        {
            _dead = true;
            _ownTransport?.Abort();
        }
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _dead = true;
            _ownTransport?.Dispose();
        }
    }

    private sealed class HostHealth(string terminalId) : IHealthSource
    {
        private readonly Stopwatch _uptime = Stopwatch.StartNew();

        public void Fill(HealthSnapshot into)
        {
            into.UnixSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            into.Clock = ClockTrust.Trusted;
            into.ListSequence = 0;
            into.ListAgeSeconds = -1;
            into.ReadErrors = 0;
            into.FreeHeapBytes = -1;
            into.UptimeSeconds = (long)_uptime.Elapsed.TotalSeconds;
            into.Firmware = "host-" + terminalId.Length;
        }
    }

    private sealed class RefusingConfiguration : IConfigurationSink
    {
        public bool Offer(byte[] payload) => false;
    }

    private sealed class IgnoringListTarget : IListDownloadTarget
    {
        public long InstalledSequence => long.MaxValue;

        public bool Begin(long sequence, long totalBytes) => false;

        public bool Resume(long sequence, long totalBytes) => false;

        public bool Write(long offset, byte[] data, int dataOffset, int count) => false;

        public bool Complete(long sequence) => false;
    }
}

/// <summary>Polls a set of terminals from one thread until stopped (every terminal each round, then a short sleep).</summary>
public sealed class PollLoop : IDisposable
{
    private readonly List<ReportingTerminal> _terminals = new();
    private readonly object _sync = new();
    private readonly Thread _thread;
    private readonly int _sleepMs;
    private volatile bool _stop;

    public PollLoop(int sleepMs = 2)
    {
        _sleepMs = sleepMs;
        _thread = new Thread(Run) { IsBackground = true, Name = "poll-loop" };
        _thread.Start();
    }

    public void Add(ReportingTerminal terminal)
    {
        lock (_sync)
        {
            _terminals.Add(terminal);
        }
    }

    public void Remove(ReportingTerminal terminal)
    {
        lock (_sync)
        {
            _terminals.Remove(terminal);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        var round = new List<ReportingTerminal>();
        while (!_stop)
        {
            lock (_sync)
            {
                round.Clear();
                round.AddRange(_terminals);
            }

            foreach (var terminal in round)
            {
                terminal.Poll();
            }

            Thread.Sleep(_sleepMs);
        }
    }
}
