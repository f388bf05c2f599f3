using CsCheck;
using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Host;
using Terminal.Tests.Support;
using Terminal.Tools.Revocation;

namespace Terminal.Tests.Revocation;

/// <summary>Membership, reasons and dates of encoded lists against a dictionary oracle, at every size up to 1 M entries.</summary>
public sealed class RevocationListPropertyTests
{
    [Fact]
    public void Random_sets_answer_exactly_like_a_hash_set_oracle()
    {
        var gen = Gen.Select(Gen.Int[0, 3000], Gen.Int[0, 3], Gen.Int[9, 12], Gen.Int)
            .Select((count, universeShape, log2, seed) => (count, universeShape, log2, seed));
        gen.Sample(t =>
        {
            var random = new Random(t.seed);
            ulong universe = t.universeShape switch
            {
                0 => (ulong)Math.Max(t.count, 1) + (ulong)random.Next(0, 50),     // dense: almost every key revoked
                1 => (ulong)Math.Max(t.count, 1) * 20,                             // the 1 in 20
                2 => 1UL << 36,                                                   // sparse
                _ => CardKey.Limit,                                               // the largest universe there is
            };
            var entries = RevocationFixtures.RandomEntries(random, Math.Min(t.count, (int)Math.Min(universe, int.MaxValue)), universe);
            CheckAgainstOracle(entries, universe, t.log2, random, nonMemberProbes: 300);
        }, iter: 40);
    }

    [Fact]
    public void A_million_entries_decode_to_the_oracle_set_and_sampled_lookups_agree()
    {
        var random = new Random(20260302);
        const ulong universe = 20_000_000;
        var entries = RevocationFixtures.RandomEntries(random, 1_000_000, universe);
        byte[] bytes = [.. RevocationListBuilder.BuildUnsigned(entries, RevocationFixtures.Parameters(1, universe, blockSizeLog2: 10)), .. new byte[64]];
        var oracle = entries.ToDictionary(e => e.CardKey);

        // Every entry: the sequential decoder yields exactly the oracle's set, reasons and dates.
        var file = new MemoryFile(bytes);
        Assert.Equal(RevocationError.None, RevocationListValidator.Validate(file, out var header));
        var cursor = new RevocationListCursor(file, header);
        int decoded = 0;
        while (cursor.MoveNext())
        {
            Assert.True(oracle.TryGetValue(cursor.Key, out var expected), "decoded a key that is not in the set: " + cursor.Key);
            Assert.Equal((int)expected.Reason, cursor.ReasonCode);
            Assert.Equal(expected.EffectiveDate.DayNumber, cursor.EffectiveDay);
            decoded++;
        }

        Assert.Equal(RevocationError.None, cursor.Error);
        Assert.Equal(oracle.Count, decoded);

        // The per-tap lookup: a sample of members and of arbitrary keys.
        Assert.Equal(RevocationError.None, RevocationList.Open(file, out var list));
        for (int i = 0; i < 20_000; i++)
        {
            var e = entries[random.Next(entries.Length)];
            var result = list.Lookup(e.CardKey);
            Assert.True(result.IsListed, "member " + e.CardKey + " not found");
            Assert.Equal(e.Reason, result.Reason);
            Assert.Equal(e.EffectiveDate, result.EffectiveDate);
            ulong probe = (ulong)random.NextInt64((long)universe + 1000);
            Assert.Equal(oracle.ContainsKey(probe), list.Lookup(probe).IsListed);
        }

        Assert.True(list.BlockReads <= 2L * 40_000, "more than two block reads per lookup: " + list.BlockReads);
    }

    [Fact]
    public void The_empty_list_lists_nothing()
    {
        byte[] bytes = RevocationListBuilder.BuildUnsigned([], RevocationFixtures.Parameters(1, 1000));
        Assert.Equal(RevocationError.None, RevocationList.Open(new MemoryFile([.. bytes, .. new byte[64]]), out var list));
        Assert.Equal(0u, list.Header.DataBlockCount);
        Assert.False(list.Lookup(0).IsListed);
        Assert.False(list.Lookup(999).IsListed);
        Assert.Equal(0, list.BlockReads);
    }

    [Fact]
    public void Encoding_is_deterministic_and_canonical()
    {
        var random = new Random(5);
        var entries = RevocationFixtures.RandomEntries(random, 5000, 100_000);
        var parameters = RevocationFixtures.Parameters(3, 100_000);
        byte[] a = RevocationListBuilder.BuildUnsigned(entries, parameters);
        byte[] b = RevocationListBuilder.BuildUnsigned(entries.Reverse(), parameters);
        Assert.Equal(a, b);
        Assert.Equal(RevocationError.None, RevocationListValidator.Validate(new MemoryFile([.. a, .. new byte[64]]), out _));
        var decoded = ListFiles.Decode([.. a, .. new byte[64]]);
        Assert.Equal(entries.OrderBy(e => e.CardKey).Select(e => (e.CardKey, e.Reason, e.EffectiveDate)),
            decoded.Entries.Select(e => (e.CardKey, e.Reason, e.EffectiveDate)));
    }

    internal static void CheckAgainstOracle(RevocationEntry[] entries, ulong universe, int log2, Random random, int nonMemberProbes)
    {
        byte[] bytes = RevocationListBuilder.BuildUnsigned(entries, RevocationFixtures.Parameters(1, universe, log2));
        Assert.Equal(RevocationError.None, RevocationListValidator.Validate(new MemoryFile([.. bytes, .. new byte[64]]), out _));
        Assert.Equal(RevocationError.None, RevocationList.Open(new MemoryFile([.. bytes, .. new byte[64]]), out var list));
        var oracle = entries.ToDictionary(e => e.CardKey);
        long lookups = 0;
        foreach (var e in entries)
        {
            var result = list.Lookup(e.CardKey);
            lookups++;
            Assert.Equal(RevocationLookupOutcome.Listed, result.Outcome);
            Assert.Equal(e.Reason, result.Reason);
            Assert.Equal(e.EffectiveDate, result.EffectiveDate);
            ulong neighbour = random.Next(2) == 0 ? e.CardKey + 1 : e.CardKey - 1;
            if (e.CardKey > 0 || neighbour == 1)
            {
                Assert.Equal(oracle.ContainsKey(neighbour), list.Lookup(neighbour).IsListed);
                lookups++;
            }
        }

        var probes = new List<ulong> { 0, universe - 1, universe, universe + 1, ulong.MaxValue };
        for (int i = 0; i < nonMemberProbes; i++)
        {
            probes.Add((ulong)random.NextInt64((long)Math.Min(universe, long.MaxValue)));
        }

        foreach (ulong probe in probes)
        {
            var result = list.Lookup(probe);
            lookups++;
            Assert.NotEqual(RevocationLookupOutcome.Unavailable, result.Outcome);
            Assert.Equal(oracle.ContainsKey(probe), result.IsListed);
        }

        Assert.True(list.BlockReads <= 2 * lookups);
    }
}
