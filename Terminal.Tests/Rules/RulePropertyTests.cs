using CsCheck;
using Terminal.Core.Permits;
using Terminal.Core.Rules;
using Terminal.Core.Time;

namespace Terminal.Tests.Rules;

/// <summary>Invariants of the rules over random records and dates (CsCheck).</summary>
public sealed class RulePropertyTests
{
    private static readonly ServicePolicy Generic = RuleFixture.Profile("generic");

    /// <summary>Random consistent records: issue in 2016..2035, endorsement 12k months after issue, validity 1..6 years.</summary>
    private static readonly Gen<CoreRecord> Records =
        Gen.Select(Gen.Int[CivilDate.FromYmd(2016, 11, 1).DayNumber, CivilDate.FromYmd(2035, 12, 31).DayNumber], Gen.Int[1, 6], Gen.Int[1, 6], Gen.Int[0, 400])
           .Select((issueDay, endorsements, years, residenceBack) =>
           {
               var issue = CivilDate.FromDayNumber(issueDay);
               return new CoreRecord
               {
                   PermitNumber = 1, Generation = 0, IssuingAuthorityCode = 420102, IssueDate = issue,
                   EndorsedThrough = issue.AddMonths(12 * endorsements), ValidityEnd = issue.AddMonths(12 * years),
                   ResidenceStart = issue.AddDays(-residenceBack), IssuerKeyId = 1, MacKeyId = 1,
               };
           });

    private static Verdict At(CoreRecord record, CivilDate today)
    {
        var verdict = new Verdict();
        PermitRules.Evaluate(record, RuleFixture.NotRevoked(), today, ClockTrust.Trusted, Generic, verdict);
        return verdict;
    }

    private static bool IsSuspendedOrWorse(VerdictCode c) =>
        c is VerdictCode.SuspendedRestorable or VerdictCode.SuspendedLapsed or VerdictCode.Cancelled;

    private static int Severity(VerdictCode c) => c switch
    {
        VerdictCode.Valid => 0,
        VerdictCode.ValidEndorsementDueSoon => 1,
        VerdictCode.SuspendedRestorable => 2,
        VerdictCode.SuspendedLapsed or VerdictCode.Cancelled => 3,
        _ => throw new InvalidOperationException(c.ToString()),
    };

    [Fact]
    public void A_record_endorsed_and_valid_through_a_date_is_never_suspended_on_or_before_it() =>
        Gen.Select(Records, Gen.Int[0, 3000]).Sample((record, offset) =>
        {
            var today = record.IssueDate.AddDays(offset);
            var usableThrough = record.EndorsedThrough < record.ValidityEnd ? record.EndorsedThrough : record.ValidityEnd;
            var code = At(record, today).Code;
            return today <= usableThrough ? !IsSuspendedOrWorse(code) : IsSuspendedOrWorse(code);
        }, iter: 20000);

    [Fact]
    public void Without_new_endorsements_verdicts_only_get_worse_as_time_passes() =>
        Gen.Select(Records, Gen.Int[0, 3000], Gen.Int[0, 400]).Sample((record, offset, step) =>
        {
            var earlier = record.IssueDate.AddDays(offset);
            var later = earlier.AddDays(step);
            return Severity(At(record, earlier).Code) <= Severity(At(record, later).Code);
        }, iter: 20000);

    [Fact]
    public void Suspension_ends_in_exactly_one_of_lapse_or_cancellation_and_the_restore_window_is_31_days() =>
        Gen.Select(Records, Gen.Int[0, 3000]).Sample((record, offset) =>
        {
            var verdict = At(record, record.IssueDate.AddDays(offset));
            if (!IsSuspendedOrWorse(verdict.Code))
            {
                return !verdict.HasSuspendedSince;
            }

            bool expiryFirst = record.ValidityEnd <= record.EndorsedThrough;
            return verdict.SuspendedSince.DaysUntil(verdict.RestoreBy) == PermitRules.RestorationDays
                && (verdict.Code != VerdictCode.Cancelled || expiryFirst)
                && (verdict.Code != VerdictCode.SuspendedLapsed || !expiryFirst);
        }, iter: 20000);

    [Fact]
    public void Continuous_residence_never_decreases_while_the_permit_stays_usable() =>
        Gen.Select(Records, Gen.Int[0, 1000], Gen.Int[1, 100]).Sample((record, offset, step) =>
        {
            var a = At(record, record.IssueDate.AddDays(offset));
            var b = At(record, record.IssueDate.AddDays(offset + step));
            return !(a.Code is VerdictCode.Valid or VerdictCode.ValidEndorsementDueSoon && b.Code is VerdictCode.Valid or VerdictCode.ValidEndorsementDueSoon)
                || b.ContinuousResidenceDays == a.ContinuousResidenceDays + step;
        }, iter: 20000);
}
