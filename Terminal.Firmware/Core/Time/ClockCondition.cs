namespace Terminal.Core.Time
{
    /// <summary>
    /// Why the clock is trusted or not, finer than <see cref="Terminal.Core.Rules.ClockTrust"/>: the boot sequence
    /// reports it and shows it, the rules only need the trust.
    /// </summary>
    public enum ClockCondition
    {
        /// <summary>The RTC holds a time before the firmware's era: it was never set.</summary>
        Unset = 0,
        /// <summary>The RTC is earlier than the persisted high-water mark: set back (tampering or a flat RTC battery).</summary>
        RolledBack = 1,
        /// <summary>Plausible, but not synchronised recently (running on the RTC alone).</summary>
        Stale = 2,
        /// <summary>Synchronised from network time within the staleness limit.</summary>
        Synced = 3,
    }
}
