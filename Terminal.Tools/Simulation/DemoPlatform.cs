using Spectre.Console;
using Terminal.Tools.Platform;

namespace Terminal.Tools.Simulation;

/// <summary>
/// The province side every demo runs against: throw-away keys and the demo card set, an embedded MQTT broker on
/// 127.0.0.1, and the platform ingest storing usage events into SQLite in a temporary folder.
/// </summary>
public sealed class DemoPlatform : IAsyncDisposable
{
    public const string Region = "420100";

    private readonly DirectoryInfo _workDir;

    private DemoPlatform(DirectoryInfo workDir, SimulationKeys keys, DemoCards cards, EmbeddedBroker broker, SqliteUsageStore store, PlatformIngest ingest)
    {
        _workDir = workDir;
        Keys = keys;
        Cards = cards;
        Broker = broker;
        Store = store;
        Ingest = ingest;
    }

    public SimulationKeys Keys { get; }

    public DemoCards Cards { get; }

    public EmbeddedBroker Broker { get; }

    public SqliteUsageStore Store { get; }

    public PlatformIngest Ingest { get; }

    public static async Task<DemoPlatform> StartAsync(DateTimeOffset now)
    {
        var keys = new SimulationKeys();
        var cards = new DemoCards(keys, now);
        var workDir = Directory.CreateTempSubdirectory("rp-demo-");
        var broker = new EmbeddedBroker();
        await broker.StartAsync();
        var store = new SqliteUsageStore(Path.Combine(workDir.FullName, "usage.db"));
        var ingest = new PlatformIngest(new IngestOptions { Host = broker.Host, Port = broker.Port, ClientId = "demo-ingest" }, store);
        await ingest.StartAsync(CancellationToken.None);
        return new DemoPlatform(workDir, keys, cards, broker, store, ingest);
    }

    /// <summary>Signs the demo's revocation list and releases it over MQTT (retained chunks, then the announcement); returns the chunk count.</summary>
    public Task<int> PublishListAsync(long issuedAtUnixSeconds, int chunkBytes, ulong sequence = 1) =>
        ListPublisher.PublishAsync(Broker, Region, (long)sequence, Cards.SignedList(issuedAtUnixSeconds, sequence), chunkBytes);

    /// <summary>Waits (bounded) until the ingest has stored at least count events; returns how many it has.</summary>
    public async Task<long> WaitForStoredAsync(long count, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        long stored;
        while ((stored = await Store.CountAsync(CancellationToken.None)) < count && waited.Elapsed < timeout)
        {
            await Task.Delay(20);
        }

        return stored;
    }

    /// <summary>`--keep-broker`: leaves the broker running until Ctrl+C.</summary>
    public async Task KeepBrokerRunningAsync(IAnsiConsole console)
    {
        console.MarkupLine($"broker still running on {Broker.Host}:{Broker.Port}; press Ctrl+C to stop");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        await stop.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await Ingest.DisposeAsync();
        await Store.DisposeAsync();
        await Broker.DisposeAsync();
        try
        {
            _workDir.Delete(recursive: true); // the platform's SQLite store lives only as long as the demo
        }
        catch (IOException)
        {
        }
    }
}
