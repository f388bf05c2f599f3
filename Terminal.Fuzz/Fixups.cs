using Terminal.Core.Binary;
using Terminal.Core.Permits;
using Terminal.Core.Revocation;

namespace Terminal.Fuzz;

/// <summary>
/// Checksum repairs: a random mutation almost never keeps a CRC right, so the harnesses also run each input with its
/// checksums recomputed, letting the fuzzer explore what lies behind them. Signatures are not repaired (they cannot be).
/// </summary>
public static class Fixups
{
    /// <summary>CRC-32 of the 48-byte core record at offset (big-endian, bytes 44..47 over 0..43).</summary>
    public static void SealCoreRecordCrc(byte[] data, int offset)
    {
        if (data.Length - offset < CoreRecordLayout.Length)
        {
            return;
        }

        uint crc = Crc32.Compute(data, offset, CoreRecordLayout.CrcOffset);
        data[offset + CoreRecordLayout.CrcOffset] = (byte)(crc >> 24);
        data[offset + CoreRecordLayout.CrcOffset + 1] = (byte)(crc >> 16);
        data[offset + CoreRecordLayout.CrcOffset + 2] = (byte)(crc >> 8);
        data[offset + CoreRecordLayout.CrcOffset + 3] = (byte)crc;
    }

    /// <summary>The 68-byte list header's CRC at offset (bytes 64..67 over 0..63).</summary>
    public static void SealListHeader(byte[] data, int offset)
    {
        if (data.Length - offset >= RevocationListHeader.Length)
        {
            LittleEndian.WriteUInt32(data, offset + 64, Crc32.Compute(data, offset, 64));
        }
    }

    /// <summary>A list file: header CRC, then every whole block's CRC (data and index blocks: bytes 0..3 over 4..B-1).</summary>
    public static void SealList(byte[] data)
    {
        SealListHeader(data, 0);
        if (data.Length < 6 || data[5] < RevocationListHeader.MinBlockSizeLog2 || data[5] > RevocationListHeader.MaxBlockSizeLog2)
        {
            return;
        }

        int blockSize = 1 << data[5];
        for (int position = blockSize; position + blockSize <= data.Length; position += blockSize)
        {
            LittleEndian.WriteUInt32(data, position, Crc32.Compute(data, position + 4, blockSize - 4));
        }
    }

    /// <summary>A delta file: the embedded target header's CRC, then the delta header's CRC (bytes 172..175 over 0..171).</summary>
    public static void SealDelta(byte[] data)
    {
        if (data.Length < RevocationDeltaHeader.Length)
        {
            return;
        }

        SealListHeader(data, 84);
        LittleEndian.WriteUInt32(data, RevocationDeltaHeader.Length - 4, Crc32.Compute(data, 0, RevocationDeltaHeader.Length - 4));
    }

    /// <summary>A configuration file: drops its last line and appends a crc32 line over everything before it.</summary>
    public static byte[] SealConfiguration(byte[] data)
    {
        int end = data.Length;
        while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r'))
        {
            end--;
        }

        int lastLine = end;
        while (lastLine > 0 && data[lastLine - 1] != '\n')
        {
            lastLine--;
        }

        uint crc = Crc32.Compute(data, 0, lastLine);
        byte[] line = System.Text.Encoding.ASCII.GetBytes("crc32=" + crc.ToString("x8") + "\n");
        return [.. data.AsSpan(0, lastLine), .. line];
    }
}
