using Terminal.Core.Revocation;
using Terminal.Core.Time;
using Terminal.Drivers.Storage.Host;

namespace Terminal.Tools.Revocation;

/// <summary>A decoded list file on the host: its header, entries and signature.</summary>
public sealed record DecodedList(RevocationListHeader Header, RevocationEntry[] Entries, byte[] Signature);

/// <summary>Reading list and delta files on the host, through the portable decoder the terminal runs.</summary>
public static class ListFiles
{
    /// <summary>Fully validated decode (structure, not signature); throws <see cref="FormatException"/> naming the problem.</summary>
    public static DecodedList Decode(byte[] bytes)
    {
        var file = new MemoryFile(bytes);
        var error = RevocationListValidator.Validate(file, out var header);
        if (error != RevocationError.None)
        {
            throw new FormatException("not a valid revocation list: " + error);
        }

        var entries = new RevocationEntry[header.EntryCount];
        var cursor = new RevocationListCursor(file, header);
        int i = 0;
        while (cursor.MoveNext())
        {
            entries[i++] = new RevocationEntry(cursor.Key, (RevocationReason)cursor.ReasonCode, CivilDate.FromDayNumber(cursor.EffectiveDay));
        }

        return new DecodedList(header, entries, bytes[^RevocationListHeader.SignatureLength..]);
    }

    public static bool IsDelta(byte[] bytes) => bytes.Length >= 4 && bytes.AsSpan(0, 4).SequenceEqual(RevocationDeltaHeader.Magic);

    public static bool IsList(byte[] bytes) => bytes.Length >= 4 && bytes.AsSpan(0, 4).SequenceEqual(RevocationListHeader.Magic);

    /// <summary>Applies a delta to a base list on the host (as a terminal would, without the trust checks); the target list's bytes.</summary>
    public static byte[] ApplyDelta(byte[] baseList, byte[] delta)
    {
        var baseFile = new MemoryFile(baseList);
        var error = RevocationList.Open(baseFile, out var list);
        if (error != RevocationError.None)
        {
            throw new FormatException("base is not a valid revocation list: " + error);
        }

        var deltaHeader = ParseDeltaHeader(delta);
        if (deltaHeader.BaseSequence != list.Header.Sequence || !deltaHeader.BaseSignature.AsSpan().SequenceEqual(baseList.AsSpan(baseList.Length - 64)))
        {
            throw new FormatException("the delta is for base sequence " + deltaHeader.BaseSequence + ", not this list (sequence " + list.Header.Sequence + ")");
        }

        var output = new MemoryFile(baseList.Length + delta.Length);
        error = RevocationDeltaApplier.Apply(new MemoryFile(delta), deltaHeader, baseFile, list.Header, output);
        if (error != RevocationError.None)
        {
            throw new FormatException("the delta does not apply: " + error);
        }

        return output.ToArray();
    }

    public static RevocationDeltaHeader ParseDeltaHeader(byte[] delta)
    {
        var header = new RevocationDeltaHeader();
        var error = RevocationDeltaHeader.TryParse(delta, 0, delta.Length, header);
        if (error == RevocationError.None && delta.Length != header.FileLength)
        {
            error = delta.Length < header.FileLength ? RevocationError.Truncated : RevocationError.LengthMismatch;
        }

        return error == RevocationError.None ? header : throw new FormatException("not a valid revocation delta: " + error);
    }
}
