using Terminal.Core.Update;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Tests.Update;

/// <summary>Single-slot mode (4 MB modules): replace in place, verify before booting, no rollback copy.</summary>
public sealed class SingleSlotTests
{
    [Fact]
    public void An_update_replaces_the_only_slot_and_is_confirmed()
    {
        var slots = UpdateFixtures.Slots(UpdateSlotsTests.FlashWithVersion1(singleSlot: true), singleSlot: true);
        slots.DecideBoot();
        Assert.Equal(0, slots.StagingSlot);
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2), 2));
        var flash = ((SimulatedFlash)slots.Store).Reboot();
        Assert.Single(flash.FileNames, n => n.StartsWith("fw-") && n != UpdateSlots.StateName);
        slots = UpdateFixtures.Slots(flash, singleSlot: true);
        var decision = slots.DecideBoot();
        Assert.Equal(BootKind.Trial, decision.Kind);
        Assert.Equal(0, decision.Slot);
        Assert.Equal(UpdateError.None, slots.ConfirmHealthy());
        UpdateSlotsTests.AssertBootsVersion(slots, 2);
    }

    [Fact]
    public void A_refused_bundle_leaves_no_application_and_the_bootstrap_waits_for_a_good_one()
    {
        var slots = UpdateFixtures.Slots(UpdateSlotsTests.FlashWithVersion1(singleSlot: true), singleSlot: true);
        slots.DecideBoot();
        byte[] flipped = UpdateFixtures.Bundle(2);
        flipped[^1] ^= 1;
        Assert.Equal(UpdateError.HashMismatch, UpdateFixtures.Stage(slots, flipped, 2));
        var flash = ((SimulatedFlash)slots.Store).Reboot();
        slots = UpdateFixtures.Slots(flash, singleSlot: true);
        var decision = slots.DecideBoot();
        Assert.Equal(BootKind.NoApplication, decision.Kind); // never the unverified bytes
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2), 2));
        Assert.Equal(BootKind.Trial, UpdateFixtures.Slots(flash.Reboot(), singleSlot: true).DecideBoot().Kind);
    }

    [Fact]
    public void A_version_that_never_reports_healthy_is_given_up_and_reported_and_only_a_newer_one_is_accepted()
    {
        var slots = UpdateFixtures.Slots(UpdateSlotsTests.FlashWithVersion1(singleSlot: true), singleSlot: true);
        slots.DecideBoot();
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2), 2));
        var flash = (SimulatedFlash)slots.Store;
        BootDecision decision;
        do
        {
            flash = flash.Reboot();
            slots = UpdateFixtures.Slots(flash, singleSlot: true);
            decision = slots.DecideBoot();
        }
        while (decision.Kind == BootKind.Trial);

        Assert.Equal(BootKind.NoApplication, decision.Kind);
        Assert.Equal(2UL, decision.RolledBackVersion);
        Assert.Equal(UpdateError.NeverHealthy, decision.Reason);
        Assert.Equal(2UL, slots.State.LastFailedVersion);
        Assert.Equal(UpdateError.NotNewer, slots.BeginStaging(2, 5000));
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(3), 3));
    }

    [Fact]
    public void Updates_are_refused_when_the_budget_leaves_no_room()
    {
        var policy = UpdateFixtures.Policy(singleSlot: true, maxBundleBytes: 0);
        var slots = new UpdateSlots(UpdateSlotsTests.FlashWithVersion1(singleSlot: true), UpdateFixtures.Ring(), new Terminal.Tools.Crypto.BouncyCastleSignatureVerifier(), policy);
        Assert.Equal(BootKind.Active, slots.DecideBoot().Kind);
        Assert.Equal(UpdateError.UpdatesDisabled, slots.BeginStaging(2, 5000));
        Assert.Equal(1UL, slots.State.ActiveVersion); // the running application was not touched
    }
}
