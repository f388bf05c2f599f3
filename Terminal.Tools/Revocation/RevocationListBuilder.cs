using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Host;
using Terminal.Tools.Crypto;

namespace Terminal.Tools.Revocation;

/// <summary>What a list says besides its entries.</summary>
public sealed record ListParameters(uint KeyId, ulong Sequence, long IssuedAt, uint NextUpdateSeconds, uint MaxAgeSeconds,
    ulong? Universe = null, int BlockSizeLog2 = 10);

/// <summary>
/// The platform side of a full list: sorts and checks the entries, picks the encoding parameters from the data
/// (Rice parameter, date range, key width), encodes with the portable writer the terminal also uses, and signs.
/// </summary>
public static class RevocationListBuilder
{
    /// <summary>The unsigned list (header and body) for these entries; throws <see cref="ArgumentException"/> on bad entries.</summary>
    public static byte[] BuildUnsigned(IEnumerable<RevocationEntry> entries, ListParameters parameters)
    {
        var sorted = entries.OrderBy(e => e.CardKey).ToArray();
        for (int i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].CardKey == sorted[i - 1].CardKey)
            {
                throw new ArgumentException("duplicate entry for card key " + sorted[i].CardKey);
            }
        }

        ulong universe = parameters.Universe ?? (sorted.Length == 0 ? 1 : sorted[^1].CardKey + 1);
        int minDay = sorted.Length == 0 ? 0 : sorted.Min(e => e.EffectiveDate.DayNumber);
        int maxDay = sorted.Length == 0 ? 0 : sorted.Max(e => e.EffectiveDate.DayNumber);
        var header = new RevocationListHeader
        {
            BlockSizeLog2 = parameters.BlockSizeLog2,
            KeyId = parameters.KeyId,
            Sequence = parameters.Sequence,
            IssuedAt = parameters.IssuedAt,
            NextUpdateSeconds = parameters.NextUpdateSeconds,
            MaxAgeSeconds = parameters.MaxAgeSeconds,
            Universe = universe,
            EntryCount = (uint)sorted.Length,
            KeyBytes = RevocationListHeader.MinimalKeyBytes(universe),
            RiceParameter = BestRiceParameter(Gaps(sorted.Select(e => e.CardKey))),
            DateBits = BitLength((ulong)(maxDay - minDay)),
            DateBase = minDay,
        };

        var file = new MemoryFile(Math.Max(4096, sorted.Length * 4));
        var writer = new RevocationListWriter(file, header);
        Check(writer.Begin(), "writing the header");
        foreach (var e in sorted)
        {
            Check(writer.Add(e.CardKey, (int)e.Reason, e.EffectiveDate.DayNumber), "entry for card key " + e.CardKey);
        }

        Check(writer.Finish(), "finishing the list");
        header.DataBlockCount = writer.DataBlockCount;
        header.IndexBlockCount = writer.IndexBlockCount;
        if (!header.HasValidParameters())
        {
            throw new ArgumentException("the list parameters are out of range (sequence ≥ 1, next update ≤ max age, universe ≤ " + CardKey.Limit + ")");
        }

        Check(RevocationListWriter.WriteHeaderBlock(file, header, new byte[header.BlockSize]), "writing the header");
        return file.ToArray();
    }

    /// <summary>The signed list file.</summary>
    public static byte[] Build(IEnumerable<RevocationEntry> entries, ListParameters parameters, byte[] privateSeed)
    {
        byte[] unsigned = BuildUnsigned(entries, parameters);
        byte[] signature = Ed25519Signing.Sign(privateSeed, unsigned, 0, unsigned.Length);
        return [.. unsigned, .. signature];
    }

    /// <summary>Gaps between ascending values as the Rice coder sees them: the first value itself, then differences minus one.</summary>
    public static IEnumerable<ulong> Gaps(IEnumerable<ulong> ascending)
    {
        bool first = true;
        ulong previous = 0;
        foreach (ulong v in ascending)
        {
            yield return first ? v : v - previous - 1;
            first = false;
            previous = v;
        }
    }

    /// <summary>The Rice parameter that codes these gaps in the fewest bits (the smallest such on ties).</summary>
    public static int BestRiceParameter(IEnumerable<ulong> gaps)
    {
        var costs = new ulong[RevocationListHeader.MaxRiceParameter + 1];
        foreach (ulong g in gaps)
        {
            for (int k = 0; k < costs.Length; k++)
            {
                costs[k] += (g >> k) + 1 + (ulong)k;
            }
        }

        int best = 0;
        for (int k = 1; k < costs.Length; k++)
        {
            if (costs[k] < costs[best])
            {
                best = k;
            }
        }

        return best;
    }

    public static int BitLength(ulong value) => value == 0 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount(value);

    private static void Check(RevocationError error, string what)
    {
        if (error != RevocationError.None)
        {
            throw new ArgumentException(what + ": " + error);
        }
    }
}
