using System.Text;
using MQTTnet;
using MQTTnet.Packets;
using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Mqtt.Host;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Platform;
using Terminal.Tools.Simulation;
using Xunit.Abstractions;

namespace Terminal.Tests.Reporting.Broker;

/// <summary>The reporting path end to end against a real broker (MQTTnet's, embedded, on 127.0.0.1) and the real ingest.</summary>
public sealed class EmbeddedBrokerTests(ITestOutputHelper output)
{
    private static async Task TapAsync(ReportingTerminal terminal, int count, int start = 0, int pauseEvery = 0)
    {
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(OutboxStatus.Ok, terminal.Tap(UsageEvents.Make(start + i)));
            if (pauseEvery > 0 && i % pauseEvery == pauseEvery - 1)
            {
                await Task.Delay(5);
            }
        }
    }

    private static List<string> Ids(string terminal, IEnumerable<long> sequences) => sequences.Select(s => terminal + ":" + s).ToList();

    [Fact]
    public async Task Every_check_reaches_the_platform_store_exactly_once()
    {
        await using var rig = await BrokerRig.StartAsync();
        var terminal = rig.Terminal("HB-WH-0001", new SimulatedFlash());
        await TapAsync(terminal, 250);
        await Eventually.True(async () => (await rig.Store!.CountAsync(default)) == 250, "250 events stored");
        await Eventually.True(() => terminal.Outbox.PendingCount == 0, "outbox drained");
        Assert.Equal(Ids("HB-WH-0001", Enumerable.Range(1, 250).Select(i => (long)i)).Order(), (await rig.StoredIdsAsync()).Order());
        Assert.False(rig.Ingest!.UsingSharedSubscription); // MQTTnet's broker has none: plain subscription fallback
        Assert.Equal(0, rig.Ingest.Counters.RejectedEvents);
    }

    [Fact]
    public async Task A_broker_restart_mid_stream_loses_nothing_and_the_ingest_removes_the_duplicates()
    {
        await using var rig = await BrokerRig.StartAsync();
        var terminals = Enumerable.Range(1, 3).Select(i => rig.Terminal("T" + i, new SimulatedFlash(), batch: 10)).ToList();
        var tapping = Task.WhenAll(terminals.Select(t => TapAsync(t, 600, pauseEvery: 10)));
        await Eventually.True(async () => (await rig.Store!.CountAsync(default)) > 100, "stream under way");
        await rig.Broker.RestartAsync(TimeSpan.FromMilliseconds(300));
        await Eventually.True(async () => (await rig.Store!.CountAsync(default)) > 900, "stream resumed");
        await rig.Broker.RestartAsync(TimeSpan.FromMilliseconds(100));
        await tapping;
        await Eventually.True(() => terminals.All(t => t.Outbox.PendingCount == 0), "all outboxes drained", 30_000);
        await Eventually.True(async () => (await rig.Store!.CountAsync(default)) == 1800, "1800 events stored", 30_000);
        var stored = await rig.StoredIdsAsync();
        Assert.Equal(1800, stored.Distinct().Count());
        // A terminal still backing off from the first restart may sleep through the second, so the count of reconnects
        // is not fixed; what must hold is that every session reconnected and still delivers checks made afterwards.
        Assert.All(terminals, t => Assert.True(t.Session.Connects >= 2, "reconnected after the restarts"));
        await Task.WhenAll(terminals.Select(t => TapAsync(t, 1, start: 600)));
        await Eventually.True(async () => (await rig.Store!.CountAsync(default)) == 1803, "checks after the restarts stored", 60_000);
        output.WriteLine("broker restarts: 1800 + 3 events, stored once each; ingest saw " + rig.Ingest!.Counters + "; spooled left " + rig.Broker.SpooledMessages);
    }

    [Fact]
    public async Task A_power_cut_between_publish_and_puback_redelivers_and_the_ingest_stores_once()
    {
        await using var rig = await BrokerRig.StartAsync();
        // The broker forwards the batches but its PUBACKs to this terminal are lost (dropped on the way out).
        bool swallowPubacks = true;
        rig.Broker.Server.InterceptingOutboundPacketAsync += e =>
        {
            if (swallowPubacks && e.ClientId == "T1" && e.Packet is MqttPubAckPacket)
            {
                e.ProcessPacket = false;
            }

            return Task.CompletedTask;
        };

        var flash = new SimulatedFlash();
        var first = rig.Terminal("T1", flash, batch: 10, inFlight: 3);
        await TapAsync(first, 30);
        await Eventually.True(async () => (await rig.Store!.CountAsync(default)) == 30, "delivered to the platform without PUBACK");
        Assert.Equal(30, first.Outbox.PendingCount); // not acknowledged: still in the outbox

        first.PowerCut();
        rig.Retire(first);
        swallowPubacks = false;
        var rebooted = rig.Terminal("T1", flash.Reboot(), batch: 10);
        Assert.Equal(30, rebooted.Outbox.PendingCount);
        await Eventually.True(() => rebooted.Outbox.PendingCount == 0, "resent and acknowledged after the reboot");
        await Eventually.True(() => rig.Ingest!.Counters.Duplicates >= 30, "the resent batches reached the ingest");
        Assert.Equal(Ids("T1", Enumerable.Range(1, 30).Select(i => (long)i)), await rig.StoredIdsAsync());
        var next = UsageEvents.Make(99);
        rebooted.Tap(next);
        Assert.True(next.Sequence > 30);
    }

    [Fact]
    public async Task Ten_thousand_events_queued_offline_are_all_drained_when_the_broker_appears()
    {
        var port = EmbeddedBroker.FreePort();
        var flash = new SimulatedFlash();
        var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = port });
        await using var rig = await BrokerRig.StartAsync(new EmbeddedBrokerOptions { Port = EmbeddedBroker.FreePort() }, ingest: false);
        var settings = rig.Settings();
        settings.Port = port; // nothing listens there yet: the terminal is offline
        var terminal = rig.Terminal("HB-WH-0001", flash, batch: 100, inFlight: 4, settings: settings,
            outbox: new OutboxOptions { MaxBytes = 2 << 20, SegmentBytes = 32 << 10 });
        await TapAsync(terminal, 10_000);
        Assert.Equal(10_000, terminal.Outbox.PendingCount);
        await Eventually.True(() => terminal.Session.ConnectFailures >= 2, "the terminal tried and backed off");

        await using (broker)
        {
            await broker.StartAsync();
            await rig.StartIngestAsync(new IngestOptions { Host = broker.Host, Port = port, ClientId = "ingest-offline" });
            await Eventually.True(() => terminal.Outbox.PendingCount == 0, "outbox drained", 60_000);
            await Eventually.True(async () => (await rig.Store!.CountAsync(default)) == 10_000, "10 000 stored", 30_000);
        }

        Assert.Equal(0, terminal.Outbox.LostEvents);
        Assert.Equal(10_000, (await rig.StoredIdsAsync()).Distinct().Count());
        output.WriteLine("offline queue: 10000 events drained in " + terminal.Session.BatchesAcknowledged + " batches");
    }

    [Fact]
    public async Task Malformed_and_oversized_inbound_messages_are_rejected_and_the_session_survives()
    {
        await using var rig = await BrokerRig.StartAsync();
        var settings = rig.Settings();
        settings.MaxInboundBytes = 16 * 1024;
        var config = new SessionFixture.RecordingConfigSink();
        var terminal = rig.Terminal("T1", new SimulatedFlash(), batch: 5, settings: settings, configuration: config);
        await TapAsync(terminal, 5);
        await Eventually.True(() => terminal.Outbox.PendingCount == 0 && terminal.Session.State == SessionState.Connected, "connected and delivering");
        var topics = terminal.Session.Topics;
        await rig.Broker.PublishAsync(topics.Config, new byte[200_000], retain: false);                    // oversized: dropped by the transport
        await rig.Broker.PublishAsync(topics.Config, Encoding.ASCII.GetBytes("not signed"), retain: false); // refused by the configuration sink
        await rig.Broker.PublishAsync(topics.ListAnnounce, [0x00, 0xFF, 0xFE], retain: true);              // binary garbage
        await rig.Broker.PublishAsync(topics.ListAnnounce, Encoding.ASCII.GetBytes("seq=1;bytes=-5;chunk=x"), retain: false);
        await rig.Broker.PublishAsync(topics.Config, Encoding.ASCII.GetBytes("cfg=good"), retain: false);   // a good one still gets through
        await Eventually.True(() => terminal.Session.RejectedInbound == 3 && terminal.Transport.OversizedDropped == 1 && config.Accepted.Count == 1,
            "rejections counted");
        await TapAsync(terminal, 5, start: 5);
        await Eventually.True(async () => (await rig.Store!.CountAsync(default)) == 10, "still reporting");
        Assert.Equal(SessionState.Connected, terminal.Session.State);
        Assert.Equal(1, terminal.Session.Connects);
    }

    [Fact]
    public async Task Status_is_retained_online_and_the_will_says_offline_after_a_power_cut()
    {
        await using var rig = await BrokerRig.StartAsync(ingest: false);
        var terminal = rig.Terminal("T9", new SimulatedFlash());
        await Eventually.True(() => terminal.Session.State == SessionState.Connected, "connected");
        await Eventually.True(async () => await RetainedStatusAsync(rig) == "online", "retained online");
        terminal.PowerCut();
        await Eventually.True(async () => await RetainedStatusAsync(rig) == "offline", "the will published offline");
    }

    [Fact]
    public async Task A_clean_stop_announces_offline_itself()
    {
        await using var rig = await BrokerRig.StartAsync(ingest: false);
        var terminal = rig.Terminal("T9", new SimulatedFlash());
        await Eventually.True(async () => await RetainedStatusAsync(rig) == "online", "retained online");
        rig.Retire(terminal);
        terminal.Stop();
        Assert.Equal(SessionState.Stopped, terminal.Session.State);
        await Eventually.True(async () => await RetainedStatusAsync(rig) == "offline", "offline published before the DISCONNECT");
    }

    private static async Task<string> RetainedStatusAsync(BrokerRig rig)
    {
        var message = await rig.Broker.Server.GetRetainedMessageAsync("rp/v1/420100/T9/status");
        return message == null ? "" : Encoding.ASCII.GetString(System.Buffers.BuffersExtensions.ToArray(message.Payload));
    }

    [Fact]
    public async Task Heartbeats_reach_the_ingest()
    {
        await using var rig = await BrokerRig.StartAsync();
        rig.Terminal("T5", new SimulatedFlash());
        await Eventually.True(() => rig.Ingest!.Counters.Heartbeats >= 2, "two heartbeats");
    }
}
