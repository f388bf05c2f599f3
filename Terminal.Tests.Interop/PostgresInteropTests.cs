using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Platform;
using Xunit.Abstractions;

namespace Terminal.Tests.Interop;

/// <summary>The scale-out option: PostgreSQL as the store, shared by ingest processes that split the traffic through Mosquitto.</summary>
public sealed class PostgresInteropTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_ingest_processes_share_one_postgresql_database_and_store_every_event_once()
    {
        using var postgres = await PostgresCluster.StartAsync();
        using var broker = new MosquittoBroker();
        await broker.StartAsync();
        await using var rig = new InteropRig(broker.Port);
        var first = await rig.StartIngestAsync("pg-ingest-1", postgres.ConnectionString);
        var second = await rig.StartIngestAsync("pg-ingest-2", postgres.ConnectionString);
        var terminals = Enumerable.Range(1, 4).Select(i => rig.Terminal("T" + i, new SimulatedFlash(), batch: 5)).ToList();
        foreach (var t in terminals)
        {
            InteropRig.Tap(t, 150);
        }

        await Eventually.True(() => terminals.All(t => t.Outbox.PendingCount == 0), "all delivered");
        await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) == 600, "600 stored in PostgreSQL");
        Assert.True(first.Counters.Messages > 0 && second.Counters.Messages > 0);

        // The same events again (a terminal resending after a lost PUBACK): the primary key keeps one copy.
        var again = new List<StoredUsageEvent>
        {
            new("420100", "T1", 1, DateTime.UnixEpoch, "TRUSTED", "desk-1", "hospital", "420100000001", 1, "VALID", 1000, "1.0.0"),
        };
        Assert.Equal(0, await rig.Ingests[0].Store.StoreAsync(again, default));
        Assert.Equal(600, (await rig.Ingests[1].Store.IdsAsync(default)).Distinct().Count());
        output.WriteLine("postgresql: ingest-1 " + first.Counters + "; ingest-2 " + second.Counters);
    }
}
