namespace Terminal.Core.Tap
{
    /// <summary>Tunables of the tap loop (defaults suit a front desk).</summary>
    public sealed class TapSettings
    {
        /// <summary>How long one poll waits for a card.</summary>
        public int PollTimeoutMs = 200;

        /// <summary>Attempts to read the core record when the RF link or the read is garbled.</summary>
        public int ReadAttempts = 3;

        /// <summary>The same card shown again within this many seconds is the same check (not counted twice).</summary>
        public int RepeatSuppressSeconds = 10;
    }
}
