using Terminal.Core.Binary;
using Terminal.Core.Signing;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// The fixed header of a revocation list file (block 0). Byte layout: see README.md beside this file.
    /// Also carried verbatim inside a delta, so that the terminal rebuilds the exact list the platform signed.
    /// </summary>
    public sealed class RevocationListHeader
    {
        /// <summary>Bytes of header fields at the start of block 0 (the rest of the block is zero).</summary>
        public const int Length = 68;

        public const int FormatVersion = 1;

        public const int SignatureLength = 64;

        public const int MinBlockSizeLog2 = 9;

        public const int MaxBlockSizeLog2 = 12;

        /// <summary>Block header of a data block: CRC-32 (4), entry count (2), then the first key.</summary>
        public const int DataBlockFixedBytes = 6;

        /// <summary>Index blocks start with their CRC-32.</summary>
        public const int IndexBlockFixedBytes = 4;

        public const int ReasonBits = 3;

        public const int MaxDateBits = 24;

        public const int MaxRiceParameter = 44;

        public const int MaxEntriesPerBlock = 65535;

        /// <summary>The sampled index (first key of each index block) is held in RAM; this bounds it to 8 KB.</summary>
        public const int MaxIndexBlocks = 1024;

        public static readonly byte[] Magic = new byte[] { (byte)'R', (byte)'T', (byte)'R', (byte)'L' };

        public int BlockSizeLog2 = 10;

        public uint KeyId;

        public ulong Sequence;

        /// <summary>Unix seconds.</summary>
        public long IssuedAt;

        /// <summary>Seconds after IssuedAt when the next list is due (fetch again).</summary>
        public uint NextUpdateSeconds;

        /// <summary>Seconds after IssuedAt after which the list is stale.</summary>
        public uint MaxAgeSeconds;

        /// <summary>Every key is below this.</summary>
        public ulong Universe;

        public uint EntryCount;

        /// <summary>Bytes of a key in block and index headers: the fewest that hold Universe - 1.</summary>
        public int KeyBytes;

        /// <summary>Rice parameter k of the key gaps.</summary>
        public int RiceParameter;

        /// <summary>Bits of an effective date, stored as an offset from DateBase.</summary>
        public int DateBits;

        /// <summary>CivilDate day number that date offsets count from.</summary>
        public int DateBase;

        public uint DataBlockCount;

        public uint IndexBlockCount;

        public int BlockSize { get { return 1 << BlockSizeLog2; } }

        public int PayloadBits { get { return ReasonBits + DateBits; } }

        public int KeysPerIndexBlock { get { return (BlockSize - IndexBlockFixedBytes) / KeyBytes; } }

        /// <summary>Header block + data blocks + index blocks + signature.</summary>
        public long FileLength { get { return (long)BlockSize * (1 + (long)DataBlockCount + IndexBlockCount) + SignatureLength; } }

        /// <summary>Bytes the signature covers.</summary>
        public long SignedLength { get { return FileLength - SignatureLength; } }

        public long DataBlockPosition(long dataBlock)
        {
            return (long)BlockSize * (1 + dataBlock);
        }

        public long IndexBlockPosition(long indexBlock)
        {
            return (long)BlockSize * (1 + (long)DataBlockCount + indexBlock);
        }

        /// <summary>The fewest bytes that hold universe - 1 (at least 1).</summary>
        public static int MinimalKeyBytes(ulong universe)
        {
            int bytes = (BitField.BitLength(universe == 0 ? 0 : universe - 1) + 7) / 8;
            return bytes == 0 ? 1 : bytes;
        }

        /// <summary>Index blocks needed for a number of data blocks.</summary>
        public static uint IndexBlocksFor(uint dataBlocks, int keysPerIndexBlock)
        {
            return (uint)(((long)dataBlocks + keysPerIndexBlock - 1) / keysPerIndexBlock);
        }

        public RevocationListHeader Clone()
        {
            return (RevocationListHeader)MemberwiseClone();
        }

        /// <summary>Writes the Length header bytes (including the header CRC) at offset.</summary>
        public void WriteTo(byte[] buffer, int offset)
        {
            System.Array.Clear(buffer, offset, Length);
            System.Array.Copy(Magic, 0, buffer, offset, 4);
            buffer[offset + 4] = FormatVersion;
            buffer[offset + 5] = (byte)BlockSizeLog2;
            LittleEndian.WriteUInt16(buffer, offset + 6, Length);
            LittleEndian.WriteUInt32(buffer, offset + 8, KeyId);
            LittleEndian.WriteUInt64(buffer, offset + 12, Sequence);
            LittleEndian.WriteUInt64(buffer, offset + 20, (ulong)IssuedAt);
            LittleEndian.WriteUInt32(buffer, offset + 28, NextUpdateSeconds);
            LittleEndian.WriteUInt32(buffer, offset + 32, MaxAgeSeconds);
            LittleEndian.WriteUInt64(buffer, offset + 36, Universe);
            LittleEndian.WriteUInt32(buffer, offset + 44, EntryCount);
            buffer[offset + 48] = (byte)KeyBytes;
            buffer[offset + 49] = (byte)RiceParameter;
            buffer[offset + 50] = (byte)DateBits;
            buffer[offset + 51] = 0;
            LittleEndian.WriteUInt32(buffer, offset + 52, (uint)DateBase);
            LittleEndian.WriteUInt32(buffer, offset + 56, DataBlockCount);
            LittleEndian.WriteUInt32(buffer, offset + 60, IndexBlockCount);
            LittleEndian.WriteUInt32(buffer, offset + 64, Crc32.Compute(buffer, offset, 64));
        }

        /// <summary>
        /// Parses and checks a header: every field in range and consistent with the others. The file length and the
        /// signature are the caller's to check.
        /// </summary>
        public static RevocationError TryParse(byte[] buffer, int offset, int available, RevocationListHeader header)
        {
            RevocationError preamble = RevocationErrors.From(HeaderPreamble.Check(buffer, offset, available, Length, Magic, FormatVersion));
            if (preamble != RevocationError.None)
            {
                return preamble;
            }

            if (LittleEndian.ReadUInt32(buffer, offset + 64) != Crc32.Compute(buffer, offset, 64))
            {
                return RevocationError.HeaderChecksum;
            }

            header.BlockSizeLog2 = buffer[offset + 5];
            header.KeyId = LittleEndian.ReadUInt32(buffer, offset + 8);
            header.Sequence = LittleEndian.ReadUInt64(buffer, offset + 12);
            header.IssuedAt = (long)LittleEndian.ReadUInt64(buffer, offset + 20);
            header.NextUpdateSeconds = LittleEndian.ReadUInt32(buffer, offset + 28);
            header.MaxAgeSeconds = LittleEndian.ReadUInt32(buffer, offset + 32);
            header.Universe = LittleEndian.ReadUInt64(buffer, offset + 36);
            header.EntryCount = LittleEndian.ReadUInt32(buffer, offset + 44);
            header.KeyBytes = buffer[offset + 48];
            header.RiceParameter = buffer[offset + 49];
            header.DateBits = buffer[offset + 50];
            header.DateBase = (int)LittleEndian.ReadUInt32(buffer, offset + 52);
            header.DataBlockCount = LittleEndian.ReadUInt32(buffer, offset + 56);
            header.IndexBlockCount = LittleEndian.ReadUInt32(buffer, offset + 60);
            bool fieldsOk = LittleEndian.ReadUInt16(buffer, offset + 6) == Length && buffer[offset + 51] == 0 && header.HasValidParameters();
            return fieldsOk ? RevocationError.None : RevocationError.BadHeaderField;
        }

        /// <summary>True when every field is in range and the block counts are consistent with the entry count.</summary>
        public bool HasValidParameters()
        {
            if (BlockSizeLog2 < MinBlockSizeLog2 || BlockSizeLog2 > MaxBlockSizeLog2 || Sequence == 0
                || Universe == 0 || Universe > CardKey.Limit || KeyBytes != MinimalKeyBytes(Universe)
                || RiceParameter > MaxRiceParameter || DateBits > MaxDateBits || NextUpdateSeconds > MaxAgeSeconds)
            {
                return false;
            }

            if ((EntryCount == 0) != (DataBlockCount == 0) || DataBlockCount > EntryCount
                || (ulong)EntryCount > (ulong)DataBlockCount * MaxEntriesPerBlock || (ulong)EntryCount > Universe)
            {
                return false;
            }

            return IndexBlockCount == IndexBlocksFor(DataBlockCount, KeysPerIndexBlock) && IndexBlockCount <= MaxIndexBlocks;
        }
    }
}
