using Terminal.Core.Binary;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Decoding of one data block (layout in README.md): CRC-32, entry count, first key, the next block's first key
    /// (the block's exclusive upper bound, so a block proves by itself which keys it answers for), Rice-coded key gaps
    /// growing up from the front, fixed-width payloads (reason, date offset) growing down from the end.
    /// Shared by the per-tap lookup and the sequential cursor.
    /// </summary>
    internal static class DataBlock
    {
        /// <summary>Checks the CRC and the entry count; returns the count, the first key and the exclusive upper bound.</summary>
        public static RevocationError Open(byte[] block, RevocationListHeader header, out int count, out ulong firstKey, out ulong upperBound)
        {
            int blockSize = header.BlockSize;
            count = 0;
            firstKey = 0;
            upperBound = 0;
            if (LittleEndian.ReadUInt32(block, 0) != Crc32.Compute(block, 4, blockSize - 4))
            {
                return RevocationError.BlockChecksum;
            }

            count = LittleEndian.ReadUInt16(block, 4);
            firstKey = LittleEndian.ReadUnsigned(block, RevocationListHeader.DataBlockFixedBytes, header.KeyBytes);
            upperBound = LittleEndian.ReadUnsigned(block, RevocationListHeader.DataBlockFixedBytes + header.KeyBytes, header.KeyBytes);
            if (header.KeyBytes < 8 && upperBound == 0 && header.Universe == 1UL << (8 * header.KeyBytes))
            {
                upperBound = header.Universe; // the universe itself needs one more byte than the keys: stored as 0
            }

            int gapStart = GapStart(header);
            if (count == 0 || gapStart + (long)count * header.PayloadBits > blockSize * 8L || firstKey >= upperBound || upperBound > header.Universe)
            {
                return RevocationError.CorruptBlock;
            }

            return RevocationError.None;
        }

        public static int GapStart(RevocationListHeader header)
        {
            return (RevocationListHeader.DataBlockFixedBytes + 2 * header.KeyBytes) * 8;
        }

        /// <summary>First bit of the payload area of a block with count entries.</summary>
        public static int PayloadStart(RevocationListHeader header, int count)
        {
            return header.BlockSize * 8 - count * header.PayloadBits;
        }

        /// <summary>Decodes the Rice-coded gap at position (not reading at or past limit); the next position, or -1 if corrupt.</summary>
        public static int ReadGap(byte[] block, int position, int limit, int riceParameter, out ulong gap)
        {
            gap = 0;
            int stop = BitField.NextSetBit(block, position, limit);
            if (stop < 0 || stop + 1 + riceParameter > limit)
            {
                return -1;
            }

            ulong quotient = (ulong)(stop - position);
            gap = (quotient << riceParameter) | BitField.Read(block, stop + 1, riceParameter);
            return stop + 1 + riceParameter;
        }

        /// <summary>The payload of entry index: false when its reason code is not a known one.</summary>
        public static bool ReadPayload(byte[] block, RevocationListHeader header, int index, out int reasonCode, out int effectiveDay)
        {
            int bits = header.PayloadBits;
            ulong payload = BitField.Read(block, header.BlockSize * 8 - (index + 1) * bits, bits);
            reasonCode = (int)(payload & 7);
            effectiveDay = header.DateBase + (int)(payload >> RevocationListHeader.ReasonBits);
            return RevocationReasons.IsDefined(reasonCode);
        }
    }
}
