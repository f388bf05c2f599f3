using Terminal.Core.Crypto;
using Terminal.Core.Revocation;
using Terminal.Core.Time;
using Terminal.Tools.Crypto;
using Terminal.Tools.Revocation;

namespace Terminal.Tests.Support;

/// <summary>Keys, key rings, random entry sets and signed lists for the revocation tests (BouncyCastle signs and verifies).</summary>
public static class RevocationFixtures
{
    public const uint ListKeyId = 7;
    public const uint OtherListKeyId = 8;
    public const uint CardKeyId = 1;

    public static readonly long IssuedAt = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();

    public static readonly byte[] ListSeed = Seed(71);
    public static readonly byte[] OtherListSeed = Seed(81);
    public static readonly byte[] CardSeed = Seed(11);

    public static byte[] Seed(byte fill) => Enumerable.Range(0, 32).Select(i => (byte)(fill + i)).ToArray();

    public static KeyRing Ring()
    {
        var ring = new KeyRing();
        int from = CivilDate.FromYmd(2025, 1, 1).DayNumber, until = CivilDate.FromYmd(2030, 12, 31).DayNumber;
        ring.Add(new TrustedKey(ListKeyId, KeyUsage.ListSigner, Ed25519Signing.PublicKeyOf(ListSeed), from, until));
        ring.Add(new TrustedKey(OtherListKeyId, KeyUsage.ListSigner, Ed25519Signing.PublicKeyOf(OtherListSeed), from, until));
        ring.Add(new TrustedKey(CardKeyId, KeyUsage.CardIssuer, Ed25519Signing.PublicKeyOf(CardSeed), from, until));
        return ring;
    }

    public static ListParameters Parameters(ulong sequence, ulong? universe = null, int blockSizeLog2 = 9, uint keyId = ListKeyId, long? issuedAt = null) =>
        new(keyId, sequence, issuedAt ?? IssuedAt + (long)sequence * 3600, 86400, 7 * 86400, universe, blockSizeLog2);

    public static byte[] BuildList(IEnumerable<RevocationEntry> entries, ListParameters parameters, byte[]? seed = null) =>
        RevocationListBuilder.Build(entries, parameters, seed ?? ListSeed);

    /// <summary>count distinct random entries with keys below universe, random reasons and dates over ~6 years.</summary>
    public static RevocationEntry[] RandomEntries(Random random, int count, ulong universe)
    {
        if ((ulong)count > universe)
        {
            throw new ArgumentException($"{count} distinct keys cannot be drawn from a universe of {universe}");
        }

        var keys = new HashSet<ulong>();
        while (keys.Count < count)
        {
            keys.Add((ulong)random.NextInt64((long)universe));
        }

        int firstDay = CivilDate.FromYmd(2020, 1, 1).DayNumber;
        return keys.Select(k => new RevocationEntry(k, (RevocationReason)random.Next(1, 7), CivilDate.FromDayNumber(firstDay + random.Next(0, 2200)))).ToArray();
    }

    /// <summary>The next version of a set: churn entries removed, churn new ones added, a few changed in place.</summary>
    public static RevocationEntry[] Churn(Random random, RevocationEntry[] entries, int removed, int added, int changed, ulong universe)
    {
        var list = entries.ToList();
        for (int i = 0; i < removed && list.Count > 0; i++)
        {
            list.RemoveAt(random.Next(list.Count));
        }

        for (int i = 0; i < changed && list.Count > 0; i++)
        {
            int at = random.Next(list.Count);
            list[at] = list[at] with { Reason = (RevocationReason)(((int)list[at].Reason % 6) + 1) };
        }

        var present = new HashSet<ulong>(list.Select(e => e.CardKey));
        // Capped by the universe: a small list's universe (a few hundred keys) cannot supply 2·added + 4 distinct keys,
        // and drawing them would never end.
        int draw = (int)Math.Min((ulong)(added * 2 + 4), universe);
        foreach (var e in RandomEntries(random, draw, universe).Where(e => !present.Contains(e.CardKey)).Take(added))
        {
            list.Add(e);
        }

        return list.ToArray();
    }
}
