using Terminal.Core.Revocation;
using Terminal.Core.Time;
using Terminal.Tools.Revocation;

namespace Terminal.Fuzz.Targets;

/// <summary>
/// Lists and deltas made by the platform's real builders (signed with <see cref="FuzzKeys"/>): the base list every
/// revocation target starts from and the seed inputs. Deterministic: the same bytes on every run.
/// </summary>
public static class RevocationSamples
{
    public const ulong Universe = 16_000_000;

    private static readonly Lazy<byte[]> BaseBytes = new(() => Build(Entries(11, 120), 1, blockSizeLog2: 9));
    private static readonly Lazy<byte[]> NextBytes = new(() => Build(Churn(Entries(11, 120)), 2, blockSizeLog2: 9));

    /// <summary>Sequence 1, 120 entries, 512-byte blocks: the list installed on the fuzzed terminal.</summary>
    public static byte[] BaseList => BaseBytes.Value;

    /// <summary>Sequence 2: the base with entries removed, added and changed.</summary>
    public static byte[] NextList => NextBytes.Value;

    /// <summary>The delta from <see cref="BaseList"/> to <see cref="NextList"/>.</summary>
    public static byte[] Delta() => RevocationDeltaBuilder.Build(BaseList, NextList, FuzzKeys.ListKeyId, FuzzKeys.ListSeed);

    /// <summary>Keys worth looking up in any list: in the base list, just beside them, and the universe's edges.</summary>
    public static ulong[] ProbeKeys()
    {
        var keys = Entries(11, 120).Select(e => e.CardKey).Take(6).ToList();
        keys.AddRange([0, 1, Universe - 1, Universe, ulong.MaxValue, keys[0] + 1, CardKey.Limit - 1]);
        return keys.ToArray();
    }

    public static byte[] Build(RevocationEntry[] entries, ulong sequence, int blockSizeLog2 = 9, long issuedAtOffset = 0) =>
        RevocationListBuilder.Build(entries,
            new ListParameters(FuzzKeys.ListKeyId, sequence, FuzzKeys.ListIssuedAt + issuedAtOffset, 86400, 7 * 86400, Universe, blockSizeLog2),
            FuzzKeys.ListSeed);

    public static RevocationEntry[] Entries(int seed, int count)
    {
        var random = new Random(seed);
        var keys = new SortedSet<ulong>();
        while (keys.Count < count)
        {
            keys.Add((ulong)random.NextInt64((long)Universe));
        }

        int firstDay = CivilDate.FromYmd(2020, 1, 1).DayNumber;
        return keys.Select(k => new RevocationEntry(k, (RevocationReason)random.Next(1, 7), CivilDate.FromDayNumber(firstDay + random.Next(0, 2200)))).ToArray();
    }

    private static RevocationEntry[] Churn(RevocationEntry[] entries)
    {
        var list = entries.Where((_, i) => i % 9 != 3).ToList();
        list[5] = list[5] with { Reason = (RevocationReason)(((int)list[5].Reason % 6) + 1) };
        var present = new HashSet<ulong>(list.Select(e => e.CardKey));
        list.AddRange(Entries(23, 20).Where(e => !present.Contains(e.CardKey)));
        return list.ToArray();
    }
}
