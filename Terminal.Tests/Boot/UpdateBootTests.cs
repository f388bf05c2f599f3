using System.Text;
using Terminal.Core.App;
using Terminal.Core.Update;
using Terminal.Tests.Update;
using AppBootState = Terminal.Core.App.BootState;

namespace Terminal.Tests.Boot;

/// <summary>
/// Updates through the real boot (<see cref="TerminalBoot"/> on <see cref="BootRig"/>'s simulated board and fake MQTT
/// broker): the boot decides the slot before the session opens, the session delivers and stages the bundle, the next
/// boot is a trial confirmed by the boot's own health signals, and a version that never gets healthy is rolled back.
/// </summary>
public sealed class UpdateBootTests
{
    private const int Chunk = 512;
    private const long KiB = 1024;

    private static BootRig Rig()
    {
        var rig = new BootRig();
        rig.ExtraKeys.Add(UpdateFixtures.FirmwareConfigKey());
        rig.Options.BootstrapVersion = UpdateFixtures.BootstrapVersion;
        rig.Options.HardwareId = UpdateFixtures.Hardware;
        rig.Options.DriveBytes = 3 * 1024 * KiB;
        rig.Provision();
        return rig.WithRevocationList();
    }

    /// <summary>Power on, boot, and let the session connect (the firmware announcement is subscribed on connect).</summary>
    private static TerminalBoot PowerOn(BootRig rig)
    {
        rig.PowerCycle();
        var boot = rig.Boot();
        Assert.Equal(AppBootState.Running, boot.State);
        rig.Report(2);
        return boot;
    }

    /// <summary>The platform's side: the retained announcement and every chunk, as the broker would deliver them.</summary>
    private static void Deliver(BootRig rig, byte[] bundle, long version)
    {
        var topics = rig.Booted!.Session!.Topics;
        rig.Transport.Deliver(topics.Firmware, Encoding.ASCII.GetBytes("seq=" + version + ";bytes=" + bundle.Length + ";chunk=" + Chunk));
        rig.Report(2);
        for (int i = 0; i * Chunk < bundle.Length; i++)
        {
            rig.Transport.Deliver(topics.FirmwareChunk(version, i), bundle.Skip(i * Chunk).Take(Chunk).ToArray());
        }

        rig.Report(4);
    }

    private static string FirmwareStatus(BootRig rig) => rig.Transport.On("/firmware/status").Last().Text;

    /// <summary>Factory image → v5 delivered, staged, trial, confirmed by the boot's health signals → active.</summary>
    private static TerminalBoot InstallHealthy(BootRig rig, ulong version)
    {
        Deliver(rig, UpdateFixtures.Bundle(version), (long)version);
        Assert.True(rig.Booted!.RestartRequested);
        Assert.Contains("state=staged;version=" + version, FirmwareStatus(rig));

        var trial = PowerOn(rig);
        Assert.Equal(BootKind.Active, trial.Updates!.Booted.Kind); // confirmed during this boot: trial → active
        Assert.NotNull(trial.HealthGate);
        Assert.True(trial.HealthGate!.Confirmed);
        Assert.Equal(version, trial.Updates.State.ActiveVersion);
        Assert.False(trial.Updates.State.HasPending);
        Assert.Contains(rig.Log, l => l.Contains("version " + version + " on trial (boot 1 of 3)"));
        Assert.Contains(rig.Log, l => l.Contains("version " + version + " confirmed healthy"));
        Assert.Equal("running=" + version + ";state=idle", FirmwareStatus(rig)); // republished at once: no longer trial=1
        return trial;
    }

    [Fact]
    public void A_delivered_bundle_boots_on_trial_at_the_next_power_on_and_the_health_gate_makes_it_active()
    {
        var rig = Rig();
        var factory = PowerOn(rig);
        Assert.Equal(BootKind.NoApplication, factory.Updates!.Booted.Kind);
        Assert.Null(factory.HealthGate);
        Assert.NotNull(factory.UpdateDelivery);
        Assert.Contains(rig.Log, l => l.StartsWith("update: mode dual-slot"));
        Assert.Contains(rig.Log, l => l == "update: no verified application in slot A or B");
        Assert.Contains(rig.Transport.Subscriptions, s => s.EndsWith("/firmware"));
        Assert.False(factory.RestartRequested);

        InstallHealthy(rig, 5);

        var after = PowerOn(rig);
        Assert.Equal(BootKind.Active, after.Updates!.Booted.Kind);
        Assert.Equal(5UL, after.Updates.Booted.Version);
        Assert.Null(after.HealthGate);
        Assert.Contains("running=5;state=idle", FirmwareStatus(rig));
        rig.Advance(120); // a heartbeat falls due: the firmware field names the slot version
        rig.Report(3);
        Assert.Contains("\"fw\":\"test-1.0-app5\"", rig.Transport.On("/health").Last().Text);
        UpdateFixtures.AssertIsVersion(UpdateFixtures.LoadBooted(after.Updates), 5);
    }

    [Fact]
    public void A_version_whose_reader_never_answers_is_rolled_back_after_the_trial_boots_and_reported()
    {
        var rig = Rig();
        PowerOn(rig);
        InstallHealthy(rig, 5);

        Deliver(rig, UpdateFixtures.Bundle(6), 6);
        Assert.True(rig.Booted!.RestartRequested);
        rig.Chip.ChipVersion = -1; // the new version's reader never answers, and no card is tapped

        for (int boot = 1; boot <= 3; boot++)
        {
            var trial = PowerOn(rig);
            Assert.Equal(BootKind.Trial, trial.Updates!.Booted.Kind);
            Assert.Equal(6UL, trial.Updates.Booted.Version);
            Assert.False(trial.HealthGate!.Confirmed);
            Assert.Equal(boot, trial.Updates.State.TrialBoots);
            Assert.Contains("running=6;trial=1", FirmwareStatus(rig));
        }

        var rolledBack = PowerOn(rig);
        Assert.Equal(BootKind.Active, rolledBack.Updates!.Booted.Kind);
        Assert.Equal(5UL, rolledBack.Updates.Booted.Version);
        Assert.Equal(6UL, rolledBack.Updates.Booted.RolledBackVersion);
        Assert.Contains(rig.Log, l => l == "update: ROLLBACK of version 6 (NeverHealthy)");
        Assert.Contains("running=5;state=idle;failed=6;failure=NeverHealthy", FirmwareStatus(rig));
        UpdateFixtures.AssertIsVersion(UpdateFixtures.LoadBooted(rolledBack.Updates), 5);
    }

    [Fact]
    public void Started_by_the_bootstrap_the_boot_does_not_decide_again_and_offline_mode_counts_as_the_network_signal()
    {
        var rig = Rig();
        PowerOn(rig);
        Deliver(rig, UpdateFixtures.Bundle(5), 5);
        Assert.True(rig.Booted!.RestartRequested);

        // Device order: the bootstrap decides (one trial boot counted), then the application runs with its host.
        rig.PowerCycle();
        rig.Network.Available = false;
        var host = ApplicationHost.Prepare(rig.Drivers(), rig.Options);
        Assert.Equal(BootKind.Trial, host.Booted!.Kind);
        Assert.Equal(1, host.Updates!.State.TrialBoots);
        var boot = new TerminalBoot(host);
        Assert.Equal(AppBootState.Running, boot.Boot());
        Assert.Same(host.Updates, boot.Updates);
        Assert.False(boot.Online);
        Assert.True(boot.HealthGate!.Confirmed); // reader answered, list mounted, offline mode entered
        Assert.Equal(5UL, boot.Updates!.State.ActiveVersion);
        Assert.Equal(0, boot.Updates.State.TrialBoots);
        Assert.Single(rig.Log, l => l.StartsWith("update: booting version 5 on trial"));
    }

    [Fact]
    public void A_replayed_older_bundle_is_refused_and_the_running_version_stays()
    {
        var rig = Rig();
        PowerOn(rig);
        InstallHealthy(rig, 5);
        PowerOn(rig);

        Deliver(rig, UpdateFixtures.Bundle(4), 4); // announced as what it is: at or below the floor, never downloaded
        Assert.False(rig.Booted!.RestartRequested);
        Assert.DoesNotContain(rig.Transport.Subscriptions, s => s.EndsWith("/_fw/4/+"));
        Assert.Equal("running=5;state=idle", FirmwareStatus(rig));

        Deliver(rig, UpdateFixtures.Bundle(4), 7); // the old signed bundle announced under a higher number
        Assert.False(rig.Booted!.RestartRequested);
        Assert.Equal("running=5;state=refused;version=7;reason=NotNewer", FirmwareStatus(rig));

        var next = PowerOn(rig);
        Assert.Equal(5UL, next.Updates!.Booted.Version);
        Assert.Equal(BootKind.Active, next.Updates.Booted.Kind);
    }

    [Fact]
    public void On_a_256_KiB_drive_updates_are_disabled_or_single_slot_and_the_mode_is_logged()
    {
        var rig = Rig();
        rig.Options.DriveBytes = 256 * KiB;
        var small = PowerOn(rig);
        Assert.Contains(rig.Log, l => l.StartsWith("update: mode disabled") && l.EndsWith("updates by cable only"));
        Assert.Equal(UpdateMode.Disabled, small.Host!.Mode);
        Assert.Null(small.UpdateDelivery);
        Assert.DoesNotContain(rig.Transport.Subscriptions, s => s.EndsWith("/firmware"));

        // The 4 MB module's budget (Core/Update/README.md) with a trimmed application: one slot, replaced in place.
        rig.Options.FlashReservedBytes = 106 * KiB;
        rig.Options.ListSlotBytes = 16 * KiB;
        rig.Options.ListDeltaBytes = 4 * KiB;
        rig.Options.OutboxBytes = 64 * KiB;
        rig.Options.PlannedBundleBytes = 48 * KiB;
        var single = PowerOn(rig);
        Assert.Contains(rig.Log, l => l.StartsWith("update: mode single-slot"));
        Assert.Equal(UpdateMode.SingleSlot, single.Host!.Mode);
        Assert.True(single.Updates!.Policy.SingleSlot);
        Assert.NotNull(single.UpdateDelivery);
    }
}
