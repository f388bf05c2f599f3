using Terminal.Core.Update;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Tests.Update;

/// <summary>The bootstrap's slots and boot state: staging, trial boots, confirmation, rollback, replay and policy refusals.</summary>
public sealed class UpdateSlotsTests
{
    /// <summary>A flash with version 1 installed by cable (a bundle in slot A, no state yet) and adopted at first boot.</summary>
    internal static SimulatedFlash FlashWithVersion1(bool singleSlot = false)
    {
        var flash = new SimulatedFlash();
        flash.WriteAllBytes(UpdateSlots.SlotName(0), UpdateFixtures.Bundle(1));
        var slots = UpdateFixtures.Slots(flash, singleSlot);
        var decision = slots.DecideBoot();
        Assert.Equal(BootKind.Active, decision.Kind);
        Assert.Equal(1UL, decision.Version);
        return flash.Reboot();
    }

    [Fact]
    public void First_boot_adopts_a_verified_bundle_put_in_a_slot_by_cable_and_refuses_a_damaged_one()
    {
        var flash = FlashWithVersion1();
        var slots = UpdateFixtures.Slots(flash);
        var decision = slots.DecideBoot();
        Assert.Equal(BootKind.Active, decision.Kind);
        Assert.Equal(0, decision.Slot);
        Assert.Equal(UpdateFixtures.EntryType, decision.Manifest!.EntryType);
        UpdateFixtures.AssertIsVersion(UpdateFixtures.LoadBooted(slots), 1);
        Assert.Equal(1UL, slots.VersionFloor);

        var damaged = new SimulatedFlash();
        byte[] bundle = UpdateFixtures.Bundle(1);
        bundle[^5] ^= 1;
        damaged.WriteAllBytes(UpdateSlots.SlotName(0), bundle);
        var none = UpdateFixtures.Slots(damaged).DecideBoot();
        Assert.Equal(BootKind.NoApplication, none.Kind);
        Assert.Equal(UpdateError.NoBundle, none.Reason);
    }

    [Fact]
    public void A_good_update_is_tried_confirmed_healthy_and_then_stays_active()
    {
        var slots = UpdateFixtures.Slots(FlashWithVersion1());
        slots.DecideBoot();
        Assert.Equal(1, slots.StagingSlot);
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2), 2));
        Assert.Equal(-1, slots.StagingSlot); // no second download while version 2 is unconfirmed
        Assert.Equal(UpdateError.PendingUnconfirmed, slots.BeginStaging(3, 1000));

        var flash = ((SimulatedFlash)GetStore(slots)).Reboot();
        slots = UpdateFixtures.Slots(flash);
        var trial = slots.DecideBoot();
        Assert.Equal(BootKind.Trial, trial.Kind);
        Assert.Equal(2UL, trial.Version);
        Assert.Equal(1, trial.Slot);
        UpdateFixtures.AssertIsVersion(UpdateFixtures.LoadBooted(slots), 2);
        Assert.Equal(UpdateError.None, slots.ConfirmHealthy());

        for (int boot = 0; boot < 5; boot++)
        {
            flash = flash.Reboot();
            slots = UpdateFixtures.Slots(flash);
            var decision = slots.DecideBoot();
            Assert.Equal(BootKind.Active, decision.Kind);
            Assert.Equal(2UL, decision.Version);
            Assert.Equal(UpdateError.None, slots.ConfirmHealthy());
        }

        Assert.Equal(0, slots.StagingSlot); // the old slot takes the next update
    }

    [Fact]
    public void A_version_that_never_reports_healthy_is_rolled_back_after_the_allowed_boots_and_reported()
    {
        var slots = UpdateFixtures.Slots(FlashWithVersion1());
        slots.DecideBoot();
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2), 2));
        var flash = (SimulatedFlash)GetStore(slots);
        int trials = 0;
        BootDecision decision;
        while (true)
        {
            flash = flash.Reboot();
            slots = UpdateFixtures.Slots(flash);
            decision = slots.DecideBoot();
            if (decision.Kind != BootKind.Trial)
            {
                break;
            }

            trials++;
            Assert.True(trials <= UpdateFixtures.Policy().MaxTrialBoots, "still on trial after the allowed boots");
        }

        Assert.Equal(UpdateFixtures.Policy().MaxTrialBoots, trials);
        Assert.Equal(BootKind.Active, decision.Kind);
        Assert.Equal(1UL, decision.Version);
        Assert.Equal(2UL, decision.RolledBackVersion);
        Assert.Equal(UpdateError.NeverHealthy, decision.Reason);
        UpdateFixtures.AssertIsVersion(UpdateFixtures.LoadBooted(slots), 1);
        var state = slots.State;
        Assert.Equal(2UL, state.LastFailedVersion);
        Assert.Equal((int)UpdateError.NeverHealthy, state.LastFailure);
        Assert.False(state.HasPending);

        // The failed version is not offered again: the fix must carry a higher version.
        Assert.Equal(UpdateError.NotNewer, slots.BeginStaging(2, UpdateFixtures.Bundle(2).Length));
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(3), 3));
    }

    [Fact]
    public void A_replayed_older_bundle_is_refused_whatever_the_announcement_says()
    {
        var slots = UpdateFixtures.Slots(FlashWithVersion1());
        slots.DecideBoot();
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(5), 5));
        var flash = ((SimulatedFlash)GetStore(slots)).Reboot();
        slots = UpdateFixtures.Slots(flash);
        slots.DecideBoot();
        Assert.Equal(UpdateError.None, slots.ConfirmHealthy());

        Assert.Equal(UpdateError.NotNewer, slots.BeginStaging(1, UpdateFixtures.Bundle(1).Length));
        Assert.Equal(UpdateError.NotNewer, slots.BeginStaging(5, UpdateFixtures.Bundle(5).Length));
        // Announced as version 9, but the signed manifest says 1 (a replay dressed up): refused.
        Assert.Equal(UpdateError.NotNewer, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(1), 9));
        // Announced as 9, signed as 8 (newer, but not what was announced).
        Assert.Equal(UpdateError.BadField, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(8), 9));
        AssertBootsVersion(slots, 5);
    }

    [Fact]
    public void Other_hardware_a_newer_bootstrap_a_wrong_key_or_a_flipped_bit_are_refused_and_the_old_version_keeps_running()
    {
        var slots = UpdateFixtures.Slots(FlashWithVersion1());
        slots.DecideBoot();
        Assert.Equal(UpdateError.WrongHardware, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2, hardware: "rt-esp32s3-pn532"), 2));
        Assert.Equal(UpdateError.BootstrapTooOld, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2, minBootstrap: 9), 2));
        Assert.Equal(UpdateError.WrongKeyUsage, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2, Support.RevocationFixtures.ListKeyId, Support.RevocationFixtures.ListSeed), 2));
        byte[] flipped = UpdateFixtures.Bundle(2);
        flipped[^100] ^= 0x10;
        Assert.Equal(UpdateError.HashMismatch, UpdateFixtures.Stage(slots, flipped, 2));
        Assert.Equal(0UL, slots.State.PendingVersion);
        Assert.Equal(1UL, slots.VersionFloor); // refusals do not burn version numbers
        AssertBootsVersion(slots, 1);
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2), 2));
    }

    [Fact]
    public void Chunks_may_arrive_in_any_order_and_oversized_announcements_are_refused()
    {
        var slots = UpdateFixtures.Slots(FlashWithVersion1());
        slots.DecideBoot();
        byte[] bundle = UpdateFixtures.Bundle(2);
        Assert.Equal(UpdateError.DoesNotFit, slots.BeginStaging(2, 2L * 1024 * 1024));
        Assert.Equal(UpdateError.None, slots.BeginStaging(2, bundle.Length));
        const int chunk = 200;
        int chunks = (bundle.Length + chunk - 1) / chunk;
        foreach (int index in Enumerable.Range(0, chunks).Reverse())
        {
            int offset = index * chunk;
            Assert.Equal(UpdateError.None, slots.WriteStaging(offset, bundle, offset, Math.Min(chunk, bundle.Length - offset)));
        }

        Assert.Equal(UpdateError.LengthMismatch, slots.WriteStaging(bundle.Length, bundle, 0, 1));
        Assert.Equal(UpdateError.None, slots.CompleteStaging(2, new BundleManifest()));
        var flash = ((SimulatedFlash)GetStore(slots)).Reboot();
        slots = UpdateFixtures.Slots(flash);
        Assert.Equal(BootKind.Trial, slots.DecideBoot().Kind);
        UpdateFixtures.AssertIsVersion(UpdateFixtures.LoadBooted(slots), 2);
    }

    [Fact]
    public void A_damaged_trial_slot_is_rolled_back_at_boot_and_a_damaged_active_slot_falls_back_to_the_other_verified_one()
    {
        var slots = UpdateFixtures.Slots(FlashWithVersion1());
        slots.DecideBoot();
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2), 2));
        var flash = ((SimulatedFlash)GetStore(slots)).Reboot();
        flash.CorruptStoredBit(UpdateSlots.SlotName(1), 8L * (UpdateFixtures.Bundle(2).Length - 3));
        slots = UpdateFixtures.Slots(flash);
        var decision = slots.DecideBoot();
        Assert.Equal(BootKind.Active, decision.Kind);
        Assert.Equal(1UL, decision.Version);
        Assert.Equal(2UL, decision.RolledBackVersion);
        Assert.Equal(UpdateError.HashMismatch, decision.Reason);

        // Version 3 goes live; then its slot's manifest is damaged: version 1 (slot A, still intact) boots instead.
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(3), 3));
        flash = flash.Reboot();
        slots = UpdateFixtures.Slots(flash);
        Assert.Equal(BootKind.Trial, slots.DecideBoot().Kind);
        Assert.Equal(UpdateError.None, slots.ConfirmHealthy());
        flash = flash.Reboot();
        flash.CorruptStoredBit(UpdateSlots.SlotName(1), 8 * 9);
        slots = UpdateFixtures.Slots(flash);
        decision = slots.DecideBoot();
        Assert.Equal(BootKind.Active, decision.Kind);
        Assert.Equal(1UL, decision.Version);
        Assert.Equal(0, decision.Slot);
        Assert.NotEqual(UpdateError.None, decision.Reason);
        UpdateFixtures.AssertIsVersion(UpdateFixtures.LoadBooted(slots), 1);
    }

    [Fact]
    public void An_assembly_damaged_after_activation_is_caught_when_it_is_read_for_loading()
    {
        var flash = FlashWithVersion1();
        var manifest = new BundleManifest();
        byte[] bundle = UpdateFixtures.Bundle(1);
        manifest.Parse(bundle, bundle.Length);
        flash.CorruptStoredBit(UpdateSlots.SlotName(0), 8 * (manifest.Assemblies[1].Offset + 5));
        var slots = UpdateFixtures.Slots(flash);
        Assert.Equal(BootKind.Active, slots.DecideBoot().Kind);
        var buffer = new byte[manifest.Assemblies[1].Size];
        Assert.Equal(UpdateError.HashMismatch, slots.ReadAssembly(1, buffer));
        Assert.Equal(UpdateError.None, slots.ReadAssembly(0, new byte[manifest.Assemblies[0].Size]));

        // The loader reports it: the record stops matching the slot, and with no other slot there is nothing to boot.
        Assert.Equal(UpdateError.None, slots.ReportLoadFailure(UpdateError.HashMismatch));
        var next = UpdateFixtures.Slots(flash.Reboot()).DecideBoot();
        Assert.Equal(BootKind.NoApplication, next.Kind);
        Assert.Equal(UpdateError.SlotMismatch, next.Reason);
    }

    [Fact]
    public void A_trial_version_the_loader_cannot_load_is_given_up_at_once()
    {
        var slots = UpdateFixtures.Slots(FlashWithVersion1());
        slots.DecideBoot();
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(slots, UpdateFixtures.Bundle(2), 2));
        var flash = ((SimulatedFlash)slots.Store).Reboot();
        slots = UpdateFixtures.Slots(flash);
        Assert.Equal(BootKind.Trial, slots.DecideBoot().Kind);
        Assert.Equal(UpdateError.None, slots.ReportLoadFailure(UpdateError.BadField)); // e.g. Assembly.Load threw
        Assert.Equal(UpdateError.NoBundle, slots.ReportLoadFailure(UpdateError.BadField));
        slots = UpdateFixtures.Slots(flash.Reboot());
        var decision = slots.DecideBoot();
        Assert.Equal(BootKind.Active, decision.Kind);
        Assert.Equal(1UL, decision.Version);
        Assert.Equal(2UL, slots.State.LastFailedVersion);
        Assert.Equal((int)UpdateError.BadField, slots.State.LastFailure);
    }

    internal static void AssertBootsVersion(UpdateSlots slots, ulong version)
    {
        var flash = ((SimulatedFlash)GetStore(slots)).Reboot();
        var again = UpdateFixtures.Slots(flash);
        var decision = again.DecideBoot();
        Assert.NotEqual(BootKind.NoApplication, decision.Kind);
        Assert.Equal(version, decision.Version);
        UpdateFixtures.AssertIsVersion(UpdateFixtures.LoadBooted(again), version);
    }

    internal static Drivers.Storage.IFileStore GetStore(UpdateSlots slots) => slots.Store;
}
