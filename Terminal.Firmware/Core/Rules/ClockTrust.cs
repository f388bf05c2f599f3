namespace Terminal.Core.Rules
{
    /// <summary>How far the terminal trusts its own date.</summary>
    public enum ClockTrust
    {
        /// <summary>Synchronised recently (SNTP) and never seen to go backwards.</summary>
        Trusted = 0,
        /// <summary>Set once, running on the RTC, not synchronised for longer than the configured limit.</summary>
        Stale = 1,
        /// <summary>Never set, or seen earlier than its persisted high-water mark (rolled back).</summary>
        Untrusted = 2,
    }

    /// <summary>What a desk does when a precondition (list freshness, clock) is degraded.</summary>
    public enum DegradedAction
    {
        /// <summary>Refuse to decide (LIST_STALE / CLOCK_UNTRUSTED).</summary>
        Refuse = 0,
        /// <summary>Decide, but show the warning indication.</summary>
        Warn = 1,
    }
}
