using Terminal.Core.Rules;
using static Terminal.Tests.Rules.RuleFixture;

namespace Terminal.Tests.Rules;

/// <summary>
/// 第十七条: after 使用功能中止 — (一) 签注 within 30 days restores it and keeps residence continuous; (二) no 签注
/// within 30 days: residence restarts from confirmation; (三) no 续签 within 30 days: the permit is cancelled.
/// "自中止之日起三十日内" is counted from the day after suspension (民法典 第二百零一条), so it ends 30 days later.
/// </summary>
public sealed class Article17SuspensionTests
{
    // Anniversary 2026-03-15 → suspended from 2026-03-16 → restorable through 2026-04-15.
    private static Terminal.Core.Permits.CoreRecord Overdue() => Permit("2025-03-15", residenceStart: "2024-01-01");

    // Expiry 2026-06-10 → suspended from 2026-06-11 → restorable through 2026-07-11 → cancelled from 2026-07-12.
    private static Terminal.Core.Permits.CoreRecord Expired() => Permit("2023-06-10", endorsedThrough: "2026-06-10", validityEnd: "2026-06-10", residenceStart: "2023-06-10");

    [Fact]
    public void Art17_1_first_day_of_suspension_is_restorable_with_restore_by_date()
    {
        var v = Evaluate(Overdue(), "2026-03-16");
        Assert.Equal(VerdictCode.SuspendedRestorable, v.Code);
        Assert.Equal(D("2026-03-16"), v.SuspendedSince);
        Assert.Equal(D("2026-04-15"), v.RestoreBy);
    }

    [Fact]
    public void Art17_1_last_day_of_the_30_day_window_is_restorable() =>
        Assert.Equal(VerdictCode.SuspendedRestorable, Evaluate(Overdue(), "2026-04-15").Code);

    [Fact]
    public void Art17_1_residence_stays_continuous_while_restorable() =>
        Assert.Equal(D("2024-01-01").DaysUntil(D("2026-04-15")), Evaluate(Overdue(), "2026-04-15").ContinuousResidenceDays);

    [Fact]
    public void Art17_1_a_hospital_desk_accepts_a_restorable_permit_with_a_warning_indication()
    {
        var v = Evaluate(Overdue(), "2026-04-01", profile: "hospital");
        Assert.True(v.Accepted);
        Assert.Equal(Terminal.Drivers.Feedback.Indication.AcceptedWithWarning, VerdictFeedback.For(v));
    }

    [Fact]
    public void Art17_2_day_after_the_window_without_endorsement_lapses()
    {
        var v = Evaluate(Overdue(), "2026-04-16");
        Assert.Equal(VerdictCode.SuspendedLapsed, v.Code);
        Assert.Equal("第十七条(二)", v.Article);
        Assert.Equal(D("2026-04-15"), v.RestoreBy);
    }

    [Fact]
    public void Art17_2_residence_period_restarts() =>
        Assert.Equal(0, Evaluate(Overdue(), "2026-05-01").ContinuousResidenceDays);

    [Fact]
    public void Art17_3_day_before_cancellation_is_restorable() =>
        Assert.Equal(VerdictCode.SuspendedRestorable, Evaluate(Expired(), "2026-07-11").Code);

    [Fact]
    public void Art17_3_day_after_the_window_without_renewal_is_cancelled()
    {
        var v = Evaluate(Expired(), "2026-07-12");
        Assert.Equal(VerdictCode.Cancelled, v.Code);
        Assert.Equal(D("2026-07-12"), v.CancelledOn);
        Assert.Equal("第十七条(三)", v.Article);
        Assert.Equal(0, v.ContinuousResidenceDays);
        Assert.False(v.Accepted);
    }

    [Fact]
    public void Art17_3_cancelled_is_refused_even_at_the_hospital() =>
        Assert.False(Evaluate(Expired(), "2026-08-01", profile: "hospital").Accepted);
}
