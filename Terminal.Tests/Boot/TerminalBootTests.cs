using Terminal.Core.App;
using Terminal.Core.Persistence;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Reader.Simulated;
using Xunit.Abstractions;

namespace Terminal.Tests.Boot;

/// <summary>
/// The device boot sequence (TerminalBoot, the code Program.Main runs) on simulated drivers: provisioned, unprovisioned,
/// corrupt configuration, no Wi-Fi, clock unset, clock rolled back, self-test.
/// </summary>
public sealed class TerminalBootTests(ITestOutputHelper output)
{
    private static readonly Indication[] VerdictIndications = [Indication.Accepted, Indication.AcceptedWithWarning, Indication.Refused, Indication.TapAgain, Indication.ForgeryAlert];

    private void Dump(BootRig rig)
    {
        foreach (var line in rig.Log)
        {
            output.WriteLine(line);
        }
    }

    [Fact]
    public void A_provisioned_terminal_boots_online_checks_cards_and_reports_them()
    {
        var rig = new BootRig().Provision().WithRevocationList();
        var boot = rig.Boot();
        Dump(rig);

        Assert.Equal(BootState.Running, boot.State);
        Assert.True(boot.Online);
        Assert.Equal(1, boot.SntpSynchronizations);
        Assert.Equal(ClockCondition.Synced, boot.Core!.Clock.Condition(rig.Clock.UtcUnixSeconds));
        Assert.True(boot.Core.Revocation.Status.HasList, "the revocation list installed before the reboot is loaded");
        Assert.True(rig.Watchdog.Started);
        Assert.Equal("desk-wifi", rig.Network.LastSsid);
        Assert.Equal(Indication.Idle, rig.Feedback.Last);

        var report = rig.Tap(rig.ValidCard.Card);
        Assert.NotNull(report);
        Assert.Equal(VerdictCode.Valid, report.Verdict.Code);
        Assert.Equal(ClockTrust.Trusted, report.Clock);
        Assert.Contains(Indication.Accepted, rig.Feedback.Shown);
        Assert.Equal(1, boot.Checks);
        Assert.Equal(1, boot.Outbox!.PendingCount);

        rig.Report();
        var usage = rig.UsagePublications().ToList();
        Assert.Single(usage);
        Assert.Contains("\"VALID\"", usage[0].Text);
        Assert.Equal(BootRig.TerminalId, rig.Transport.Connections.Last().ClientId);
        Assert.Equal(0, boot.Outbox.PendingCount);
        Assert.True(rig.Watchdog.Feeds > 0, "the main loop feeds the watchdog");
    }

    [Fact]
    public void Every_demo_card_gets_its_expected_verdict_through_the_booted_terminal()
    {
        var rig = new BootRig().Provision().WithRevocationList();
        var boot = rig.Boot();
        int reports = 0;
        foreach (var card in rig.Cards.Cards)
        {
            var alertsBefore = boot.Core!.TierTwo.ForgeryAlerts;
            var report = rig.Tap(card.Card, card.HoldForOperations);
            Assert.True(report != null, card.LabelEn + ": no decision");
            // The background tier-2 alert reuses the tap's report object: compare the tap's own verdict via the count.
            if (!card.ExpectForgeryAlert)
            {
                Assert.True(card.Expected == report.Verdict.Code, card.LabelEn + ": expected " + card.Expected + ", got " + report.Verdict.Code);
            }

            Assert.Equal(card.ExpectForgeryAlert, boot.Core.TierTwo.ForgeryAlerts > alertsBefore);
            reports += 1 + (card.ExpectForgeryAlert ? 1 : 0);
            rig.Advance(30);
        }

        Assert.Equal(reports, boot.Sink!.Appended);
        Assert.Equal(0, boot.Core!.Pipeline.Faults);
    }

    [Fact]
    public void Without_a_configuration_the_terminal_shows_unprovisioned_and_checks_nothing()
    {
        var rig = new BootRig();
        var boot = rig.Boot();
        Dump(rig);

        Assert.Equal(BootState.Unprovisioned, boot.State);
        Assert.Contains("not provisioned", boot.Error.Message);
        Assert.Equal(Indication.Unprovisioned, rig.Feedback.Last);
        Assert.Null(boot.Core);
        Assert.Equal(0, rig.Network.Attempts);

        rig.Reader.Field.Place(rig.Cards.Cards[0].Card);
        for (int i = 0; i < 10; i++)
        {
            boot.Step();
        }

        Assert.Equal(0, boot.Checks);
        Assert.Equal(0, rig.Reader.Counters.CardsDetected);
        Assert.DoesNotContain(rig.Feedback.Shown, VerdictIndications.Contains);
        Assert.Equal(Indication.Unprovisioned, rig.Feedback.Last);
        Assert.True(rig.Watchdog.Feeds >= 10, "the loop stays alive and keeps the watchdog fed");
        Assert.Empty(rig.Transport.Published);
    }

    [Fact]
    public void A_corrupt_configuration_is_refused_with_its_reason_and_no_card_is_checked()
    {
        var rig = new BootRig().Provision();
        rig.Flash.CorruptStoredBit(ConfigurationStore.ActiveFileName, 300);
        var boot = rig.Boot();
        Dump(rig);

        Assert.Equal(BootState.InvalidConfiguration, boot.State);
        Assert.Contains("crc32", boot.Error.Message);
        Assert.Contains(rig.Log, l => l.StartsWith("config: refused", StringComparison.Ordinal) && l.Contains("crc32"));
        Assert.Equal(Indication.Unprovisioned, rig.Feedback.Last);

        rig.Reader.Field.Place(rig.Cards.Cards[0].Card);
        for (int i = 0; i < 10; i++)
        {
            boot.Step();
        }

        Assert.Equal(0, boot.Checks);
        Assert.DoesNotContain(rig.Feedback.Shown, VerdictIndications.Contains);
    }

    [Fact]
    public void A_configuration_with_an_unusable_key_is_refused_by_the_core()
    {
        var rig = new BootRig();
        var settings = rig.Settings() with
        {
            Keys = [.. rig.Settings().Keys.Select(k => k.Usage == "card-issuer" ? k with { Key = Enumerable.Repeat((byte)0xFF, 32).ToArray() } : k)],
        };
        rig.Flash.WriteAllBytes(ConfigurationStore.ActiveFileName, Terminal.Tools.Provisioning.DeviceConfigurationText.Write(settings));
        var boot = rig.Boot();
        Assert.Equal(BootState.InvalidConfiguration, boot.State);
        Assert.Contains("Ed25519", boot.Error.Message);
        Assert.Equal(Indication.Unprovisioned, rig.Feedback.Last);
    }

    [Fact]
    public void Without_wifi_the_terminal_runs_offline_checks_cards_and_queues_the_events()
    {
        var rig = new BootRig().Provision().WithRevocationList();
        rig.Network.Available = false;
        int attemptsBefore = rig.Network.Attempts, syncsBefore = rig.TimeSync.Attempts;
        var boot = rig.Boot();
        Dump(rig);

        Assert.Equal(BootState.Running, boot.State);
        Assert.False(boot.Online);
        Assert.Equal(rig.Options.WifiAttempts, rig.Network.Attempts - attemptsBefore);
        Assert.Equal(syncsBefore, rig.TimeSync.Attempts);
        Assert.Contains(rig.Log, l => l.Contains("offline mode"));

        // The RTC kept time but nobody checked it: stale, which the hospital profile accepts with a warning.
        var report = rig.Tap(rig.ValidCard.Card);
        Assert.NotNull(report);
        Assert.Equal(ClockTrust.Stale, report.Clock);
        Assert.Equal(VerdictCode.Valid, report.Verdict.Code);
        Assert.Contains(Indication.AcceptedWithWarning, rig.Feedback.Shown);

        rig.Report();
        Assert.Empty(rig.Transport.Connections);
        Assert.Equal(1, boot.Outbox!.PendingCount);

        // The access point comes back: the next retry reconnects, syncs the clock and the queued event goes out.
        rig.Network.Available = true;
        rig.Uptime.Advance(rig.Options.WifiRetryIntervalMs);
        boot.Step();
        Assert.True(boot.Online);
        Assert.Equal(1, boot.SntpSynchronizations);
        rig.Report();
        Assert.Single(rig.UsagePublications());
        Assert.Equal(0, boot.Outbox.PendingCount);
    }

    [Fact]
    public void A_flaky_access_point_is_retried_at_boot()
    {
        var rig = new BootRig().Provision();
        rig.Network.FailFirstAttempts = 2;
        var boot = rig.Boot();
        Assert.True(boot.Online);
        Assert.Equal(3, rig.Network.Attempts);
    }

    [Fact]
    public void An_unset_clock_makes_checks_clock_untrusted_until_network_time_arrives()
    {
        var rig = new BootRig().Provision().WithRevocationList();
        rig.Clock.UtcUnixSeconds = 0; // RTC lost: 1970
        rig.Network.Available = false;
        var boot = rig.Boot();
        Dump(rig);

        Assert.Equal(BootState.Running, boot.State);
        Assert.Equal(ClockCondition.Unset, boot.ClockAtBoot);
        Assert.Contains(rig.Log, l => l.StartsWith("clock: unset", StringComparison.Ordinal));

        // Never accepted, and a genuine card is not called forged: CLOCK_UNTRUSTED with the "terminal not ready" pattern.
        var report = rig.Tap(rig.ValidCard.Card);
        Assert.NotNull(report);
        Assert.Equal(ClockTrust.Untrusted, report.Clock);
        Assert.Equal(VerdictCode.ClockUntrusted, report.Verdict.Code);
        Assert.False(report.Verdict.Accepted);
        Assert.Equal(Indication.Unprovisioned, rig.Feedback.Shown[^1]);
        Assert.DoesNotContain(Indication.Accepted, rig.Feedback.Shown);
        Assert.Equal(0, boot.HighWater.WriteCount);

        rig.Network.Available = true;
        rig.Uptime.Advance(rig.Options.WifiRetryIntervalMs);
        boot.Step();
        Assert.Equal(ClockCondition.Synced, boot.Core!.Clock.Condition(rig.Clock.UtcUnixSeconds));
        rig.Advance(60);
        var after = rig.Tap(rig.ValidCard.Card);
        Assert.NotNull(after);
        Assert.Equal(VerdictCode.Valid, after.Verdict.Code);
        Assert.Equal(ClockTrust.Trusted, after.Clock);
    }

    [Fact]
    public void A_clock_set_back_below_the_high_water_mark_is_detected_and_reported()
    {
        var rig = new BootRig().Provision().WithRevocationList();
        Assert.True(rig.Flash.FileNames.Any(n => n.StartsWith(TerminalBoot.ClockHighWaterName, StringComparison.Ordinal)), "the first boot persisted its synced time");
        rig.Clock.Advance(-30L * 86400); // someone set the RTC back a month, to revive an expired permit
        rig.Network.Available = false;
        var boot = rig.Boot();
        Dump(rig);

        Assert.Equal(ClockCondition.RolledBack, boot.ClockAtBoot);
        Assert.True(boot.ClockRollbackDetected);
        Assert.Equal(BootRig.Now.ToUnixTimeSeconds(), boot.PersistedHighWaterMark);
        Assert.Contains(rig.Log, l => l.Contains("ROLLBACK"));

        var report = rig.Tap(rig.ValidCard.Card);
        Assert.NotNull(report);
        Assert.Equal(VerdictCode.ClockUntrusted, report.Verdict.Code);
        Assert.Equal(ClockTrust.Untrusted, report.Clock);

        // The rolled-back time is never persisted, whatever the loop does.
        for (int i = 0; i < 5; i++)
        {
            rig.Uptime.Advance(rig.Options.HighWaterSaveIntervalMs);
            boot.Step();
        }

        Assert.Equal(0, boot.HighWater.WriteCount);
        Assert.Equal(BootRig.Now.ToUnixTimeSeconds(), new ClockHighWaterStore(rig.Flash, TerminalBoot.ClockHighWaterName).Load());

        // The usage event carries the untrusted clock to the platform once the terminal is online again.
        rig.Network.Available = true;
        rig.TimeSync.Reachable = false;
        rig.Uptime.Advance(rig.Options.WifiRetryIntervalMs);
        boot.Step();
        rig.Report();
        var usage = Assert.Single(rig.UsagePublications());
        Assert.Contains("CLOCK_UNTRUSTED", usage.Text);
    }

    [Fact]
    public void The_high_water_mark_is_saved_periodically_with_bounded_writes()
    {
        var rig = new BootRig().Provision();
        var boot = rig.Boot();
        int writesAtBoot = boot.HighWater.WriteCount;
        Assert.True(writesAtBoot >= 1);

        // A day of loop iterations, one a second: writes only once an hour.
        for (int minute = 0; minute < 24 * 60; minute++)
        {
            rig.Advance(60);
            boot.Step();
        }

        int writes = boot.HighWater.WriteCount - writesAtBoot;
        Assert.InRange(writes, 20, 25);
        long mark = new ClockHighWaterStore(rig.Flash, TerminalBoot.ClockHighWaterName).Load();
        Assert.InRange(mark, rig.Clock.UtcUnixSeconds - 3600, rig.Clock.UtcUnixSeconds);
    }

    [Fact]
    public void The_self_test_button_runs_every_step_and_publishes_the_results()
    {
        var rig = new BootRig().Provision();
        rig.Button.IsHeld = true;
        rig.Reader.Field.Place(SimulatedCards.Blank(SimulatedCards.Uid4(0x11223344)));
        var boot = rig.Boot();
        Dump(rig);

        var selfTest = boot.SelfTestRun;
        Assert.NotNull(selfTest);
        Assert.Equal(SelfTest.Steps.Length, selfTest.Passed);
        Assert.Equal(0, selfTest.Failed);
        foreach (var step in SelfTest.Steps)
        {
            Assert.Contains(rig.Log, l => l.StartsWith("selftest " + step + " PASS", StringComparison.Ordinal));
        }

        Assert.Contains("card uid 11223344", selfTest.Report);
        Assert.False(rig.Flash.Exists(SelfTest.FileName));
        foreach (var indication in new[] { Indication.Accepted, Indication.AcceptedWithWarning, Indication.Refused, Indication.TapAgain, Indication.ForgeryAlert, Indication.Unprovisioned, Indication.Fault })
        {
            Assert.Contains(indication, rig.Feedback.Shown);
        }

        Assert.True(boot.SelfTestPublished);
        var published = Assert.Single(rig.Transport.On("/selftest"));
        Assert.Equal("rp/v1/420100/" + BootRig.TerminalId + "/selftest", published.Topic);
        foreach (var step in SelfTest.Steps)
        {
            Assert.Contains("selftest " + step + " PASS", published.Text);
        }

        Assert.Equal(BootState.Running, boot.State);
    }

    [Fact]
    public void The_self_test_reports_failures_step_by_step()
    {
        var rig = new BootRig().Provision(selfTest: true); // requested by the configuration flag
        rig.Chip.ChipVersion = -1;                          // reader chip not answering
        var boot = rig.Boot();                              // and no test card on the reader
        Dump(rig);

        var selfTest = boot.SelfTestRun!;
        Assert.Equal(2, selfTest.Failed);
        Assert.Contains(rig.Log, l => l.StartsWith("selftest reader-version FAIL", StringComparison.Ordinal));
        Assert.Contains(rig.Log, l => l.StartsWith("selftest antenna FAIL", StringComparison.Ordinal));
        Assert.Contains(rig.Log, l => l.StartsWith("selftest done FAIL", StringComparison.Ordinal));
        Assert.Contains(Indication.Fault, rig.Feedback.Shown);
        Assert.Contains("antenna FAIL", Assert.Single(rig.Transport.On("/selftest")).Text);
    }

    [Fact]
    public void An_unprovisioned_board_can_still_run_the_self_test_on_the_console()
    {
        var rig = new BootRig();
        rig.Button.IsHeld = true;
        rig.Reader.Field.Place(SimulatedCards.Blank(SimulatedCards.Uid4(7)));
        var boot = rig.Boot();
        Assert.Equal(BootState.Unprovisioned, boot.State);
        Assert.Equal(0, boot.SelfTestRun!.Failed);
        Assert.False(boot.SelfTestPublished);
        Assert.Equal(Indication.Unprovisioned, rig.Feedback.Last);
    }

    [Fact]
    public void An_installed_configuration_is_used_at_the_next_boot()
    {
        var rig = new BootRig().Provision();
        var store = new ConfigurationStore(rig.Flash);
        var error = new Terminal.Core.Configuration.ConfigError();
        byte[] newer = Terminal.Tools.Provisioning.DeviceConfigurationText.Write(rig.Settings(sequence: 2) with { ServicePoint = "急诊" });
        Assert.True(store.Install(newer, 0, newer.Length, error), error.ToString());
        rig.PowerCycle();
        var boot = rig.Boot();
        Assert.Equal(BootState.Running, boot.State);
        Assert.Equal(2, boot.Configuration!.Sequence);
        Assert.Equal(ConfigurationSource.InstalledSlot, boot.Configurations.Source);
    }

    [Fact]
    public void A_revocation_list_announced_over_mqtt_is_downloaded_out_of_order_and_installed()
    {
        var rig = new BootRig().Provision().WithRevocationList();
        var boot = rig.Boot();
        rig.Report();
        Assert.Equal(1UL, boot.Core!.Revocation.Status.Sequence);

        byte[] list = rig.Cards.SignedList(rig.TrueTime - 60, sequence: 2);
        const int Chunk = 64;
        int chunks = (list.Length + Chunk - 1) / Chunk;
        Assert.True(chunks > 2, "the list spans several chunks");
        var topics = boot.Session!.Topics;
        rig.Transport.Deliver(topics.ListAnnounce, System.Text.Encoding.ASCII.GetBytes($"seq=2;bytes={list.Length};chunk={Chunk}"));
        rig.Report(1);
        for (int i = chunks - 1; i >= 0; i--)
        {
            rig.Transport.Deliver(topics.ListChunk(2, i), list.Skip(i * Chunk).Take(Chunk).ToArray());
        }

        rig.Report(2);
        Assert.Equal(Terminal.Core.Revocation.RevocationError.None, boot.ListDownloadTarget!.LastError);
        Assert.Equal(2UL, boot.Core.Revocation.Status.Sequence);
        Assert.False(rig.Flash.Exists(TerminalCore.ListFilePrefix + "-fill.bin")); // no download left half-done

        // Taps go on with the new list.
        var report = rig.Tap(rig.ValidCard.Card);
        Assert.Equal(2UL, report!.ListSequence);
    }

    [Fact]
    public void A_signed_configuration_delivered_over_mqtt_is_installed_and_used_from_the_next_boot()
    {
        var rig = new BootRig().Provision();
        var boot = rig.Boot();
        Assert.Equal(BootState.Running, boot.State);
        rig.Report(1);
        var topics = boot.Session!.Topics;
        Assert.Contains(topics.Config, rig.Transport.Subscriptions);

        // Hostile messages first: refused, counted, logged; the session goes on.
        rig.Transport.Deliver(topics.Config, new byte[new Terminal.Core.Reporting.ReportingSessionOptions().MaxConfigBytes + 1]);
        rig.Transport.Deliver(topics.Config, System.Text.Encoding.ASCII.GetBytes("format=rp-device-config/1"));
        byte[] text = Terminal.Tools.Provisioning.DeviceConfigurationText.Write(rig.Settings(sequence: 2) with { ServicePoint = "急诊" });
        byte[] signed = Terminal.Tools.Provisioning.SignedConfigurationWriter.Sign(text, BootRig.TerminalId, BootRig.ConfigKeyId, rig.ConfigSeed, rig.TrueTime);
        rig.Transport.Deliver(topics.Config, signed);
        rig.Report(2);
        Assert.Equal(2, boot.Session.RejectedInbound);
        Assert.Equal(1, boot.Session.ConfigurationsAccepted);
        Assert.Contains(rig.Log, l => l == "config: pushed configuration refused: not a signed configuration (magic)");
        Assert.True(boot.RebootRequested);
        Assert.Contains(rig.Log, l => l.StartsWith("config: installed sequence 2", StringComparison.Ordinal));
        Assert.Equal(1, boot.Configuration!.Sequence); // this boot keeps its configuration

        var report = rig.Tap(rig.ValidCard.Card); // checks go on
        Assert.NotNull(report);
        rig.Report(2);
        Assert.NotEmpty(rig.UsagePublications());

        rig.PowerCycle();
        var next = rig.Boot();
        Assert.Equal(BootState.Running, next.State);
        Assert.Equal(2, next.Configuration!.Sequence);
        Assert.Equal("急诊", next.Configuration.ServicePoint);
        Assert.Equal(ConfigurationSource.InstalledSlot, next.Configurations.Source);
        Assert.False(next.RebootRequested);

        // The same message replayed after the reboot is refused (not newer).
        next.PollReporting();
        rig.Transport.Deliver(next.Session!.Topics.Config, signed);
        rig.Report(1);
        Assert.Equal(1, next.Session.RejectedInbound);
        Assert.Contains(rig.Log, l => l.Contains("sequence 2 is not newer", StringComparison.Ordinal));
    }
}
