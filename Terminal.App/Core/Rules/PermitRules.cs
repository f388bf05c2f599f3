using Terminal.Core.Permits;
using Terminal.Core.Time;

namespace Terminal.Core.Rules
{
    /// <summary>
    /// The endorsement rules of the 湖北省居住证管理办法 as a pure function of (record, revocation answer, today in
    /// Beijing, clock trust, service policy). No I/O, no allocation. README.md beside this file maps articles to codes.
    ///
    /// Periods are counted as Chinese law counts them (民法典 第二百零一、二百零二条): the starting day is not counted,
    /// and a period in months ends on the corresponding day of the last month, or that month's last day when it has no
    /// such day. So "自中止之日起三十日内" ends 30 days after the day of suspension, and 29 Feb + 12 months = 28 Feb.
    /// </summary>
    public static class PermitRules
    {
        /// <summary>第十七条: days after suspension within which 签注 restores the permit.</summary>
        public const int RestorationDays = 30;

        /// <summary>第十六条: renewal window before expiry, in months.</summary>
        public const int RenewalWindowMonths = 1;

        /// <summary>第十五条: endorsement interval, in months.</summary>
        public const int EndorsementIntervalMonths = 12;

        public static void Evaluate(CoreRecord record, RevocationCheck revocation, CivilDate today, ClockTrust clock, ServicePolicy policy, Verdict verdict)
        {
            verdict.Reset(VerdictCode.Valid);

            if (clock == ClockTrust.Untrusted || (clock == ClockTrust.Stale && policy.StaleClock == DegradedAction.Refuse))
            {
                verdict.Reset(VerdictCode.ClockUntrusted);
                return;
            }

            if (today < record.IssueDate)
            {
                // A card issued "in the future" means this terminal's date is behind the issuer's: no date rule holds.
                verdict.Reset(VerdictCode.ClockUntrusted);
                return;
            }

            bool listDegraded = !revocation.ListAvailable || revocation.ListStale;
            if (listDegraded && policy.StaleList == DegradedAction.Refuse)
            {
                verdict.Reset(VerdictCode.ListStale);
                return;
            }

            int warnings = (listDegraded ? VerdictWarnings.ListStale : 0) | (clock == ClockTrust.Stale ? VerdictWarnings.ClockStale : 0);

            if (revocation.Revoked)
            {
                verdict.Reset(VerdictCode.Revoked);
                verdict.RevocationReason = revocation.Reason;
                verdict.HasCancelledOn = true;
                verdict.CancelledOn = revocation.EffectiveDate;
                verdict.Warnings = warnings;
                Decide(verdict, policy);
                return;
            }

            ApplyEndorsementRules(record, today, policy, verdict);
            verdict.Warnings |= warnings;
            Decide(verdict, policy);
        }

        /// <summary>第十五、十六、十七条: where today falls relative to the endorsement, the expiry and the 30-day windows.</summary>
        private static void ApplyEndorsementRules(CoreRecord record, CivilDate today, ServicePolicy policy, Verdict verdict)
        {
            // The permit is usable through the earlier of the endorsement and the validity; suspended from the next day.
            bool expiryFirst = record.ValidityEnd <= record.EndorsedThrough;
            CivilDate usableThrough = expiryFirst ? record.ValidityEnd : record.EndorsedThrough;

            if (today <= usableThrough)
            {
                int daysLeft = today.DaysUntil(usableThrough);
                bool renewalWindowOpen = today >= record.ValidityEnd.AddMonths(-RenewalWindowMonths);
                bool endorsementDue = !expiryFirst && daysLeft < policy.DueSoonDays;
                verdict.Reset(renewalWindowOpen || endorsementDue ? VerdictCode.ValidEndorsementDueSoon : VerdictCode.Valid);
                verdict.Warnings = (renewalWindowOpen ? VerdictWarnings.RenewalWindowOpen : 0) | (endorsementDue ? VerdictWarnings.EndorsementDueSoon : 0);
                verdict.HasDaysUntilNextEndorsement = true;
                verdict.DaysUntilNextEndorsement = daysLeft;
                verdict.ContinuousResidenceDays = ResidenceDays(record, today);
                return;
            }

            CivilDate suspendedSince = usableThrough.AddDays(1);
            CivilDate restoreBy = suspendedSince.AddDays(RestorationDays);
            if (today <= restoreBy)
            {
                // 第十七条(一): restorable, and the residence period stays continuous if restored in time.
                verdict.Reset(VerdictCode.SuspendedRestorable);
                verdict.ContinuousResidenceDays = ResidenceDays(record, today);
            }
            else if (expiryFirst)
            {
                // 第十七条(三): expired and not renewed within 30 days: cancelled; residence restarts on re-application.
                verdict.Reset(VerdictCode.Cancelled);
                verdict.HasCancelledOn = true;
                verdict.CancelledOn = restoreBy.AddDays(1);
            }
            else
            {
                // 第十七条(二): not endorsed within 30 days: residence restarts from the date of confirmation.
                verdict.Reset(VerdictCode.SuspendedLapsed);
            }

            verdict.HasSuspendedSince = true;
            verdict.SuspendedSince = suspendedSince;
            verdict.HasRestoreBy = true;
            verdict.RestoreBy = restoreBy;
        }

        private static int ResidenceDays(CoreRecord record, CivilDate today)
        {
            int days = record.ResidenceStart.DaysUntil(today);
            return days < 0 ? 0 : days;
        }

        /// <summary>第二十二条: whether this desk accepts the code, and its residence minimum.</summary>
        private static void Decide(Verdict verdict, ServicePolicy policy)
        {
            verdict.Accepted = policy.Accepts(verdict.Code);
            if (verdict.Accepted && verdict.ContinuousResidenceDays < policy.MinResidenceDays)
            {
                int residence = verdict.ContinuousResidenceDays;
                int warnings = verdict.Warnings;
                int daysLeft = verdict.DaysUntilNextEndorsement;
                bool hasDaysLeft = verdict.HasDaysUntilNextEndorsement;
                verdict.Reset(VerdictCode.ResidenceTooShort);
                verdict.ContinuousResidenceDays = residence;
                verdict.Warnings = warnings;
                verdict.HasDaysUntilNextEndorsement = hasDaysLeft;
                verdict.DaysUntilNextEndorsement = daysLeft;
                verdict.Accepted = false;
            }
        }
    }
}
