using Terminal.Core.Update;

namespace Terminal.Tests.Update;

/// <summary>The flash budgets of README.md's table: 16 MB module (I: 3 MiB) and 4 MB module (I: 256 KiB).</summary>
public sealed class FlashBudgetTests
{
    private const long KiB = 1024;

    /// <summary>16 MB reference board: 3 MiB drive, 128 KiB reserved, 2 × 256 KiB lists + 64 KiB delta, 1 MiB outbox, 512 KiB bundles.</summary>
    public static FlashBudget ReferenceBoard() => FlashBudget.Plan(3 * 1024 * KiB, 128 * KiB, 256 * KiB, 64 * KiB, 1024 * KiB, 512 * KiB);

    /// <summary>
    /// 4 MB module: 256 KiB drive of which LittleFS reports ~150 KB usable (106 KiB reserved with the Wi-Fi and
    /// certificate files), 2 × 16 KiB lists + 4 KiB delta, 64 KiB outbox.
    /// </summary>
    public static FlashBudget SmallModule(long bundleBytes) => FlashBudget.Plan(256 * KiB, 106 * KiB, 16 * KiB, 4 * KiB, 64 * KiB, bundleBytes);

    [Fact]
    public void Both_slots_lists_and_outbox_fit_the_3_MiB_drive_of_the_reference_board()
    {
        var budget = ReferenceBoard();
        Assert.Equal(UpdateMode.DualSlot, budget.Mode);
        Assert.Equal(1344 * KiB, budget.AvailableForBundles);
        Assert.Equal(672 * KiB, budget.MaxBundleBytes);
        Assert.Equal(1024 * KiB, budget.BundleSlotBytes);
        long total = budget.ReservedBytes + 2 * budget.ListSlotBytes + budget.DeltaBytes + budget.OutboxBytes + budget.BundleSlotBytes;
        Assert.True(total <= budget.DriveBytes);

        var policy = UpdateFixtures.Policy();
        budget.ApplyTo(policy);
        Assert.False(policy.SingleSlot);
        Assert.Equal(672 * KiB, policy.MaxBundleBytes);
    }

    [Fact]
    public void On_the_256_KiB_drive_a_full_application_disables_updates_and_a_small_one_gets_a_single_slot()
    {
        var full = SmallModule(128 * KiB);
        Assert.Equal(50 * KiB, full.AvailableForBundles);
        Assert.Equal(UpdateMode.Disabled, full.Mode);
        Assert.Equal(0, full.MaxBundleBytes);
        var policy = UpdateFixtures.Policy();
        full.ApplyTo(policy);
        Assert.Equal(0, policy.MaxBundleBytes); // UpdateSlots then answers UpdatesDisabled (SingleSlotTests)

        var small = SmallModule(48 * KiB);
        Assert.Equal(UpdateMode.SingleSlot, small.Mode);
        Assert.Equal(50 * KiB, small.MaxBundleBytes);
        small.ApplyTo(policy);
        Assert.True(policy.SingleSlot);

        Assert.Equal(UpdateMode.DualSlot, SmallModule(25 * KiB).Mode);
    }

    [Fact]
    public void A_drive_too_small_for_the_rest_reports_a_negative_remainder_and_no_updates()
    {
        var budget = FlashBudget.Plan(128 * KiB, 106 * KiB, 16 * KiB, 4 * KiB, 64 * KiB, 1);
        Assert.True(budget.AvailableForBundles < 0);
        Assert.Equal(UpdateMode.Disabled, budget.Mode);
        Assert.Equal(UpdateMode.Disabled, FlashBudget.Plan(3 * 1024 * KiB, 0, 0, 0, 0, 0).Mode);
    }
}
