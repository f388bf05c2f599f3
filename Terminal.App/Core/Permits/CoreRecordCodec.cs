using Terminal.Core.Binary;
using Terminal.Core.Time;

namespace Terminal.Core.Permits
{
    /// <summary>Why a core record was refused; Ok when it decoded. Every malformed input maps to exactly one reason.</summary>
    public enum RecordStatus
    {
        Ok = 0,
        /// <summary>Buffer shorter than the record.</summary>
        Truncated = 1,
        /// <summary>CRC mismatch: the read was garbled (tap again), as opposed to a forgery.</summary>
        ChecksumMismatch = 2,
        /// <summary>CRC good but no permit magic: another application's card, or a blank one.</summary>
        NotAPermit = 3,
        /// <summary>A permit record of a layout version this firmware does not know.</summary>
        UnsupportedVersion = 4,
        /// <summary>A field outside its domain (date order, generation, authority code, reserved bytes).</summary>
        InvalidField = 5,
    }

    /// <summary>Decodes the 48-byte core record. Never throws; allocates nothing.</summary>
    public static class CoreRecordCodec
    {
        /// <summary>
        /// Decodes <paramref name="data"/>[offset..offset+48) into <paramref name="record"/>. The checksum is checked
        /// before anything else so that a garbled read is never reported as a forgery or a foreign card.
        /// </summary>
        public static RecordStatus Decode(byte[] data, int offset, int count, CoreRecord record)
        {
            if (data == null || record == null || offset < 0 || count < CoreRecordLayout.Length || data.Length - offset < CoreRecordLayout.Length)
            {
                return RecordStatus.Truncated;
            }

            uint stored = ReadUInt32(data, offset + CoreRecordLayout.CrcOffset);
            if (Crc32.Compute(data, offset, CoreRecordLayout.CrcOffset) != stored)
            {
                return RecordStatus.ChecksumMismatch;
            }

            if (data[offset + CoreRecordLayout.MagicOffset] != CoreRecordLayout.Magic0 || data[offset + CoreRecordLayout.MagicOffset + 1] != CoreRecordLayout.Magic1)
            {
                return RecordStatus.NotAPermit;
            }

            if (data[offset + CoreRecordLayout.VersionOffset] != CoreRecordLayout.Version)
            {
                return RecordStatus.UnsupportedVersion;
            }

            record.PermitNumber = ((long)data[offset + 4] << 32) | ((long)data[offset + 5] << 24) | ((long)data[offset + 6] << 16) | ((long)data[offset + 7] << 8) | data[offset + 8];
            record.Generation = data[offset + CoreRecordLayout.GenerationOffset];
            record.IssuingAuthorityCode = (data[offset + 10] << 16) | (data[offset + 11] << 8) | data[offset + 12];
            record.IssueDate = CivilDate.FromDayNumber(ReadUInt16(data, offset + CoreRecordLayout.IssueDateOffset));
            record.ValidityEnd = CivilDate.FromDayNumber(ReadUInt16(data, offset + CoreRecordLayout.ValidityEndOffset));
            record.EndorsedThrough = CivilDate.FromDayNumber(ReadUInt16(data, offset + CoreRecordLayout.EndorsedThroughOffset));
            record.ResidenceStart = CivilDate.FromDayNumber(ReadUInt16(data, offset + CoreRecordLayout.ResidenceStartOffset));
            record.IssuerKeyId = ReadUInt16(data, offset + CoreRecordLayout.IssuerKeyIdOffset);
            record.MacKeyId = ReadUInt16(data, offset + CoreRecordLayout.MacKeyIdOffset);
            record.TierTwoBlocks = data[offset + CoreRecordLayout.TierTwoBlocksOffset];

            bool fieldsValid =
                data[offset + CoreRecordLayout.FlagsOffset] == 0 &&
                data[offset + CoreRecordLayout.ReservedOffset] == 0 &&
                data[offset + CoreRecordLayout.ReservedOffset + 1] == 0 &&
                record.PermitNumber <= CoreRecordLayout.MaxPermitNumber &&
                record.Generation <= CoreRecordLayout.MaxGeneration &&
                record.IssuingAuthorityCode >= 100000 && record.IssuingAuthorityCode <= 999999 &&
                record.IssueDate <= record.ValidityEnd &&
                record.IssueDate <= record.EndorsedThrough &&
                record.ResidenceStart <= record.ValidityEnd;
            return fieldsValid ? RecordStatus.Ok : RecordStatus.InvalidField;
        }

        internal static int ReadUInt16(byte[] data, int offset)
        {
            return (data[offset] << 8) | data[offset + 1];
        }

        internal static uint ReadUInt32(byte[] data, int offset)
        {
            return ((uint)data[offset] << 24) | ((uint)data[offset + 1] << 16) | ((uint)data[offset + 2] << 8) | data[offset + 3];
        }
    }
}
