using Terminal.Core.Update;
using Terminal.Drivers.Storage.Simulated;
using Xunit.Abstractions;
using static Terminal.Tests.Reliability.CrashConsistency;

namespace Terminal.Tests.Update;

/// <summary>
/// The update slots alone, cut at every write tick (every byte, create, flush) under every fault model of the
/// crash-consistency harness: staging into a slot in 128-byte chunks, completion (verify + pending switch), the trial
/// boot's counter and the health confirmation. After each cut the terminal reboots and must boot a complete, verified
/// application — in dual-slot mode the old one or the new one, never neither and never a mix. (The whole MQTT path:
/// <c>Reliability/UpdateDeliveryCrashConsistencyTests</c>.)
/// </summary>
public sealed class UpdatePowerCutTests(ITestOutputHelper output)
{
    private const int NewSize = 120;

    [Fact]
    public void Dual_slot_update_cut_at_every_write_tick_always_boots_the_old_or_the_new_version()
    {
        byte[] bundle = UpdateFixtures.Bundle(2, size: NewSize);
        int oldBooted = 0, newBooted = 0;
        long cutPoints = CutEverywhere(output, "dual-slot update (stage, switch, trial, confirm)", UpdateSlotsTests.FlashWithVersion1(), () => 0,
            (flash, _) => StageTryAndConfirm(flash, bundle, singleSlot: false),
            (flash, _, point) =>
            {
                var slots = UpdateFixtures.Slots(flash);
                var decision = slots.DecideBoot();
                Check(decision.Kind != BootKind.NoApplication, point, () => "nothing bootable (" + UpdateErrorNames.Name(decision.Reason) + ")");
                CheckBootedIs(slots, decision.Version, point);
                if (decision.Version == 2)
                {
                    newBooted++;
                    return;
                }

                oldBooted++;
                // Nothing is wedged: the update can simply be staged again (the version was not burnt before it was staged).
                if (!slots.State.HasPending)
                {
                    Check(UpdateFixtures.Stage(slots, bundle, 2, chunk: 128) == UpdateError.None, point, () => "the update cannot be staged again");
                }
            });

        output.WriteLine("dual slot: " + cutPoints + " cut points, old version booted " + oldBooted + ", new version booted " + newBooted);
        Assert.True(oldBooted > 0 && newBooted > 0);
    }

    /// <summary>
    /// Single slot (the 4 MB module's fallback when a trimmed application fits once): the only slot is overwritten, so
    /// a cut may leave no application — but never a partial or unverified one — and a bundle staged again (on the
    /// board: by cable, the bootstrap has no network code) recovers it.
    /// </summary>
    [Fact]
    public void Single_slot_update_cut_at_every_write_tick_never_boots_a_partial_application_and_a_bundle_staged_again_recovers_it()
    {
        byte[] bundle = UpdateFixtures.Bundle(2, size: NewSize);
        int oldBooted = 0, newBooted = 0, recovered = 0;
        long cutPoints = CutEverywhere(output, "single-slot update (overwrite, verify, trial, confirm)", UpdateSlotsTests.FlashWithVersion1(singleSlot: true), () => 0,
            (flash, _) => StageTryAndConfirm(flash, bundle, singleSlot: true),
            (flash, _, point) =>
            {
                var slots = UpdateFixtures.Slots(flash, singleSlot: true);
                var decision = slots.DecideBoot();
                if (decision.Kind == BootKind.NoApplication)
                {
                    recovered++;
                    Check(UpdateFixtures.Stage(slots, bundle, 2, chunk: 128) == UpdateError.None, point, () => "a good bundle cannot be staged into the empty slot");
                    var again = UpdateFixtures.Slots(flash.Reboot(), singleSlot: true);
                    var next = again.DecideBoot();
                    Check(next.Kind == BootKind.Trial && next.Version == 2, point, () => "after staging again: " + next.Kind + " " + next.Version);
                    CheckBootedIs(again, 2, point);
                    return;
                }

                CheckBootedIs(slots, decision.Version, point);
                if (decision.Version == 2)
                {
                    newBooted++;
                }
                else
                {
                    oldBooted++;
                }
            });

        output.WriteLine("single slot: " + cutPoints + " cut points, old booted " + oldBooted + ", new booted " + newBooted + ", no application (staged again: cable) " + recovered);
        Assert.True(oldBooted > 0 && newBooted > 0 && recovered > 0);
    }

    private static void StageTryAndConfirm(SimulatedFlash flash, byte[] bundle, bool singleSlot)
    {
        var slots = UpdateFixtures.Slots(flash, singleSlot);
        Assert.Equal(BootKind.Active, slots.DecideBoot().Kind);
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, bundle, 2, chunk: 128));
        var next = UpdateFixtures.Slots(flash, singleSlot); // the reboot into the new version
        Assert.Equal(BootKind.Trial, next.DecideBoot().Kind);
        Assert.Equal(UpdateError.None, next.ConfirmHealthy());
    }

    private static void CheckBootedIs(UpdateSlots slots, ulong version, Reliability.CutPoint point) =>
        UpdateFixtures.CheckBootedIs(slots, version, version == 1 ? UpdateFixtures.DefaultAssemblySize : NewSize, point);
}
