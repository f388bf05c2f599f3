using Terminal.Core.Revocation;
using Terminal.Tools.Crypto;

namespace Terminal.Tools.Revocation;

/// <summary>
/// The platform side of a delta from list n to list m: the base ranks to remove, the entries to add (a changed
/// reason or date is a removal plus an addition), both Rice-coded with parameters picked from the data, the target
/// header and signature carried verbatim, all signed by a list-signing key.
/// </summary>
public static class RevocationDeltaBuilder
{
    public sealed record Plan(long[] RemovedRanks, RevocationEntry[] Added);

    public static Plan Diff(DecodedList from, DecodedList to)
    {
        var removed = new List<long>();
        var added = new List<RevocationEntry>();
        int i = 0, j = 0;
        var a = from.Entries;
        var b = to.Entries;
        while (i < a.Length || j < b.Length)
        {
            if (j >= b.Length || (i < a.Length && a[i].CardKey < b[j].CardKey))
            {
                removed.Add(i++);
            }
            else if (i >= a.Length || b[j].CardKey < a[i].CardKey)
            {
                added.Add(b[j++]);
            }
            else
            {
                if (a[i].Reason != b[j].Reason || a[i].EffectiveDate != b[j].EffectiveDate)
                {
                    removed.Add(i);
                    added.Add(b[j]);
                }

                i++;
                j++;
            }
        }

        return new Plan(removed.ToArray(), added.ToArray());
    }

    /// <summary>The unsigned delta (everything before its own signature).</summary>
    public static byte[] BuildUnsigned(byte[] fromList, byte[] toList, uint deltaKeyId)
    {
        var from = ListFiles.Decode(fromList);
        var to = ListFiles.Decode(toList);
        if (to.Header.Sequence <= from.Header.Sequence)
        {
            throw new ArgumentException("the target list (sequence " + to.Header.Sequence + ") must be newer than the base (sequence " + from.Header.Sequence + ")");
        }

        var plan = Diff(from, to);
        var target = to.Header;
        int removeK = RevocationListBuilder.BestRiceParameter(RevocationListBuilder.Gaps(plan.RemovedRanks.Select(r => (ulong)r)));
        int addK = RevocationListBuilder.BestRiceParameter(RevocationListBuilder.Gaps(plan.Added.Select(e => e.CardKey)));

        var removes = new BitWriter();
        foreach (ulong gap in RevocationListBuilder.Gaps(plan.RemovedRanks.Select(r => (ulong)r)))
        {
            removes.WriteRice(gap, removeK);
        }

        var adds = new BitWriter();
        using (var gaps = RevocationListBuilder.Gaps(plan.Added.Select(e => e.CardKey)).GetEnumerator())
        {
            foreach (var e in plan.Added)
            {
                gaps.MoveNext();
                adds.WriteRice(gaps.Current, addK);
                ulong payload = (uint)e.Reason | ((ulong)(e.EffectiveDate.DayNumber - target.DateBase) << RevocationListHeader.ReasonBits);
                adds.WriteBits(payload, target.PayloadBits);
            }
        }

        byte[] removeBytes = removes.ToArray();
        byte[] addBytes = adds.ToArray();
        var header = new RevocationDeltaHeader
        {
            KeyId = deltaKeyId,
            BaseSequence = from.Header.Sequence,
            BaseSignature = from.Signature,
            Target = target,
            RemoveCount = (uint)plan.RemovedRanks.Length,
            AddCount = (uint)plan.Added.Length,
            RemoveRiceParameter = removeK,
            AddRiceParameter = addK,
            RemovesBytes = (uint)removeBytes.Length,
            AddsBytes = (uint)addBytes.Length,
        };
        var headerBytes = new byte[RevocationDeltaHeader.Length];
        header.WriteTo(headerBytes, 0);
        return [.. headerBytes, .. removeBytes, .. addBytes, .. to.Signature];
    }

    public static byte[] Build(byte[] fromList, byte[] toList, uint deltaKeyId, byte[] privateSeed)
    {
        byte[] unsigned = BuildUnsigned(fromList, toList, deltaKeyId);
        return [.. unsigned, .. Ed25519Signing.Sign(privateSeed, unsigned, 0, unsigned.Length)];
    }
}

/// <summary>Appends bits least significant first (the order the portable readers use).</summary>
public sealed class BitWriter
{
    private readonly List<byte> _bytes = new();
    private long _bits;

    public long BitCount => _bits;

    public void WriteBit(int bit)
    {
        if ((_bits & 7) == 0)
        {
            _bytes.Add(0);
        }

        if (bit != 0)
        {
            _bytes[^1] |= (byte)(1 << (int)(_bits & 7));
        }

        _bits++;
    }

    public void WriteBits(ulong value, int width)
    {
        for (int i = 0; i < width; i++)
        {
            WriteBit((int)((value >> i) & 1));
        }
    }

    /// <summary>value >> k zero bits, a one bit, then the k low bits.</summary>
    public void WriteRice(ulong value, int k)
    {
        for (ulong q = value >> k; q > 0; q--)
        {
            WriteBit(0);
        }

        WriteBit(1);
        WriteBits(value, k);
    }

    public byte[] ToArray() => _bytes.ToArray();
}
