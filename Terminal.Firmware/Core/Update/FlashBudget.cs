namespace Terminal.Core.Update
{
    /// <summary>How the terminal updates its application, decided from the flash sizes.</summary>
    public enum UpdateMode
    {
        /// <summary>Not even one bundle fits beside the lists and the outbox: updates only by cable.</summary>
        Disabled = 0,

        /// <summary>One bundle fits: replace in place, verify before booting, no rollback copy.</summary>
        SingleSlot = 1,

        /// <summary>Two bundles fit: A/B slots with trial boots and rollback.</summary>
        DualSlot = 2,
    }

    /// <summary>
    /// What the internal drive must hold: the file system's own overhead and small files (configuration, keys,
    /// certificates, boot state, download progress), two revocation-list slots and a delta, the outbox, and one or two
    /// bundle slots. <see cref="Plan"/> says which update mode the drive allows and the largest bundle it can take.
    /// Figures for the reference boards: README.md beside this file.
    /// </summary>
    public sealed class FlashBudget
    {
        public long DriveBytes;

        /// <summary>File-system metadata and every small file (LittleFS needs free blocks to work: count them here).</summary>
        public long ReservedBytes;

        /// <summary>One revocation-list slot (the store keeps two, plus a delta file of up to <see cref="DeltaBytes"/>).</summary>
        public long ListSlotBytes;

        public long DeltaBytes;

        /// <summary>The outbox's MaxBytes.</summary>
        public long OutboxBytes;

        /// <summary>The largest application bundle to plan for.</summary>
        public long BundleBytes;

        /// <summary>Bytes left for bundle slots after everything else (negative: the rest does not fit at all).</summary>
        public long AvailableForBundles
        {
            get { return DriveBytes - ReservedBytes - 2 * ListSlotBytes - DeltaBytes - OutboxBytes; }
        }

        public UpdateMode Mode
        {
            get
            {
                long available = AvailableForBundles;
                if (BundleBytes > 0 && available >= 2 * BundleBytes)
                {
                    return UpdateMode.DualSlot;
                }

                return BundleBytes > 0 && available >= BundleBytes ? UpdateMode.SingleSlot : UpdateMode.Disabled;
            }
        }

        /// <summary>The largest bundle a slot may take in this mode (0 when updates are disabled).</summary>
        public long MaxBundleBytes
        {
            get
            {
                UpdateMode mode = Mode;
                long available = AvailableForBundles;
                return mode == UpdateMode.DualSlot ? available / 2 : mode == UpdateMode.SingleSlot ? available : 0;
            }
        }

        /// <summary>Bytes the bundle slots take in this mode (what the table in README.md calls "both slots").</summary>
        public long BundleSlotBytes
        {
            get
            {
                UpdateMode mode = Mode;
                return mode == UpdateMode.DualSlot ? 2 * BundleBytes : mode == UpdateMode.SingleSlot ? BundleBytes : 0;
            }
        }

        public static FlashBudget Plan(long driveBytes, long reservedBytes, long listSlotBytes, long deltaBytes, long outboxBytes, long bundleBytes)
        {
            FlashBudget budget = new FlashBudget();
            budget.DriveBytes = driveBytes;
            budget.ReservedBytes = reservedBytes;
            budget.ListSlotBytes = listSlotBytes;
            budget.DeltaBytes = deltaBytes;
            budget.OutboxBytes = outboxBytes;
            budget.BundleBytes = bundleBytes;
            return budget;
        }

        /// <summary>Sets the policy's mode and bundle bound from this budget.</summary>
        public void ApplyTo(UpdatePolicy policy)
        {
            policy.SingleSlot = Mode == UpdateMode.SingleSlot;
            policy.MaxBundleBytes = MaxBundleBytes;
        }
    }
}
