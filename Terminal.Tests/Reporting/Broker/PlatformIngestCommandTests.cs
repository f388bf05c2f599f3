using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Platform;

namespace Terminal.Tests.Reporting.Broker;

public sealed class PlatformIngestCommandTests
{
    [Fact]
    public async Task The_ingest_command_stores_what_terminals_report_and_exits_after_its_duration()
    {
        await using var rig = await BrokerRig.StartAsync(ingest: false);
        var db = rig.DatabasePath;
        var run = Task.Run(() => Terminal.Tools.Program.Main(
            ["platform", "ingest", "--port", rig.Broker.Port.ToString(), "--db", db, "--client-id", "ingest-cli", "--duration-seconds", "3", "--report-seconds", "1"]));
        await Eventually.True(async () => (await rig.Broker.Server.GetClientsAsync()).Any(c => c.Id == "ingest-cli"), "the command connected");
        var terminal = rig.Terminal("HB-WH-0007", new SimulatedFlash());
        for (int i = 0; i < 40; i++)
        {
            terminal.Tap(UsageEvents.Make(i));
        }

        await Eventually.True(() => terminal.Outbox.PendingCount == 0, "delivered");
        Assert.Equal(0, await run);
        await using var store = new SqliteUsageStore(db);
        await store.InitializeAsync(default);
        Assert.Equal(40, await store.CountAsync(default));
    }
}
