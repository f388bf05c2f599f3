using Terminal.Core.Permits;
using Terminal.Core.Rules;
using Terminal.Core.Time;

namespace Terminal.Tests.Rules;

/// <summary>Builds records and runs the rules with readable dates ("2026-03-15").</summary>
public static class RuleFixture
{
    public static CivilDate D(string iso)
    {
        var d = DateOnly.Parse(iso);
        return CivilDate.FromYmd(d.Year, d.Month, d.Day);
    }

    /// <summary>A permit issued on <paramref name="issued"/>, valid 3 years, endorsed for the first 12 months.</summary>
    public static CoreRecord Permit(string issued, string? endorsedThrough = null, string? validityEnd = null, string? residenceStart = null, int generation = 0)
    {
        var issue = D(issued);
        return new CoreRecord
        {
            PermitNumber = 420100000001,
            Generation = generation,
            IssuingAuthorityCode = 420102,
            IssueDate = issue,
            EndorsedThrough = endorsedThrough is null ? issue.AddMonths(12) : D(endorsedThrough),
            ValidityEnd = validityEnd is null ? issue.AddMonths(36) : D(validityEnd),
            ResidenceStart = residenceStart is null ? issue : D(residenceStart),
            IssuerKeyId = 1,
            MacKeyId = 1,
            TierTwoBlocks = 20,
        };
    }

    public static ServicePolicy Profile(string name)
    {
        var policy = new ServicePolicy();
        Assert.Equal(PolicyParseStatus.Ok, ServiceProfiles.Load(ServiceProfiles.Defaults, name, policy));
        return policy;
    }

    public static RevocationCheck NotRevoked() { var r = new RevocationCheck(); r.SetNotRevoked(true, false); return r; }

    public static RevocationCheck RevokedFor(Terminal.Core.Revocation.RevocationReason reason, string effective) { var r = new RevocationCheck(); r.SetRevoked(false, reason, D(effective)); return r; }

    public static Verdict Evaluate(CoreRecord record, string today, string profile = "generic", RevocationCheck? revocation = null, ClockTrust clock = ClockTrust.Trusted)
    {
        var verdict = new Verdict();
        PermitRules.Evaluate(record, revocation ?? NotRevoked(), D(today), clock, Profile(profile), verdict);
        return verdict;
    }
}
