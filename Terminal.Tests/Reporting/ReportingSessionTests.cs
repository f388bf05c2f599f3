using System.Text;
using System.Text.Json;
using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;
using Xunit.Abstractions;

namespace Terminal.Tests.Reporting;

public sealed class ReportingSessionTests(ITestOutputHelper output)
{
    [Fact]
    public void Connects_with_an_offline_will_announces_online_and_subscribes_to_configuration_and_list_announcements()
    {
        var f = new SessionFixture();
        f.Run(100);
        Assert.Equal(SessionState.Connected, f.Session.State);
        var settings = f.Transport.Connections.Single();
        Assert.Equal("HB-WH-0001", settings.ClientId);
        Assert.Equal("rp/v1/420100/HB-WH-0001/status", settings.WillTopic);
        Assert.Equal("offline", Encoding.ASCII.GetString(settings.WillPayload));
        Assert.True(settings.WillRetain);
        Assert.Equal(1, settings.WillQos);
        var online = f.Transport.Published.First();
        Assert.Equal(("rp/v1/420100/HB-WH-0001/status", "online", true, 1), (online.Topic, online.Text, online.Retain, online.Qos));
        Assert.Equal(new[] { "rp/v1/420100/HB-WH-0001/config", "rp/v1/420100/_list/announce" }, f.Transport.Subscriptions);

        f.Session.Stop();
        var last = f.Transport.Published.Last();
        Assert.Equal(("rp/v1/420100/HB-WH-0001/status", "offline", true), (last.Topic, last.Text, last.Retain));
        Assert.False(f.Transport.IsConnected);
    }

    [Fact]
    public void Batches_by_count_at_once_and_by_age_after_the_delay()
    {
        var f = new SessionFixture(new ReportingSessionOptions { Region = "420100", TerminalId = "T1", BatchMaxEvents = 10, BatchMaxDelayMs = 5000 });
        f.Run(100);
        for (int i = 0; i < 25; i++)
        {
            f.Tap();
        }

        f.Run(300); // one batch in flight at a time: the second follows the first one's PUBACK
        Assert.Equal(2, f.Transport.On("/usage").Count());
        f.Run(3800);
        Assert.Equal(2, f.Transport.On("/usage").Count()); // the last 5 wait for the batch delay
        f.Run(1100);
        Assert.Equal(3, f.Transport.On("/usage").Count());
        Assert.Equal(Enumerable.Range(1, 25).Select(i => "T1:" + i), f.PublishedIds());
        Assert.Equal(0, f.Outbox.PendingCount);
        Assert.Equal(new[] { 10, 10, 5 }, f.Transport.On("/usage").Select(p => JsonDocument.Parse(p.Payload).RootElement.GetProperty("events").GetArrayLength()));
        Assert.All(f.Transport.On("/usage"), p => Assert.Equal((1, false), (p.Qos, p.Retain)));
    }

    [Fact]
    public void Events_stay_in_the_outbox_until_the_puback_and_are_resent_after_a_lost_connection()
    {
        var f = new SessionFixture(new ReportingSessionOptions { Region = "420100", TerminalId = "T1", BatchMaxEvents = 5 });
        f.Transport.AutoAcknowledge = false;
        f.Run(100);
        for (int i = 0; i < 5; i++)
        {
            f.Tap();
        }

        f.Run(500);
        Assert.Single(f.Transport.On("/usage"));
        Assert.Equal(5, f.Outbox.PendingCount); // published, no PUBACK yet

        f.Transport.Lose(brokerStaysDown: false);
        f.Run(5000);
        Assert.Equal(2, f.Transport.Connections.Count);
        Assert.Equal(2, f.Transport.On("/usage").Count()); // the same batch again
        f.Transport.AcknowledgeHeld();
        f.Run(200);
        Assert.Equal(0, f.Outbox.PendingCount);
        var ids = f.PublishedIds();
        Assert.Equal(10, ids.Count);
        Assert.Equal(5, ids.Distinct().Count()); // duplicates the platform removes by id
    }

    [Fact]
    public void A_batch_without_puback_within_the_timeout_drops_the_connection_and_is_resent()
    {
        var f = new SessionFixture(new ReportingSessionOptions { Region = "420100", TerminalId = "T1", BatchMaxEvents = 3, PublishTimeoutMs = 10_000 });
        f.Transport.AutoAcknowledge = false;
        f.Run(100);
        for (int i = 0; i < 3; i++)
        {
            f.Tap();
        }

        f.Run(9_000);
        Assert.Equal(0, f.Session.PublishTimeouts);
        f.Run(2_000);
        Assert.Equal(1, f.Session.PublishTimeouts);
        f.Transport.AutoAcknowledge = true;
        f.Run(5_000);
        Assert.Equal(0, f.Outbox.PendingCount);
        Assert.Equal(2, f.Transport.On("/usage").Count());
    }

    [Fact]
    public void A_broker_unreachable_for_24_hours_costs_nothing_but_backoff_and_everything_is_delivered_once_it_returns()
    {
        var options = new ReportingSessionOptions
        {
            Region = "420100", TerminalId = "T1", BatchMaxEvents = 20, BackoffInitialMs = 1_000, BackoffMaxMs = 300_000, JitterSeed = 42,
        };
        var f = new SessionFixture(options, new OutboxOptions { MaxBytes = 4 << 20 });
        f.Transport.BrokerUp = false;
        const long day = 24L * 3600 * 1000;
        int taps = 0;
        while (f.Now < day)
        {
            if (f.Now % 60_000 == 0)
            {
                f.Tap(); // a check every minute all day
                taps++;
            }

            f.Run(1_000, 1_000);
        }

        var attempts = f.Transport.Connections.Count;
        Assert.Equal(attempts, f.Session.ConnectFailures);
        Assert.InRange(attempts, 24 * 12, 24 * 24 + 20); // capped at 5 min, jittered into [2.5, 5] min
        Assert.Equal(taps, f.Outbox.PendingCount);
        Assert.Equal(MqttStatus.Unreachable, f.Session.LastConnectStatus);

        f.Transport.BrokerUp = true;
        f.Run(301_000, 100);
        Assert.Equal(SessionState.Connected, f.Session.State);
        f.Run(10_000, 100);
        Assert.Equal(0, f.Outbox.PendingCount);
        var ids = f.PublishedIds();
        Assert.Equal(taps, ids.Count);
        Assert.Equal(taps, ids.Distinct().Count());
        output.WriteLine("24 h outage: " + taps + " events queued, " + attempts + " connection attempts, all delivered after reconnect");
    }

    [Fact]
    public void Reconnect_delays_grow_exponentially_with_jitter_and_reset_after_a_successful_connection()
    {
        var backoff = new Backoff(1_000, 60_000, 7);
        var delays = Enumerable.Range(0, 10).Select(_ => backoff.NextDelayMs()).ToList();
        int[] caps = [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000];
        for (int i = 0; i < caps.Length; i++)
        {
            Assert.InRange(delays[i], caps[i] / 2, caps[i]);
        }

        Assert.True(delays.Skip(6).Distinct().Count() > 1, "jitter must vary the capped delays");
        backoff.Reset();
        Assert.InRange(backoff.NextDelayMs(), 500, 1_000);

        var other = new Backoff(1_000, 60_000, 8);
        Assert.NotEqual(delays, Enumerable.Range(0, 10).Select(_ => other.NextDelayMs()).ToList());
    }

    [Fact]
    public void Heartbeats_carry_the_health_counters_at_the_configured_interval()
    {
        var f = new SessionFixture(new ReportingSessionOptions { Region = "420100", TerminalId = "T1", HeartbeatIntervalMs = 60_000, BatchMaxEvents = 50, BatchMaxDelayMs = 600_000 });
        f.Run(100);
        f.Tap();
        f.Tap();
        f.Run(120_000);
        var beats = f.Transport.On("/health").ToList();
        Assert.Equal(3, beats.Count);
        Assert.All(beats, b => Assert.Equal((0, false), (b.Qos, b.Retain)));
        var json = JsonDocument.Parse(beats[1].Payload).RootElement;
        Assert.Equal(UsageJson.HealthKeys, json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, json.GetProperty("queue").GetInt64()); // still waiting for the batch delay
        Assert.Equal(2, json.GetProperty("unsent").GetInt64());
        Assert.Equal(77, json.GetProperty("list").GetInt64());
        Assert.Equal(3600, json.GetProperty("list_age_s").GetInt64());
        Assert.Equal("TRUSTED", json.GetProperty("clock").GetString());
        Assert.Equal(2, json.GetProperty("read_errors").GetInt64());
        Assert.Equal(81_234, json.GetProperty("free_heap").GetInt64());
        Assert.Equal(0, json.GetProperty("lost").GetInt64());
    }

    [Fact]
    public void Malformed_and_oversized_inbound_messages_are_rejected_and_counted_and_reporting_goes_on()
    {
        var f = new SessionFixture(new ReportingSessionOptions { Region = "420100", TerminalId = "T1", BatchMaxEvents = 1, MaxConfigBytes = 1024 });
        f.Run(100);
        var t = f.Session.Topics;
        f.Transport.Deliver(t.Config, new byte[5000]);                                  // oversized
        f.Transport.Deliver(t.Config, Encoding.ASCII.GetBytes("xbad signature"));      // refused by the sink
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes("seq=abc;bytes=1;chunk=1"));
        f.Transport.Deliver(t.ListAnnounce, [0xFF, 0x00, 0x13]);
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes("seq=9;bytes=100000000;chunk=1")); // too many chunks
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes(new string('x', 10_000)));
        f.Transport.Deliver("rp/v1/420100/T1/unexpected", [1, 2, 3]);
        f.Transport.Deliver(t.ListPrefix + "5/../../x", [1]);
        f.Transport.Deliver(t.Config, Encoding.ASCII.GetBytes("cfg:ok"));              // a good one still applies
        f.Tap();
        f.Run(500);
        Assert.Equal(8, f.Session.RejectedInbound);
        Assert.Equal(1, f.Session.ConfigurationsAccepted);
        Assert.Equal(SessionState.Connected, f.Session.State);
        Assert.Equal(0, f.Outbox.PendingCount);
        Assert.Single(f.PublishedIds());
    }

    [Fact]
    public void A_revocation_list_downloads_in_chunks_in_any_order_and_resumes_after_a_reboot()
    {
        var f = new SessionFixture();
        f.Run(100);
        var t = f.Session.Topics;
        var list = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7)).ToArray();
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes("seq=12;bytes=10000;chunk=1024"));
        f.Run(100);
        Assert.Contains("rp/v1/420100/_list/12/+", f.Transport.Subscriptions);
        var order = new[] { 9, 3, 0, 5, 1 };
        foreach (int i in order)
        {
            f.Transport.Deliver(t.ListChunk(12, i), list.Skip(i * 1024).Take(1024).ToArray());
        }

        f.Transport.Deliver(t.ListChunk(12, 2), new byte[1000]); // wrong length: rejected, not stored
        f.Run(100);
        Assert.Equal(5, f.List.ChunksReceived);
        Assert.Equal(1, f.Session.RejectedInbound);

        // Power cut: a new boot over the same flash and the same list slot.
        var target = f.ListTarget;
        var resumed = new ListDownload(f.Store.Reboot(), "listdl.state", target, 4096);
        Assert.True(resumed.Open());
        Assert.True(resumed.Active);
        Assert.Equal(5, resumed.ChunksReceived);
        for (int i = 0; i < 10; i++)
        {
            var result = resumed.OnChunk(12, i, list.Skip(i * 1024).Take(1024).ToArray());
            Assert.Equal(order.Contains(i) ? ListDownloadResult.Ignored : i == 8 ? ListDownloadResult.Completed : ListDownloadResult.Stored, result);
        }

        Assert.Equal(list, target.Slot);
        Assert.Equal([12L], target.Completed);
        Assert.False(resumed.Active);
    }

    [Fact]
    public void The_session_follows_a_list_download_to_completion_and_drops_the_chunk_subscription()
    {
        var f = new SessionFixture();
        f.Run(100);
        var t = f.Session.Topics;
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes("seq=3;bytes=10;chunk=4"));
        f.Transport.Deliver(t.ListChunk(3, 0), [1, 2, 3, 4]);
        f.Transport.Deliver(t.ListChunk(3, 2), [9, 10]);
        f.Transport.Deliver(t.ListChunk(3, 1), [5, 6, 7, 8]);
        f.Run(100);
        Assert.Equal(1, f.Session.ListsCompleted);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, f.ListTarget.Slot);
        Assert.DoesNotContain("rp/v1/420100/_list/3/+", f.Transport.Subscriptions);

        // The same (retained) announcement again, and an older one: nothing to do.
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes("seq=3;bytes=10;chunk=4"));
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes("seq=2;bytes=10;chunk=4"));
        f.Run(100);
        Assert.False(f.List.Active);
        Assert.Equal(0, f.Session.RejectedInbound);
    }

    [Fact]
    public void A_list_the_target_refuses_is_counted_and_not_downloaded_again()
    {
        var f = new SessionFixture();
        f.ListTarget.RefuseCompletion = true;
        f.Run(100);
        var t = f.Session.Topics;
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes("seq=4;bytes=4;chunk=4"));
        f.Transport.Deliver(t.ListChunk(4, 0), [1, 2, 3, 4]);
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes("seq=4;bytes=4;chunk=4"));
        f.Run(100);
        Assert.Equal(1, f.Session.RejectedInbound);
        Assert.False(f.List.Active);
        Assert.Equal(4, f.List.RejectedSequence);
    }
}
