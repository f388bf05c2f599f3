using CsCheck;
using Terminal.Core.Revocation;
using Terminal.Tests.Support;
using Terminal.Tools.Revocation;

namespace Terminal.Tests.Revocation;

public sealed class RevocationDeltaTests
{
    [Fact]
    public void Delta_from_n_to_m_applied_to_list_n_is_byte_identical_to_list_m()
    {
        var gen = Gen.Select(Gen.Int[0, 2000], Gen.Int[0, 300], Gen.Int[0, 300], Gen.Int[0, 50], Gen.Int[9, 12], Gen.Int)
            .Select((count, removed, added, changed, log2, seed) => (count, removed, added, changed, log2, seed));
        gen.Sample(t =>
        {
            var random = new Random(t.seed);
            ulong universeN = (ulong)Math.Max(1, t.count) * 20 + 100;
            var n = RevocationFixtures.RandomEntries(random, t.count, universeN);
            ulong universeM = universeN + (ulong)random.Next(0, 3) * 1000;   // the universe may grow between lists
            var m = RevocationFixtures.Churn(random, n, t.removed, t.added, t.changed, universeM);
            byte[] listN = RevocationFixtures.BuildList(n, RevocationFixtures.Parameters(10, universeN, t.log2));
            byte[] listM = RevocationFixtures.BuildList(m, RevocationFixtures.Parameters(10 + (ulong)random.Next(1, 5), universeM, t.log2 == 12 ? 9 : t.log2 + 1));
            byte[] delta = RevocationDeltaBuilder.Build(listN, listM, RevocationFixtures.ListKeyId, RevocationFixtures.ListSeed);
            Assert.Equal(listM, ListFiles.ApplyDelta(listN, delta));
        }, iter: 60);
    }

    [Fact]
    public void A_changed_reason_is_a_removal_and_an_addition()
    {
        var random = new Random(9);
        var n = RevocationFixtures.RandomEntries(random, 100, 10_000);
        var m = n.Select((e, i) => i == 10 ? e with { Reason = e.Reason == RevocationReason.FraudulentUse ? RevocationReason.NoLongerEligible : RevocationReason.FraudulentUse } : e).ToArray();
        var plan = RevocationDeltaBuilder.Diff(ListFiles.Decode(RevocationFixtures.BuildList(n, RevocationFixtures.Parameters(1, 10_000))),
            ListFiles.Decode(RevocationFixtures.BuildList(m, RevocationFixtures.Parameters(2, 10_000))));
        Assert.Single(plan.RemovedRanks);
        Assert.Single(plan.Added);
        Assert.Equal(m[10].CardKey, plan.Added[0].CardKey);
    }

    [Fact]
    public void A_delta_applied_to_another_base_is_refused()
    {
        var random = new Random(11);
        var n = RevocationFixtures.RandomEntries(random, 300, 10_000);
        var other = RevocationFixtures.Churn(random, n, 1, 0, 0, 10_000);
        var m = RevocationFixtures.Churn(random, n, 10, 10, 0, 10_000);
        byte[] listN = RevocationFixtures.BuildList(n, RevocationFixtures.Parameters(5, 10_000));
        byte[] otherN = RevocationFixtures.BuildList(other, RevocationFixtures.Parameters(5, 10_000));
        byte[] listM = RevocationFixtures.BuildList(m, RevocationFixtures.Parameters(6, 10_000));
        byte[] delta = RevocationDeltaBuilder.Build(listN, listM, RevocationFixtures.ListKeyId, RevocationFixtures.ListSeed);
        Assert.Throws<FormatException>(() => ListFiles.ApplyDelta(otherN, delta));
    }

    [Fact]
    public void A_delta_to_an_older_or_equal_sequence_cannot_be_built()
    {
        var n = RevocationFixtures.RandomEntries(new Random(1), 10, 1000);
        byte[] list5 = RevocationFixtures.BuildList(n, RevocationFixtures.Parameters(5, 1000));
        Assert.Throws<ArgumentException>(() => RevocationDeltaBuilder.Build(list5, list5, RevocationFixtures.ListKeyId, RevocationFixtures.ListSeed));
    }
}
