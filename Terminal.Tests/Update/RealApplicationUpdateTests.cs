using System.Text;
using Terminal.Core.Reporting;
using Terminal.Core.Update;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tests.Boot;
using Terminal.Tools.Firmware;

namespace Terminal.Tests.Update;

/// <summary>
/// The whole split, end to end on the host: the bootstrap's decision (<see cref="HostBootstrap"/>, the twin of the
/// board's Program.Main) loads the REAL application — the net10.0 build of Terminal.App, bundled and signed like a
/// release — from a slot through an AssemblyLoadContext, and that application checks cards, downloads the next bundle
/// over MQTT, restarts into it, and confirms (or fails to confirm) its health. Nothing of Terminal.App is called
/// directly: the only way in is the bundle's entry point, as on the board.
/// </summary>
public sealed class RealApplicationUpdateTests
{
    private const int Chunk = 4096;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A release bundle of the real application (the version is the manifest's; the bytes are the build's).</summary>
    private static byte[] ApplicationBundle(ulong version) =>
        FirmwareBundleBuilder.Build(
            [new BundleInput(Terminal.App.Application.AssemblyName + ".dll", File.ReadAllBytes(typeof(Terminal.App.Application).Assembly.Location))],
            UpdateFixtures.Parameters(version) with { EntryType = Terminal.App.Application.EntryType }, UpdateFixtures.FirmwareSeed);

    private static BootRig FactoryRig()
    {
        var rig = new BootRig();
        rig.ExtraKeys.Add(UpdateFixtures.FirmwareConfigKey());
        rig.Options.BootstrapVersion = UpdateFixtures.BootstrapVersion;
        rig.Options.HardwareId = UpdateFixtures.Hardware;
        rig.Options.DriveBytes = 3 * 1024 * 1024;
        rig.Options.IdleSleepMs = 2;
        rig.Options.ReportingPollMs = 2;
        rig.Provision();
        rig.WithRevocationList();

        // The factory's file deployment: the release bundle as slot A next to config.txt, no boot-state record yet.
        rig.Flash.WriteAllBytes("fw-a.bin", ApplicationBundle(1));
        rig.PowerCycle();
        return rig;
    }

    /// <summary>The platform's retained announcement and chunks, as the broker hands them to a subscriber.</summary>
    private static void Announce(BootRig rig, byte[] bundle, long version)
    {
        var topics = new ReportingTopics(rig.Settings().Region, BootRig.TerminalId);
        rig.Transport.Retain(topics.Firmware, Encoding.ASCII.GetBytes("seq=" + version + ";bytes=" + bundle.Length + ";chunk=" + Chunk));
        for (int i = 0; i * Chunk < bundle.Length; i++)
        {
            rig.Transport.Retain(topics.FirmwareChunk(version, i), bundle.Skip(i * Chunk).Take(Chunk).ToArray());
        }
    }

    /// <summary>Polls a condition the application's threads make true; reads of growing lists may race, so retry.</summary>
    private static bool Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (condition())
                {
                    return true;
                }
            }
            catch (InvalidOperationException)
            {
                // a list grew while it was read: look again
            }

            Thread.Sleep(5);
        }

        return false;
    }

    private static bool Published(BootRig rig, string suffix, string text)
    {
        for (int i = rig.Transport.Published.Count - 1; i >= 0; i--)
        {
            var p = rig.Transport.Published[i];
            if (p.Topic.EndsWith(suffix, StringComparison.Ordinal) && p.Text.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string FirmwareStatus(BootRig rig) => rig.Transport.On("/firmware/status").Last().Text;

    [Fact]
    public void The_factory_bundle_is_adopted_checks_a_card_takes_the_next_version_over_MQTT_and_confirms_it()
    {
        var rig = FactoryRig();

        // Power-on 1: no state record → the bootstrap adopts the verified slot A; the application checks a card.
        rig.Reader.Field.Tap(rig.ValidCard.Card, SimulatedField.Forever);
        var factory = HostBootstrap.PowerOn(rig.Drivers(), rig.Options);
        Assert.True(factory.Started);
        Assert.Equal(BootKind.Active, factory.Decision!.Kind);
        Assert.Equal(1UL, factory.Decision.Version);
        Assert.True(Eventually(() => rig.Feedback.Shown.Contains(Indication.Accepted)), "the loaded application never accepted the valid card");
        rig.Reader.Field.PullAway();
        Assert.True(Eventually(() => Published(rig, "/firmware/status", "running=1;state=idle")));
        factory.Stop();
        Assert.Equal(UpdateError.None, factory.Ended);
        Assert.Contains(rig.Log, l => l == "app: stop requested by the host");

        // Power-on 2: the platform has announced version 2; the application downloads, verifies and stages it, then
        // returns by itself so the bootstrap can restart into it.
        Announce(rig, ApplicationBundle(2), 2);
        rig.PowerCycle();
        var download = HostBootstrap.PowerOn(rig.Drivers(), rig.Options);
        Assert.Equal(1UL, download.Decision!.Version);
        Assert.True(download.WaitForReturn(Patience), "the application did not restart into the staged version");
        Assert.Contains(rig.Log, l => l == "update: restarting into the staged version");
        Assert.Contains("state=staged;version=2", FirmwareStatus(rig));

        // Power-on 3: version 2 on trial; the new application's own health signals confirm it.
        rig.PowerCycle();
        var trial = HostBootstrap.PowerOn(rig.Drivers(), rig.Options);
        Assert.Equal(BootKind.Trial, trial.Decision!.Kind);
        Assert.Equal(2UL, trial.Decision.Version);
        Assert.True(Eventually(() => trial.Host.Updates!.State.ActiveVersion == 2), "version 2 never confirmed healthy");
        trial.Stop();
        Assert.Contains(rig.Log, l => l.Contains("version 2 confirmed healthy"));

        // Power-on 4: version 2 is simply the active application now.
        rig.PowerCycle();
        var after = HostBootstrap.PowerOn(rig.Drivers(), rig.Options);
        Assert.Equal(BootKind.Active, after.Decision!.Kind);
        Assert.Equal(2UL, after.Decision.Version);
        after.Stop();
    }

    [Fact]
    public void A_real_application_that_never_gets_healthy_is_rolled_back_to_the_factory_version_by_the_bootstrap()
    {
        var rig = FactoryRig();
        Announce(rig, ApplicationBundle(2), 2);
        var download = HostBootstrap.PowerOn(rig.Drivers(), rig.Options);
        Assert.True(download.WaitForReturn(Patience));

        rig.Chip.ChipVersion = -1; // from now on the reader never answers: version 2 cannot report healthy
        for (int boot = 1; boot <= rig.Options.MaxTrialBoots; boot++)
        {
            rig.PowerCycle();
            rig.Transport.Published.Clear();
            var trial = HostBootstrap.PowerOn(rig.Drivers(), rig.Options);
            Assert.Equal(BootKind.Trial, trial.Decision!.Kind);
            Assert.True(Eventually(() => Published(rig, "/firmware/status", "running=2;trial=1")));
            trial.Stop();
            Assert.Equal(boot, trial.Host.Updates!.State.TrialBoots);
            Assert.Equal(1UL, trial.Host.Updates.State.ActiveVersion);
        }

        rig.PowerCycle();
        var rolledBack = HostBootstrap.PowerOn(rig.Drivers(), rig.Options);
        Assert.Equal(BootKind.Active, rolledBack.Decision!.Kind);
        Assert.Equal(1UL, rolledBack.Decision.Version);
        Assert.Equal(2UL, rolledBack.Decision.RolledBackVersion);
        Assert.True(Eventually(() => Published(rig, "/firmware/status", "running=1;state=idle;failed=2;failure=NeverHealthy")));
        rolledBack.Stop();
        Assert.Contains(rig.Log, l => l == "update: ROLLBACK of version 2 (NeverHealthy)");
    }

    [Fact]
    public void Where_the_flash_plan_disables_updates_a_bundle_copied_by_cable_still_boots_and_no_firmware_topic_is_subscribed()
    {
        var rig = FactoryRig();
        rig.Options.DriveBytes = 256 * 1024; // the 4 MB module: no room for a download, updates by cable only

        rig.Reader.Field.Tap(rig.ValidCard.Card, SimulatedField.Forever);
        var power = HostBootstrap.PowerOn(rig.Drivers(), rig.Options);
        Assert.Equal(UpdateMode.Disabled, power.Host.Mode);
        Assert.Equal(BootKind.Active, power.Decision!.Kind);
        Assert.Equal(1UL, power.Decision.Version);
        Assert.True(Eventually(() => rig.Feedback.Shown.Contains(Indication.Accepted)), "the cable-installed application never accepted the valid card");
        rig.Reader.Field.PullAway();
        Assert.True(Eventually(() => rig.Transport.Subscriptions.Count > 0), "the application never subscribed to its commands");
        power.Stop();
        Assert.DoesNotContain(rig.Transport.Subscriptions, s => s.EndsWith("/firmware", StringComparison.Ordinal));
    }
}
