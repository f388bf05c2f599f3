using Terminal.Core.Revocation;
using Terminal.Core.Time;

namespace Terminal.Core.Rules
{
    /// <summary>Warnings that accompany a verdict (bit flags).</summary>
    public static class VerdictWarnings
    {
        public const int None = 0;
        public const int EndorsementDueSoon = 1;
        public const int RenewalWindowOpen = 2;
        public const int ListStale = 4;
        public const int ClockStale = 8;
    }

    /// <summary>
    /// The decision for one tap: code, whether this desk accepts it, why (中文 + English), the article, and the dates
    /// behind it. One instance is reused for every tap; the Has* flags stand in for nullable dates.
    /// </summary>
    public sealed class Verdict
    {
        public VerdictCode Code;

        /// <summary>The permit may be used for this desk's service today.</summary>
        public bool Accepted;

        public int Warnings;

        /// <summary>The list's reason when <see cref="Code"/> is Revoked, else None.</summary>
        public RevocationReason RevocationReason;

        public bool HasSuspendedSince;
        public CivilDate SuspendedSince;

        public bool HasRestoreBy;
        public CivilDate RestoreBy;

        public bool HasCancelledOn;
        public CivilDate CancelledOn;

        /// <summary>Days from today to the last day covered by the current endorsement or validity (valid cards).</summary>
        public bool HasDaysUntilNextEndorsement;
        public int DaysUntilNextEndorsement;

        /// <summary>Continuous residence counted under 第十七条, in days (0 when it restarts).</summary>
        public int ContinuousResidenceDays;

        public string ReasonZh
        {
            get { return VerdictTexts.ReasonZh(Code, RevocationReason); }
        }

        public string ReasonEn
        {
            get { return VerdictTexts.ReasonEn(Code, RevocationReason); }
        }

        public string Article
        {
            get { return VerdictTexts.Article(Code, RevocationReason); }
        }

        public void Reset(VerdictCode code)
        {
            Code = code;
            Accepted = false;
            Warnings = VerdictWarnings.None;
            RevocationReason = RevocationReason.None;
            HasSuspendedSince = false;
            HasRestoreBy = false;
            HasCancelledOn = false;
            HasDaysUntilNextEndorsement = false;
            DaysUntilNextEndorsement = 0;
            ContinuousResidenceDays = 0;
        }
    }
}
