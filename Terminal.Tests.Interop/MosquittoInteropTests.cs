using System.Security.Cryptography.X509Certificates;
using System.Text;
using MQTTnet;
using Terminal.Core.Reporting;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Reporting;
using Terminal.Tests.Support;
using Terminal.Tools.Platform;
using Xunit.Abstractions;

namespace Terminal.Tests.Interop;

/// <summary>The reporting path against Mosquitto (Debian's package), started by each test on 127.0.0.1 and a free port.</summary>
public sealed class MosquittoInteropTests(ITestOutputHelper output)
{
    private static List<string> Ids(string terminal, int count) => Enumerable.Range(1, count).Select(i => terminal + ":" + i).ToList();

    [Fact]
    public async Task The_ingest_uses_a_shared_subscription_and_every_event_is_stored_once()
    {
        using var broker = new MosquittoBroker();
        await broker.StartAsync();
        await using var rig = new InteropRig(broker.Port);
        var ingest = await rig.StartIngestAsync("ingest-a");
        Assert.True(ingest.UsingSharedSubscription, "Mosquitto supports $share: the ingest must use it");
        var terminal = rig.Terminal("HB-WH-0001", new SimulatedFlash());
        InteropRig.Tap(terminal, 300);
        await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) == 300, "300 stored");
        Assert.Equal(Ids("HB-WH-0001", 300).Order(), (await rig.Ingests[0].Store.IdsAsync(default)).Order());
    }

    [Fact]
    public async Task Two_ingest_processes_in_one_group_split_the_traffic_and_store_everything_once()
    {
        using var broker = new MosquittoBroker();
        await broker.StartAsync();
        await using var rig = new InteropRig(broker.Port);
        var first = await rig.StartIngestAsync("ingest-1");
        var second = await rig.StartIngestAsync("ingest-2");
        var terminals = Enumerable.Range(1, 4).Select(i => rig.Terminal("T" + i, new SimulatedFlash(), batch: 5)).ToList();
        foreach (var t in terminals)
        {
            InteropRig.Tap(t, 200);
        }

        await Eventually.True(() => terminals.All(t => t.Outbox.PendingCount == 0), "all delivered");
        await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) == 800, "800 stored");
        Assert.True(first.Counters.Messages > 0 && second.Counters.Messages > 0,
            "both processes must receive part of the traffic: " + first.Counters.Messages + " / " + second.Counters.Messages);
        Assert.Equal(800, first.Counters.Events + second.Counters.Events - first.Counters.Duplicates - second.Counters.Duplicates);
        output.WriteLine("shared subscription: ingest-1 " + first.Counters + "; ingest-2 " + second.Counters);
    }

    [Fact]
    public async Task A_broker_restart_mid_stream_loses_nothing_and_the_ingest_removes_the_duplicates()
    {
        using var broker = new MosquittoBroker();
        await broker.StartAsync();
        await using var rig = new InteropRig(broker.Port);
        var ingest = await rig.StartIngestAsync("ingest-restart");
        var terminals = Enumerable.Range(1, 3).Select(i => rig.Terminal("T" + i, new SimulatedFlash(), batch: 10)).ToList();
        var tapping = Task.WhenAll(terminals.Select(t => Task.Run(async () =>
        {
            for (int i = 0; i < 600; i++)
            {
                t.Tap(UsageEvents.Make(i));
                if (i % 10 == 9)
                {
                    await Task.Delay(5);
                }
            }
        })));
        await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) > 100, "stream under way");
        await broker.RestartAsync(TimeSpan.FromMilliseconds(300));
        await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) > 900, "stream resumed");
        await broker.RestartAsync(TimeSpan.FromMilliseconds(100));
        await tapping;
        await Eventually.True(() => terminals.All(t => t.Outbox.PendingCount == 0), "all outboxes drained", 60_000);
        await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) == 1800, "1800 stored", 60_000);
        Assert.Equal(1800, (await rig.Ingests[0].Store.IdsAsync(default)).Distinct().Count());
        output.WriteLine("mosquitto restarts: " + ingest.Counters);
    }

    [Fact]
    public async Task A_power_cut_between_publish_and_puback_redelivers_and_the_ingest_stores_once()
    {
        using var broker = new MosquittoBroker();
        await broker.StartAsync();
        await using var rig = new InteropRig(broker.Port);
        var ingest = await rig.StartIngestAsync("ingest-cut");
        var flash = new SimulatedFlash();
        // Polled by hand: one poll connects and publishes; the PUBACK is never processed because power goes first.
        var terminal = rig.Terminal("T1", flash, batch: 10, inFlight: 3, poll: false);
        InteropRig.Tap(terminal, 30);
        terminal.Poll();
        await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) == 30, "published and stored");
        Assert.Equal(30, terminal.Outbox.PendingCount);
        terminal.PowerCut();

        var rebooted = rig.Terminal("T1", flash.Reboot(), batch: 10);
        await Eventually.True(() => rebooted.Outbox.PendingCount == 0, "resent after the reboot");
        await Eventually.True(() => ingest.Counters.Duplicates >= 30, "duplicates reached the ingest");
        Assert.Equal(Ids("T1", 30), await rig.Ingests[0].Store.IdsAsync(default));
    }

    [Fact]
    public async Task Ten_thousand_events_queued_offline_are_all_drained()
    {
        // The platform is up (its persistent session exists, so the broker queues for it); the terminal's network is not.
        using var broker = new MosquittoBroker();
        await broker.StartAsync();
        await using var rig = new InteropRig(broker.Port);
        await rig.StartIngestAsync("ingest-offline");
        var settings = rig.Settings();
        settings.Port = EmbeddedBroker.FreePort(); // nothing listens there
        var terminal = rig.Terminal("HB-WH-0001", new SimulatedFlash(), batch: 100, inFlight: 4, settings: settings,
            outbox: new OutboxOptions { MaxBytes = 2 << 20, SegmentBytes = 32 << 10 });
        InteropRig.Tap(terminal, 10_000);
        await Eventually.True(() => terminal.Session.ConnectFailures >= 2, "offline: connection attempts fail");
        Assert.Equal(10_000, terminal.Outbox.PendingCount);
        settings.Port = broker.Port; // the network is back
        await Eventually.True(() => terminal.Outbox.PendingCount == 0, "drained", 60_000);
        await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) == 10_000, "10 000 stored", 60_000);
        Assert.Equal(0, terminal.Outbox.LostEvents);
    }

    [Fact]
    public async Task Malformed_and_oversized_inbound_messages_are_rejected_and_the_session_survives()
    {
        using var broker = new MosquittoBroker();
        await broker.StartAsync();
        await using var rig = new InteropRig(broker.Port);
        await rig.StartIngestAsync("ingest-inbound");
        var settings = rig.Settings();
        settings.MaxInboundBytes = 16 * 1024;
        var terminal = rig.Terminal("T1", new SimulatedFlash(), batch: 5, settings: settings);
        InteropRig.Tap(terminal, 5);
        await Eventually.True(() => terminal.Outbox.PendingCount == 0, "connected and delivering");

        using var platform = new MqttClientFactory().CreateMqttClient();
        await platform.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("platform-console").Build());
        var topics = terminal.Session.Topics;
        await platform.PublishBinaryAsync(topics.Config, new byte[300_000]);
        await platform.PublishBinaryAsync(topics.ListAnnounce, [0x00, 0xFF]);
        await platform.PublishStringAsync(topics.ListAnnounce, "seq=1;bytes=;chunk=2");
        await platform.PublishStringAsync(topics.Config, "unsigned garbage");
        // A malformed usage batch straight to the platform: the ingest rejects it and keeps going.
        await platform.PublishStringAsync("rp/v1/420100/T1/usage", "{\"v\":1,\"events\":[{\"id\":\"T1:999\"}]}");
        await Eventually.True(() => terminal.Session.RejectedInbound == 3 && terminal.Transport.OversizedDropped == 1, "rejections counted");
        InteropRig.Tap(terminal, 5, start: 5);
        await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) == 10, "still reporting");
        Assert.Equal(1, terminal.Session.Connects);
        Assert.True(rig.Ingests[0].Ingest.Counters.RejectedMessages >= 1);
    }

    [Fact]
    public async Task Status_is_retained_and_the_will_announces_offline_after_a_power_cut()
    {
        using var broker = new MosquittoBroker();
        await broker.StartAsync();
        await using var rig = new InteropRig(broker.Port);
        var terminal = rig.Terminal("T7", new SimulatedFlash());
        await Eventually.True(() => terminal.Session.State == SessionState.Connected, "connected");
        var statuses = new List<string>();
        using var watcher = new MqttClientFactory().CreateMqttClient();
        watcher.ApplicationMessageReceivedAsync += e =>
        {
            lock (statuses)
            {
                statuses.Add(Encoding.ASCII.GetString(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload)));
            }

            return Task.CompletedTask;
        };
        await watcher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("watcher").Build());
        await watcher.SubscribeAsync("rp/v1/420100/T7/status");
        await Eventually.True(() => { lock (statuses) { return statuses.Contains("online"); } }, "retained online delivered on subscribe");
        terminal.PowerCut();
        await Eventually.True(() => { lock (statuses) { return statuses.LastOrDefault() == "offline"; } }, "will: offline");
    }

    [Fact]
    public async Task Tls_with_the_pinned_ca_and_a_client_certificate_works_and_another_ca_is_refused()
    {
        var pki = TestCertificates.Create();
        var other = TestCertificates.Create("Another CA");
        var dir = Directory.CreateTempSubdirectory("rp-mosquitto-tls-").FullName;
        try
        {
            var caFile = Path.Combine(dir, "ca.pem");
            var certFile = Path.Combine(dir, "server.pem");
            var keyFile = Path.Combine(dir, "server.key");
            File.WriteAllText(caFile, pki.Ca.ExportCertificatePem());
            File.WriteAllText(certFile, pki.Server.ExportCertificatePem());
            File.WriteAllText(keyFile, pki.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            using var broker = new MosquittoBroker(caFile, certFile, keyFile);
            await broker.StartAsync();
            await using var rig = new InteropRig(broker.Port);
            await rig.StartIngestAsync("ingest-tls", configure: o =>
            {
                o.CaCertificatePem = pki.CaPem;
                o.ClientCertificatePem = pki.ClientCertificatePem;
                o.ClientKeyPem = pki.ClientKeyPem;
            });
            var settings = rig.Settings();
            settings.UseTls = true;
            settings.CaCertificatePem = pki.CaPem;
            settings.ClientCertificatePem = pki.ClientCertificatePem;
            settings.ClientKeyPem = pki.ClientKeyPem;
            var terminal = rig.Terminal("T-TLS", new SimulatedFlash(), settings: settings);
            InteropRig.Tap(terminal, 25);
            await Eventually.True(async () => await rig.Ingests[0].Store.CountAsync(default) == 25, "25 stored over TLS");

            using var transport = new Terminal.Drivers.Mqtt.Host.MqttNetTransport();
            var wrongCa = rig.Settings();
            wrongCa.ClientId = "wrong-ca";
            wrongCa.UseTls = true;
            wrongCa.CaCertificatePem = other.CaPem;
            wrongCa.ClientCertificatePem = pki.ClientCertificatePem;
            wrongCa.ClientKeyPem = pki.ClientKeyPem;
            Assert.Equal(Terminal.Drivers.Mqtt.MqttStatus.TlsFailed, transport.Connect(wrongCa));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
