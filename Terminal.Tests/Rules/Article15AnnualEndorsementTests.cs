using Terminal.Core.Rules;
using static Terminal.Tests.Rules.RuleFixture;

namespace Terminal.Tests.Rules;

/// <summary>第十五条: every full 12 months from the issue date the holder endorses; overdue → 使用功能中止.</summary>
public sealed class Article15AnnualEndorsementTests
{
    [Fact]
    public void Art15_day_before_the_anniversary_is_usable() =>
        Assert.True(Evaluate(Permit("2025-03-15"), "2026-03-14").Accepted);

    [Fact]
    public void Art15_the_anniversary_itself_is_still_usable()
    {
        var v = Evaluate(Permit("2025-03-15"), "2026-03-15");
        Assert.Equal(VerdictCode.ValidEndorsementDueSoon, v.Code);
        Assert.Equal(0, v.DaysUntilNextEndorsement);
        Assert.True(v.Accepted);
    }

    [Fact]
    public void Art15_day_after_the_anniversary_without_endorsement_is_suspended()
    {
        var v = Evaluate(Permit("2025-03-15"), "2026-03-16");
        Assert.Equal(VerdictCode.SuspendedRestorable, v.Code);
        Assert.Equal(D("2026-03-16"), v.SuspendedSince);
        Assert.False(v.Accepted);
        Assert.Equal("第十五条、第十六条、第十七条(一)", v.Article);
    }

    [Fact]
    public void Art15_an_endorsement_moves_the_deadline_by_twelve_months_from_the_issue_date()
    {
        var endorsedTwice = Permit("2025-03-15", endorsedThrough: "2027-03-15");
        Assert.Equal(VerdictCode.Valid, Evaluate(endorsedTwice, "2026-06-01").Code);
        Assert.Equal(VerdictCode.SuspendedRestorable, Evaluate(endorsedTwice, "2027-03-16").Code);
    }

    [Fact]
    public void Art15_issued_on_29_February_the_anniversary_is_28_February()
    {
        var record = Permit("2024-02-29");
        Assert.Equal(D("2025-02-28"), record.EndorsedThrough);
        Assert.True(Evaluate(record, "2025-02-28").Accepted);
        Assert.Equal(VerdictCode.SuspendedRestorable, Evaluate(record, "2025-03-01").Code);
    }

    [Fact]
    public void Art15_issued_on_a_month_end_keeps_month_end_anniversaries()
    {
        var record = Permit("2025-08-31");
        Assert.Equal(D("2026-08-31"), record.EndorsedThrough);
        Assert.True(Evaluate(record, "2026-08-31").Accepted);
        Assert.False(Evaluate(record, "2026-09-01").Accepted);
    }

    [Theory]
    [InlineData("2026-02-13", VerdictCode.Valid)]                    // 30 days left
    [InlineData("2026-02-14", VerdictCode.ValidEndorsementDueSoon)]  // 29 days left
    public void Art15_endorsement_due_soon_starts_when_fewer_than_due_soon_days_remain(string today, VerdictCode expected)
    {
        var v = Evaluate(Permit("2025-03-15"), today);
        Assert.Equal(expected, v.Code);
        Assert.True(v.Accepted);
    }

    [Fact]
    public void Art15_days_until_next_endorsement_are_reported() =>
        Assert.Equal(30, Evaluate(Permit("2025-03-15"), "2026-02-13").DaysUntilNextEndorsement);
}
