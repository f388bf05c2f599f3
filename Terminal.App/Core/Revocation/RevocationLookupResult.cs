using Terminal.Core.Time;

namespace Terminal.Core.Revocation
{
    public enum RevocationLookupOutcome : byte
    {
        /// <summary>The card instance is not on the list.</summary>
        NotListed = 0,

        /// <summary>The card instance is on the list, with a reason and effective date.</summary>
        Listed = 1,

        /// <summary>No answer: no list is active, or the stored list could not be read intact (flash error).</summary>
        Unavailable = 2,
    }

    /// <summary>Answer of one revocation lookup (a struct: the per-tap path allocates nothing).</summary>
    public struct RevocationLookupResult
    {
        public RevocationLookupResult(RevocationLookupOutcome outcome, RevocationReason reason, CivilDate effectiveDate)
        {
            Outcome = outcome;
            Reason = reason;
            EffectiveDate = effectiveDate;
        }

        public RevocationLookupOutcome Outcome { get; private set; }

        /// <summary>Why the card is listed (None unless Listed).</summary>
        public RevocationReason Reason { get; private set; }

        /// <summary>From when the revocation applies (meaningful only when Listed).</summary>
        public CivilDate EffectiveDate { get; private set; }

        public bool IsListed { get { return Outcome == RevocationLookupOutcome.Listed; } }

        public static RevocationLookupResult NotListed
        {
            get { return new RevocationLookupResult(RevocationLookupOutcome.NotListed, RevocationReason.None, CivilDate.FromDayNumber(0)); }
        }

        public static RevocationLookupResult Unavailable
        {
            get { return new RevocationLookupResult(RevocationLookupOutcome.Unavailable, RevocationReason.None, CivilDate.FromDayNumber(0)); }
        }
    }
}
