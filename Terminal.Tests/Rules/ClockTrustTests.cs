using Terminal.Core.Rules;
using static Terminal.Tests.Rules.RuleFixture;

namespace Terminal.Tests.Rules;

public sealed class ClockTrustTests
{
    [Fact]
    public void Unset_or_rolled_back_clock_decides_nothing()
    {
        var v = Evaluate(Permit("2025-03-15"), "2025-06-01", profile: "hospital", clock: ClockTrust.Untrusted);
        Assert.Equal(VerdictCode.ClockUntrusted, v.Code);
        Assert.False(v.Accepted);
    }

    [Fact]
    public void Stale_clock_is_refused_or_warned_per_policy()
    {
        Assert.Equal(VerdictCode.ClockUntrusted, Evaluate(Permit("2025-03-15"), "2025-06-01", profile: "transit", clock: ClockTrust.Stale).Code);
        var warned = Evaluate(Permit("2025-03-15"), "2025-06-01", profile: "hospital", clock: ClockTrust.Stale);
        Assert.True(warned.Accepted);
        Assert.NotEqual(0, warned.Warnings & VerdictWarnings.ClockStale);
    }

    [Fact]
    public void A_card_issued_after_the_terminals_today_means_the_clock_is_behind() =>
        Assert.Equal(VerdictCode.ClockUntrusted, Evaluate(Permit("2025-03-15"), "2025-03-14").Code);

    [Fact]
    public void Issue_day_itself_is_valid() =>
        Assert.Equal(VerdictCode.Valid, Evaluate(Permit("2025-03-15"), "2025-03-15").Code);
}
