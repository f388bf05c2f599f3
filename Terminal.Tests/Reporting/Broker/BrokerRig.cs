using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Storage;
using Terminal.Tools.Platform;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Reporting.Broker;

/// <summary>MQTTnet's embedded broker on 127.0.0.1, the platform ingest into a temporary SQLite file, and a poll loop for terminals.</summary>
public sealed class BrokerRig : IAsyncDisposable
{
    private readonly List<ReportingTerminal> _terminals = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("rp-broker-").FullName;

    private BrokerRig(EmbeddedBroker broker)
    {
        Broker = broker;
    }

    public EmbeddedBroker Broker { get; }

    public PlatformIngest? Ingest { get; private set; }

    public IUsageStore? Store { get; private set; }

    public PollLoop Loop { get; } = new(1);

    public string DatabasePath => Path.Combine(_directory, "usage.db");

    public static async Task<BrokerRig> StartAsync(EmbeddedBrokerOptions? options = null, bool ingest = true)
    {
        var broker = new EmbeddedBroker(options);
        await broker.StartAsync();
        var rig = new BrokerRig(broker);
        if (ingest)
        {
            await rig.StartIngestAsync(new IngestOptions { Host = broker.Host, Port = broker.Port, ClientId = "ingest-test" });
        }

        return rig;
    }

    public async Task StartIngestAsync(IngestOptions options)
    {
        Store = new SqliteUsageStore(DatabasePath);
        Ingest = new PlatformIngest(options, Store);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Ingest.StartAsync(timeout.Token);
    }

    public MqttConnectSettings Settings() => new() { Host = Broker.Host, Port = Broker.Port, ConnectTimeoutMs = 5000, OperationTimeoutMs = 5000, KeepAliveSeconds = 30 };

    public ReportingTerminal Terminal(string id, IFileStore store, int batch = 20, int inFlight = 2, MqttConnectSettings? settings = null,
        OutboxOptions? outbox = null, int batchDelayMs = 50, IConfigurationSink? configuration = null, IListDownloadTarget? listTarget = null)
    {
        var options = new ReportingSessionOptions
        {
            Region = "420100", TerminalId = id, BatchMaxEvents = batch, BatchMaxDelayMs = batchDelayMs, MaxInFlightBatches = inFlight,
            BackoffInitialMs = 50, BackoffMaxMs = 500, PublishTimeoutMs = 5000, HeartbeatIntervalMs = 1000,
        };
        var terminal = new ReportingTerminal(options, settings ?? Settings(), store, outbox, configuration: configuration, listTarget: listTarget);
        _terminals.Add(terminal);
        Loop.Add(terminal);
        return terminal;
    }

    public void Retire(ReportingTerminal terminal) => Loop.Remove(terminal);

    public async Task<List<string>> StoredIdsAsync() => await Store!.IdsAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Loop.Dispose();
        foreach (var t in _terminals)
        {
            t.Dispose();
        }

        if (Ingest != null)
        {
            await Ingest.DisposeAsync();
        }

        if (Store != null)
        {
            await Store.DisposeAsync();
        }

        await Broker.DisposeAsync();
        try
        {
            Directory.Delete(_directory, true);
        }
        catch (IOException)
        {
        }
    }
}
