using Terminal.Core.Rules;
using static Terminal.Tests.Rules.RuleFixture;

namespace Terminal.Tests.Rules;

/// <summary>第二十二条: which codes each desk accepts and the residence minimum, from profile data.</summary>
public sealed class Article22ServicePolicyTests
{
    // Residence since 2025-01-01; housing requires 365 days, hukou 730.
    private static Terminal.Core.Permits.CoreRecord Resident() => Permit("2025-01-01", endorsedThrough: "2027-01-01", validityEnd: "2028-01-01", residenceStart: "2025-01-01");

    [Fact]
    public void Art22_7_housing_day_before_the_residence_minimum_is_refused()
    {
        var v = Evaluate(Resident(), "2025-12-31", profile: "housing");
        Assert.Equal(VerdictCode.ResidenceTooShort, v.Code);
        Assert.Equal(364, v.ContinuousResidenceDays);
        Assert.False(v.Accepted);
    }

    [Fact]
    public void Art22_7_housing_on_the_day_the_minimum_is_reached_is_accepted()
    {
        var v = Evaluate(Resident(), "2026-01-01", profile: "housing");
        Assert.Equal(VerdictCode.Valid, v.Code);
        Assert.True(v.Accepted);
    }

    [Fact]
    public void Art22_10_hukou_requires_two_years() =>
        Assert.Equal(VerdictCode.ResidenceTooShort, Evaluate(Resident(), "2026-06-01", profile: "hukou").Code);

    [Fact]
    public void Art22_8_hospital_accepts_restorable_but_school_does_not()
    {
        var overdue = Permit("2025-03-15");
        Assert.True(Evaluate(overdue, "2026-03-20", profile: "hospital").Accepted);
        Assert.False(Evaluate(overdue, "2026-03-20", profile: "school").Accepted);
    }

    [Fact]
    public void Art22_profiles_are_data_a_custom_line_changes_acceptance_without_code()
    {
        var policy = new ServicePolicy();
        Assert.Equal(PolicyParseStatus.Ok, policy.Parse("name=library;accept=VALID,VALID_ENDORSEMENT_DUE_SOON,SUSPENDED_RESTORABLE,SUSPENDED_LAPSED;stale_list=warn"));
        var verdict = new Verdict();
        PermitRules.Evaluate(Permit("2025-03-15"), NotRevoked(), D("2026-05-01"), ClockTrust.Trusted, policy, verdict);
        Assert.Equal(VerdictCode.SuspendedLapsed, verdict.Code);
        Assert.True(verdict.Accepted);
    }

    [Theory]
    [InlineData("", PolicyParseStatus.Empty)]
    [InlineData("accept=VALID", PolicyParseStatus.MissingName)]
    [InlineData("name=x;accept=VALID,SOMETIMES", PolicyParseStatus.UnknownVerdictCode)]
    [InlineData("name=x;min_residence_days=-1", PolicyParseStatus.BadNumber)]
    [InlineData("name=x;min_residence_days=abc", PolicyParseStatus.BadNumber)]
    [InlineData("name=x;stale_list=maybe", PolicyParseStatus.BadAction)]
    [InlineData("name=x;colour=red", PolicyParseStatus.UnknownKey)]
    [InlineData("name=x;garbage", PolicyParseStatus.UnknownKey)]
    public void Art22_malformed_profile_lines_are_refused_with_a_reason(string line, PolicyParseStatus expected) =>
        Assert.Equal(expected, new ServicePolicy().Parse(line));

    [Fact]
    public void Art22_every_default_profile_parses() =>
        Assert.All(new[] { "generic", "hospital", "school", "transit", "housing", "hukou" }, name => Profile(name));
}
