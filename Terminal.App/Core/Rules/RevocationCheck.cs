using Terminal.Core.Revocation;
using Terminal.Core.Time;

namespace Terminal.Core.Rules
{
    /// <summary>The revocation list's answer for one card instance, as input to the rules (filled per tap, reused).</summary>
    public sealed class RevocationCheck
    {
        /// <summary>False when the terminal has no valid list at all.</summary>
        public bool ListAvailable;

        /// <summary>The active list is past its maximum age.</summary>
        public bool ListStale;

        /// <summary>The card instance (permit number + generation) is on the list.</summary>
        public bool Revoked;

        /// <summary>The list's reason (its article: <see cref="RevocationReasons.Article"/>).</summary>
        public RevocationReason Reason;

        public CivilDate EffectiveDate;

        public void SetNotRevoked(bool listAvailable, bool listStale)
        {
            ListAvailable = listAvailable;
            ListStale = listStale;
            Revoked = false;
            Reason = RevocationReason.None;
            EffectiveDate = CivilDate.FromDayNumber(0);
        }

        public void SetRevoked(bool listStale, RevocationReason reason, CivilDate effectiveDate)
        {
            ListAvailable = true;
            ListStale = listStale;
            Revoked = true;
            Reason = reason;
            EffectiveDate = effectiveDate;
        }
    }
}
