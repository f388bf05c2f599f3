using Terminal.Core.Reporting;
using Terminal.Tests.Reporting;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Storage;
using Terminal.Tools.Platform;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Interop;

/// <summary>Terminals on a poll loop and any number of ingest processes, against a broker on 127.0.0.1.</summary>
public sealed class InteropRig : IAsyncDisposable
{
    private readonly List<ReportingTerminal> _terminals = new();
    private readonly List<(PlatformIngest Ingest, IUsageStore Store)> _ingests = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("rp-interop-").FullName;

    public InteropRig(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public PollLoop Loop { get; } = new(1);

    public string SqlitePath => Path.Combine(_directory, "usage.db");

    public IReadOnlyList<(PlatformIngest Ingest, IUsageStore Store)> Ingests => _ingests;

    public async Task<PlatformIngest> StartIngestAsync(string clientId, string? storeTarget = null, Action<IngestOptions>? configure = null)
    {
        var store = UsageStores.Open(storeTarget ?? SqlitePath);
        var options = new IngestOptions { Host = "127.0.0.1", Port = Port, ClientId = clientId };
        configure?.Invoke(options);
        var ingest = new PlatformIngest(options, store);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await ingest.StartAsync(timeout.Token);
        _ingests.Add((ingest, store));
        return ingest;
    }

    public MqttConnectSettings Settings() => new() { Host = "127.0.0.1", Port = Port, ConnectTimeoutMs = 5000, OperationTimeoutMs = 5000, KeepAliveSeconds = 30 };

    public ReportingTerminal Terminal(string id, IFileStore store, int batch = 20, int inFlight = 2, MqttConnectSettings? settings = null,
        OutboxOptions? outbox = null, bool poll = true)
    {
        var options = new ReportingSessionOptions
        {
            Region = "420100", TerminalId = id, BatchMaxEvents = batch, BatchMaxDelayMs = 50, MaxInFlightBatches = inFlight,
            BackoffInitialMs = 50, BackoffMaxMs = 500, PublishTimeoutMs = 5000, HeartbeatIntervalMs = 1000,
        };
        var terminal = new ReportingTerminal(options, settings ?? Settings(), store, outbox);
        _terminals.Add(terminal);
        if (poll)
        {
            Loop.Add(terminal);
        }

        return terminal;
    }

    public void Retire(ReportingTerminal terminal) => Loop.Remove(terminal);

    public static void Tap(ReportingTerminal terminal, int count, int start = 0)
    {
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(OutboxStatus.Ok, terminal.Tap(UsageEvents.Make(start + i)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Loop.Dispose();
        foreach (var t in _terminals)
        {
            t.Dispose();
        }

        foreach (var (ingest, store) in _ingests)
        {
            await ingest.DisposeAsync();
            await store.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, true);
        }
        catch (IOException)
        {
        }
    }
}
