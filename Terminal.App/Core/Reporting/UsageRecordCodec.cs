using Terminal.Core.Binary;
using Terminal.Core.Permits;
using Terminal.Core.Rules;

namespace Terminal.Core.Reporting
{
    /// <summary>
    /// The binary form of a usage event in the outbox log (compact: flash on a 4 MB module has 256 KiB for everything).
    /// Layout (little-endian), README.md beside this file:
    /// <code>
    /// 0      u16  body length n
    /// 2      u8   record version (1)
    /// 3      i64  sequence
    /// 11     i64  unix seconds
    /// 19     u8   clock trust
    /// 20     u8   verdict code
    /// 21     u8   generation (0xFF: no permit)
    /// 22     u40  permit number
    /// 27     i64  revocation-list sequence
    /// 35     4 × (u8 length + ASCII): terminal id, service point, profile, firmware
    /// 2+n    u32  CRC-32 over bytes [0, 2+n)
    /// </code>
    /// A record whose length or CRC does not check is a torn or damaged write: the log ends before it.
    /// </summary>
    public sealed class UsageRecordCodec
    {
        public const int Version = 1;
        public const int FixedBodyBytes = 33;
        public const int MinBodyBytes = FixedBodyBytes + 4 * 2;
        public const int MaxBodyBytes = FixedBodyBytes + 4 * (1 + ReportingTokens.MaxLength);
        public const int MaxRecordBytes = 2 + MaxBodyBytes + 4;
        private const int NoPermitGeneration = 0xFF;

        // Decoded strings are reused while the bytes match (they rarely change), so reading the log does not allocate.
        private readonly string[] _cached = new string[4];

        /// <summary>Encodes e into buffer at offset; returns the record length, or 0 when the event is not valid.</summary>
        public static int Encode(UsageEvent e, byte[] buffer, int offset)
        {
            if (!e.IsValid() || buffer.Length - offset < MaxRecordBytes)
            {
                return 0;
            }

            int p = offset + 2;
            buffer[p++] = Version;
            LittleEndian.WriteUInt64(buffer, p, (ulong)(e.Sequence));
            p += 8;
            LittleEndian.WriteUInt64(buffer, p, (ulong)(e.UnixSeconds));
            p += 8;
            buffer[p++] = (byte)e.Clock;
            buffer[p++] = (byte)e.Verdict;
            buffer[p++] = (byte)(e.HasPermit ? e.Generation : NoPermitGeneration);
            LittleEndian.WriteUnsigned(buffer, p, (ulong)(e.HasPermit ? e.PermitNumber : 0), 5);
            p += 5;
            LittleEndian.WriteUInt64(buffer, p, (ulong)(e.ListSequence));
            p += 8;
            p = WriteToken(buffer, p, e.TerminalId);
            p = WriteToken(buffer, p, e.ServicePoint);
            p = WriteToken(buffer, p, e.Profile);
            p = WriteToken(buffer, p, e.Firmware);
            int bodyLength = p - offset - 2;
            LittleEndian.WriteUInt16(buffer, offset, bodyLength);
            LittleEndian.WriteUInt32(buffer, p, Crc32.Compute(buffer, offset, p - offset));
            return p + 4 - offset;
        }

        /// <summary>Total record length announced by the 2-byte prefix at offset, or 0 when it cannot be a record.</summary>
        public static int RecordLengthFromPrefix(byte[] buffer, int offset)
        {
            int body = LittleEndian.ReadUInt16(buffer, offset);
            return body < MinBodyBytes || body > MaxBodyBytes ? 0 : 2 + body + 4;
        }

        /// <summary>True when the record of the given total length at offset has a matching CRC and version.</summary>
        public static bool Check(byte[] buffer, int offset, int recordLength)
        {
            if (recordLength < 2 + MinBodyBytes + 4 || recordLength > MaxRecordBytes || buffer[offset + 2] != Version)
            {
                return false;
            }

            uint stored = LittleEndian.ReadUInt32(buffer, offset + recordLength - 4);
            return stored == Crc32.Compute(buffer, offset, recordLength - 4);
        }

        /// <summary>The sequence number of a checked record.</summary>
        public static long SequenceOf(byte[] buffer, int offset)
        {
            return (long)LittleEndian.ReadUInt64(buffer, offset + 3);
        }

        /// <summary>Decodes a checked record into e; false when its fields are out of range (then e is partly filled).</summary>
        public bool Decode(byte[] buffer, int offset, int recordLength, UsageEvent e)
        {
            int p = offset + 3;
            int end = offset + recordLength - 4;
            e.Sequence = (long)LittleEndian.ReadUInt64(buffer, p);
            p += 8;
            e.UnixSeconds = (long)LittleEndian.ReadUInt64(buffer, p);
            p += 8;
            e.Clock = (ClockTrust)buffer[p++];
            e.Verdict = (VerdictCode)buffer[p++];
            int generation = buffer[p++];
            e.HasPermit = generation != NoPermitGeneration;
            e.Generation = e.HasPermit ? generation : 0;
            e.PermitNumber = e.HasPermit ? (long)LittleEndian.ReadUnsigned(buffer, p, 5) : 0;
            p += 5;
            e.ListSequence = (long)LittleEndian.ReadUInt64(buffer, p);
            p += 8;
            p = ReadToken(buffer, p, end, 0);
            e.TerminalId = _cached[0];
            p = p < 0 ? p : ReadToken(buffer, p, end, 1);
            e.ServicePoint = _cached[1];
            p = p < 0 ? p : ReadToken(buffer, p, end, 2);
            e.Profile = _cached[2];
            p = p < 0 ? p : ReadToken(buffer, p, end, 3);
            e.Firmware = _cached[3];
            return p == end && e.IsValid();
        }

        private static int WriteToken(byte[] buffer, int p, string token)
        {
            buffer[p++] = (byte)token.Length;
            for (int i = 0; i < token.Length; i++)
            {
                buffer[p++] = (byte)token[i];
            }

            return p;
        }

        private int ReadToken(byte[] buffer, int p, int end, int slot)
        {
            int length = buffer[p++];
            if (length > ReportingTokens.MaxLength || p + length > end)
            {
                _cached[slot] = "";
                return -1;
            }

            string cached = _cached[slot];
            if (cached == null || !SameAscii(cached, buffer, p, length))
            {
                char[] chars = new char[length];
                for (int i = 0; i < length; i++)
                {
                    chars[i] = (char)buffer[p + i];
                }

                _cached[slot] = new string(chars);
            }

            return p + length;
        }

        private static bool SameAscii(string s, byte[] buffer, int p, int length)
        {
            if (s.Length != length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (s[i] != (char)buffer[p + i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
