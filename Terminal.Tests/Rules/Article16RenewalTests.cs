using Terminal.Core.Rules;
using static Terminal.Tests.Rules.RuleFixture;

namespace Terminal.Tests.Rules;

/// <summary>第十六条: renewal (续签) within one month before expiry; not renewed → 使用功能中止.</summary>
public sealed class Article16RenewalTests
{
    // Endorsed through the end of validity so only 第十六条 applies.
    private static Terminal.Core.Permits.CoreRecord Expiring() => Permit("2023-06-10", endorsedThrough: "2026-06-10", validityEnd: "2026-06-10");

    [Fact]
    public void Art16_day_before_the_renewal_window_is_plain_valid() =>
        Assert.Equal(VerdictCode.Valid, Evaluate(Expiring(), "2026-05-09").Code);

    [Fact]
    public void Art16_first_day_of_the_renewal_window_warns()
    {
        var v = Evaluate(Expiring(), "2026-05-10");
        Assert.Equal(VerdictCode.ValidEndorsementDueSoon, v.Code);
        Assert.NotEqual(0, v.Warnings & VerdictWarnings.RenewalWindowOpen);
    }

    [Fact]
    public void Art16_day_of_expiry_is_still_usable() =>
        Assert.True(Evaluate(Expiring(), "2026-06-10").Accepted);

    [Fact]
    public void Art16_day_after_expiry_without_renewal_is_suspended()
    {
        var v = Evaluate(Expiring(), "2026-06-11");
        Assert.Equal(VerdictCode.SuspendedRestorable, v.Code);
        Assert.Equal(D("2026-06-11"), v.SuspendedSince);
        Assert.Equal(D("2026-07-11"), v.RestoreBy);
    }

    [Fact]
    public void Art16_expiry_before_the_next_anniversary_governs()
    {
        var record = Permit("2025-03-15", endorsedThrough: "2026-03-15", validityEnd: "2026-01-31");
        Assert.Equal(VerdictCode.SuspendedRestorable, Evaluate(record, "2026-02-01").Code);
    }
}
