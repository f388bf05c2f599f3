using Terminal.Core.Binary;
using System.Buffers.Binary;
using Terminal.Core.Permits;

namespace Terminal.Tools.Issuing;

/// <summary>
/// Host side of the core record: builds the 48 bytes an issuer writes to sector 1. The MAC is computed with the
/// terminal's own <see cref="TierOneAuthenticator.ComputeMac"/> so issuer and terminal cannot disagree.
/// </summary>
public static class CoreRecordEncoder
{
    public static byte[] Encode(CoreRecord record, byte[] macMasterKey, ReadOnlySpan<byte> uid)
    {
        Validate(record);
        var bytes = new byte[CoreRecordLayout.Length];
        bytes[CoreRecordLayout.MagicOffset] = CoreRecordLayout.Magic0;
        bytes[CoreRecordLayout.MagicOffset + 1] = CoreRecordLayout.Magic1;
        bytes[CoreRecordLayout.VersionOffset] = CoreRecordLayout.Version;
        for (int i = 0; i < 5; i++)
        {
            bytes[CoreRecordLayout.PermitNumberOffset + i] = (byte)(record.PermitNumber >> (8 * (4 - i)));
        }

        bytes[CoreRecordLayout.GenerationOffset] = (byte)record.Generation;
        bytes[CoreRecordLayout.AuthorityOffset] = (byte)(record.IssuingAuthorityCode >> 16);
        bytes[CoreRecordLayout.AuthorityOffset + 1] = (byte)(record.IssuingAuthorityCode >> 8);
        bytes[CoreRecordLayout.AuthorityOffset + 2] = (byte)record.IssuingAuthorityCode;
        WriteDay(bytes, CoreRecordLayout.IssueDateOffset, record.IssueDate.DayNumber);
        WriteDay(bytes, CoreRecordLayout.ValidityEndOffset, record.ValidityEnd.DayNumber);
        WriteDay(bytes, CoreRecordLayout.EndorsedThroughOffset, record.EndorsedThrough.DayNumber);
        WriteDay(bytes, CoreRecordLayout.ResidenceStartOffset, record.ResidenceStart.DayNumber);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(CoreRecordLayout.IssuerKeyIdOffset), checked((ushort)record.IssuerKeyId));
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(CoreRecordLayout.MacKeyIdOffset), checked((ushort)record.MacKeyId));
        bytes[CoreRecordLayout.TierTwoBlocksOffset] = checked((byte)record.TierTwoBlocks);

        var mac = new byte[32];
        new TierOneAuthenticator(new Terminal.Drivers.Crypto.Host.HostHmacSha256(), [])
            .ComputeMac(macMasterKey, bytes, 0, uid.ToArray(), uid.Length, mac);
        Array.Copy(mac, 0, bytes, CoreRecordLayout.MacOffset, CoreRecordLayout.MacLength);
        SealChecksum(bytes);
        return bytes;
    }

    /// <summary>Recomputes the CRC after the bytes were changed (tests use it to make forgeries that read cleanly).</summary>
    public static void SealChecksum(byte[] bytes)
    {
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(CoreRecordLayout.CrcOffset), Terminal.Core.Binary.Crc32.Compute(bytes, 0, CoreRecordLayout.CrcOffset));
    }

    private static void WriteDay(byte[] bytes, int offset, int dayNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(offset), checked((ushort)dayNumber));

    private static void Validate(CoreRecord r)
    {
        if (r.PermitNumber < 0 || r.PermitNumber > CoreRecordLayout.MaxPermitNumber)
        {
            throw new ArgumentException($"permit number {r.PermitNumber} is outside 0..999999999999");
        }

        if (r.Generation < 0 || r.Generation > CoreRecordLayout.MaxGeneration)
        {
            throw new ArgumentException($"card generation {r.Generation} is outside 0..15");
        }

        if (r.IssuingAuthorityCode < 100000 || r.IssuingAuthorityCode > 999999)
        {
            throw new ArgumentException($"issuing authority code {r.IssuingAuthorityCode} is not a 6-digit GB/T 2260 code");
        }

        if (r.IssueDate > r.ValidityEnd || r.IssueDate > r.EndorsedThrough || r.ResidenceStart > r.ValidityEnd)
        {
            throw new ArgumentException("dates out of order: issue ≤ endorsed-through, issue ≤ validity end, residence start ≤ validity end");
        }
    }
}
