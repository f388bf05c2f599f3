using Terminal.Core.Rules;

namespace Terminal.Core.Tap
{
    /// <summary>
    /// What one check produced, handed to reporting. Only what the platform needs (第二十条): no UID, name, ID number or
    /// address — the permit number and card generation identify the card instance.
    /// </summary>
    public sealed class TapReport
    {
        public long UnixSeconds;
        public ClockTrust Clock;
        public readonly Verdict Verdict = new Verdict();

        /// <summary>False for UNREADABLE / NOT_A_PERMIT / NOT_AUTHENTIC, where the card's own fields are not trusted.</summary>
        public bool HasPermit;
        public long PermitNumber;
        public int Generation;

        /// <summary>Sequence of the revocation list consulted (0 when none was active).</summary>
        public ulong ListSequence;

        /// <summary>Raised by the background tier-2 check, after the tap's own report.</summary>
        public bool IsForgeryAlert;
    }

    /// <summary>Receives every check (the reporting outbox on the terminal, a recorder in tests).</summary>
    public interface ITapSink
    {
        /// <summary>Called once per decided tap, on the tap loop's thread. The report is reused: copy what you keep.</summary>
        void OnCheck(TapReport report);
    }
}
