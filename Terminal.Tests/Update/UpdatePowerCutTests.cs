using Terminal.Core.Update;
using Terminal.Drivers.Storage.Simulated;
using Xunit.Abstractions;

namespace Terminal.Tests.Update;

/// <summary>
/// Power cut at every write tick (every byte, create, flush) of an update: download into the spare slot, completion
/// (verify + pending switch), the trial boot's counter and the health confirmation. After each cut the terminal reboots
/// and must boot a complete, verified application — the old one or the new one, never neither and never a mix.
/// </summary>
public sealed class UpdatePowerCutTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(UnflushedDataOnPowerCut.Lost)]
    [InlineData(UnflushedDataOnPowerCut.Kept)]
    public void Dual_slot_update_cut_at_every_write_tick_always_boots_the_old_or_the_new_version(UnflushedDataOnPowerCut policy)
    {
        var start = UpdateSlotsTests.FlashWithVersion1();
        byte[] bundle = UpdateFixtures.Bundle(2, size: 120);
        void Operation(SimulatedFlash flash)
        {
            var slots = UpdateFixtures.Slots(flash);
            Assert.Equal(BootKind.Active, slots.DecideBoot().Kind);
            Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, bundle, 2, chunk: 128));
            var next = UpdateFixtures.Slots(flash); // the reboot into the new version
            Assert.Equal(BootKind.Trial, next.DecideBoot().Kind);
            Assert.Equal(UpdateError.None, next.ConfirmHealthy());
        }

        long ticks = SimulatedFlash.CountWriteTicks(start, Operation);
        Assert.True(ticks > bundle.Length);
        int oldBooted = 0, newBooted = 0;
        for (long cut = 0; cut <= ticks; cut++)
        {
            var flash = start.Clone();
            flash.ArmPowerCut(cut, policy);
            bool interrupted = false;
            try
            {
                Operation(flash);
            }
            catch (PowerCutException)
            {
                interrupted = true;
            }

            Assert.Equal(cut < ticks, interrupted);
            var rebooted = flash.Reboot();
            var slots = UpdateFixtures.Slots(rebooted);
            var decision = slots.DecideBoot();
            Assert.True(decision.Kind != BootKind.NoApplication, "cut at tick " + cut + ": nothing bootable (" + decision.Reason + ")");
            var loaded = UpdateFixtures.LoadBooted(slots);
            if (decision.Version == 2)
            {
                newBooted++;
                AssertIsVersion2(loaded, bundle);
                continue;
            }

            Assert.Equal(1UL, decision.Version);
            oldBooted++;
            UpdateFixtures.AssertIsVersion(loaded, 1);
            // Nothing is wedged: the update can simply be delivered again (the version was not burnt before it was staged).
            if (!slots.State.HasPending)
            {
                Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, bundle, 2, chunk: 128));
            }
        }

        output.WriteLine("dual slot, unflushed " + policy + ": " + (ticks + 1) + " cut points (" + ticks + " write ticks), old version booted " + oldBooted + ", new version booted " + newBooted);
        Assert.True(oldBooted > 0 && newBooted > 0);
    }

    [Theory]
    [InlineData(UnflushedDataOnPowerCut.Lost)]
    [InlineData(UnflushedDataOnPowerCut.Kept)]
    public void Single_slot_update_cut_at_every_write_tick_never_boots_a_partial_application_and_a_bundle_staged_again_recovers_it(UnflushedDataOnPowerCut policy)
    {
        var start = UpdateSlotsTests.FlashWithVersion1(singleSlot: true);
        byte[] bundle = UpdateFixtures.Bundle(2, size: 120);
        void Operation(SimulatedFlash flash)
        {
            var slots = UpdateFixtures.Slots(flash, singleSlot: true);
            Assert.Equal(BootKind.Active, slots.DecideBoot().Kind);
            Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, bundle, 2, chunk: 128));
            var next = UpdateFixtures.Slots(flash, singleSlot: true);
            Assert.Equal(BootKind.Trial, next.DecideBoot().Kind);
            Assert.Equal(UpdateError.None, next.ConfirmHealthy());
        }

        long ticks = SimulatedFlash.CountWriteTicks(start, Operation);
        int old = 0, updated = 0, recovery = 0;
        for (long cut = 0; cut <= ticks; cut++)
        {
            var flash = start.Clone();
            flash.ArmPowerCut(cut, policy);
            try
            {
                Operation(flash);
            }
            catch (PowerCutException)
            {
            }

            var rebooted = flash.Reboot();
            var slots = UpdateFixtures.Slots(rebooted, singleSlot: true);
            var decision = slots.DecideBoot();
            if (decision.Kind == BootKind.NoApplication)
            {
                // The old application was being replaced: never an unverified one, but none either: the bootstrap waits for a cable recovery.
                recovery++;
                Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, bundle, 2, chunk: 128));
                var again = UpdateFixtures.Slots(rebooted.Reboot(), singleSlot: true);
                Assert.Equal(BootKind.Trial, again.DecideBoot().Kind);
                AssertIsVersion2(UpdateFixtures.LoadBooted(again), bundle);
                continue;
            }

            var loaded = UpdateFixtures.LoadBooted(slots);
            if (decision.Version == 2)
            {
                updated++;
                AssertIsVersion2(loaded, bundle);
            }
            else
            {
                old++;
                UpdateFixtures.AssertIsVersion(loaded, 1);
            }
        }

        output.WriteLine("single slot, unflushed " + policy + ": " + (ticks + 1) + " cut points, old booted " + old + ", new booted " + updated + ", recovery (no application: cable) " + recovery);
        Assert.True(old > 0 && updated > 0 && recovery > 0);
    }

    private static void AssertIsVersion2(byte[][] loaded, byte[] bundle)
    {
        var manifest = new BundleManifest();
        Assert.Equal(UpdateError.None, manifest.Parse(bundle, bundle.Length));
        for (int i = 0; i < loaded.Length; i++)
        {
            Assert.Equal(bundle.AsSpan((int)manifest.Assemblies[i].Offset, manifest.Assemblies[i].Size).ToArray(), loaded[i]);
        }
    }
}
