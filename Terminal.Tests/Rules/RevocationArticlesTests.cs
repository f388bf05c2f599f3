using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using static Terminal.Tests.Rules.RuleFixture;

namespace Terminal.Tests.Rules;

/// <summary>第十二、十七(三)、十八、十九条 through the signed revocation list: REVOKED with the list's reason.</summary>
public sealed class RevocationArticlesTests
{
    [Theory]
    [InlineData(RevocationReason.ReplacedGeneration, "第十二条")]
    [InlineData(RevocationReason.NotRenewedAfterSuspension, "第十七条(三)")]
    [InlineData(RevocationReason.NoLongerEligible, "第十八条(一)")]
    [InlineData(RevocationReason.ObtainedWithFalseMaterials, "第十八条(二)")]
    [InlineData(RevocationReason.OtherCancellation, "第十八条(三)")]
    [InlineData(RevocationReason.FraudulentUse, "第十九条")]
    public void Art12_17_18_19_a_listed_card_is_revoked_with_the_lists_article(RevocationReason reason, string article)
    {
        var v = Evaluate(Permit("2025-03-15"), "2025-06-01", profile: "hospital", revocation: RevokedFor(reason, "2025-05-20"));
        Assert.Equal(VerdictCode.Revoked, v.Code);
        Assert.Equal(article, v.Article);
        Assert.Equal(D("2025-05-20"), v.CancelledOn);
        Assert.False(v.Accepted);
        Assert.Equal(Terminal.Drivers.Feedback.Indication.Refused, VerdictFeedback.For(v));
    }

    [Fact]
    public void Art12_the_replaced_generation_and_the_new_one_are_different_card_keys()
    {
        var old = Permit("2025-03-15", generation: 2);
        var replacement = Permit("2025-03-15", generation: 3);
        Assert.Equal(old.CardKey + 1, replacement.CardKey);
        Assert.Equal(old.PermitNumber, replacement.PermitNumber);
    }

    [Fact]
    public void Art18_revocation_wins_over_a_valid_endorsement() =>
        Assert.Equal(VerdictCode.Revoked, Evaluate(Permit("2025-03-15"), "2025-04-01", revocation: RevokedFor(RevocationReason.ObtainedWithFalseMaterials, "2025-03-30")).Code);

    [Fact]
    public void Stale_list_is_refused_where_the_policy_refuses()
    {
        var stale = new RevocationCheck();
        stale.SetNotRevoked(true, true);
        Assert.Equal(VerdictCode.ListStale, Evaluate(Permit("2025-03-15"), "2025-04-01", profile: "transit", revocation: stale).Code);
    }

    [Fact]
    public void Stale_list_warns_where_the_policy_warns()
    {
        var stale = new RevocationCheck();
        stale.SetNotRevoked(true, true);
        var v = Evaluate(Permit("2025-03-15"), "2025-04-01", profile: "hospital", revocation: stale);
        Assert.Equal(VerdictCode.Valid, v.Code);
        Assert.True(v.Accepted);
        Assert.NotEqual(0, v.Warnings & VerdictWarnings.ListStale);
        Assert.Equal(Terminal.Drivers.Feedback.Indication.AcceptedWithWarning, VerdictFeedback.For(v));
    }

    [Fact]
    public void No_list_at_all_counts_as_stale()
    {
        var none = new RevocationCheck();
        none.SetNotRevoked(false, false);
        Assert.Equal(VerdictCode.ListStale, Evaluate(Permit("2025-03-15"), "2025-04-01", profile: "school", revocation: none).Code);
    }
}
