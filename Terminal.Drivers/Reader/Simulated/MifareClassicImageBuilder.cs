using System;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// Builds a MIFARE Classic 1K image block by block: the manufacturer block from the UID, each sector trailer from its
    /// keys and access conditions, data spread over the data blocks of consecutive sectors (trailers skipped). A new
    /// builder holds a factory-fresh card: zeros, transport keys FF FF FF FF FF FF, access bytes FF 07 80, GPB 69.
    /// </summary>
    public sealed class MifareClassicImageBuilder
    {
        public const byte DefaultGeneralPurposeByte = 0x69;

        private readonly byte[] _uid;
        private readonly byte[] _memory = new byte[MifareClassic.MemorySize];
        private readonly bool _uidWritable;

        public MifareClassicImageBuilder(byte[] uid, bool uidWritable = false)
        {
            if (uid == null || (uid.Length != 4 && uid.Length != 7))
            {
                throw new ArgumentException("a MIFARE Classic UID has 4 or 7 bytes", nameof(uid));
            }

            _uid = (byte[])uid.Clone();
            _uidWritable = uidWritable;
            WriteManufacturerBlock(_memory, _uid, Sak, Atqa);
            byte[] transport = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
            for (int sector = 0; sector < MifareClassic.SectorCount; sector++)
            {
                SetSectorKeys(sector, transport, transport, AccessConditions.TransportData, AccessConditions.TransportTrailer);
            }
        }

        public byte Sak
        {
            get { return 0x08; }
        }

        public ushort Atqa
        {
            get { return _uid.Length == 4 ? (ushort)0x0004 : (ushort)0x0044; }
        }

        /// <summary>Block 0: UID, its check byte (4-byte UIDs), SAK, ATQA (least significant byte first) and manufacturer bytes.</summary>
        public static void WriteManufacturerBlock(byte[] memory, byte[] uid, byte sak, ushort atqa)
        {
            Array.Clear(memory, 0, MifareClassic.BlockSize);
            Array.Copy(uid, memory, uid.Length);
            int at = uid.Length;
            if (uid.Length == 4)
            {
                memory[4] = (byte)(uid[0] ^ uid[1] ^ uid[2] ^ uid[3]);
                at = 5;
            }

            memory[at] = sak;
            memory[at + 1] = (byte)atqa;
            memory[at + 2] = (byte)(atqa >> 8);
            for (int i = at + 3; i < MifareClassic.BlockSize; i++)
            {
                memory[i] = (byte)(0x60 + i);
            }
        }

        /// <summary>Writes a sector trailer: key A, access conditions of the 3 data blocks and the trailer, GPB, key B.</summary>
        public MifareClassicImageBuilder SetSectorKeys(int sector, byte[] keyA, byte[] keyB, int dataCondition, int trailerCondition, byte generalPurposeByte = DefaultGeneralPurposeByte)
        {
            CheckSector(sector);
            if (keyA == null || keyA.Length != MifareClassic.KeyLength || keyB == null || keyB.Length != MifareClassic.KeyLength)
            {
                throw new ArgumentException("keys have 6 bytes");
            }

            int start = MifareClassic.TrailerBlock(sector) * MifareClassic.BlockSize;
            Array.Copy(keyA, 0, _memory, start, 6);
            AccessConditions.Encode(dataCondition, dataCondition, dataCondition, trailerCondition, _memory, start + AccessConditions.TrailerOffset);
            _memory[start + 9] = generalPurposeByte;
            Array.Copy(keyB, 0, _memory, start + 10, 6);
            return this;
        }

        /// <summary>Writes one data block (neither block 0 nor a trailer).</summary>
        public MifareClassicImageBuilder SetBlock(int block, byte[] data, int offset = 0)
        {
            if (block <= 0 || block >= MifareClassic.BlockCount || MifareClassic.IsTrailer(block))
            {
                throw new ArgumentOutOfRangeException(nameof(block), "not a data block");
            }

            Array.Copy(data, offset, _memory, block * MifareClassic.BlockSize, MifareClassic.BlockSize);
            return this;
        }

        /// <summary>
        /// Spreads data[offset..offset+length) over the data blocks of sectors firstSector, firstSector + 1, ... (3 blocks
        /// each, 2 in sector 0 whose block 0 is the manufacturer's); the last block is zero-padded.
        /// </summary>
        public MifareClassicImageBuilder WriteSectors(int firstSector, byte[] data, int offset, int length)
        {
            CheckSector(firstSector);
            int block = firstSector == 0 ? 1 : MifareClassic.FirstBlock(firstSector);
            int written = 0;
            while (written < length)
            {
                if (block >= MifareClassic.BlockCount)
                {
                    throw new ArgumentException("data does not fit from sector " + firstSector, nameof(length));
                }

                if (MifareClassic.IsTrailer(block))
                {
                    block++;
                    continue;
                }

                int count = length - written < MifareClassic.BlockSize ? length - written : MifareClassic.BlockSize;
                int start = block * MifareClassic.BlockSize;
                Array.Clear(_memory, start, MifareClassic.BlockSize);
                Array.Copy(data, offset + written, _memory, start, count);
                written += count;
                block++;
            }

            return this;
        }

        public CardImage Build()
        {
            return new CardImage(CardFamily.MifareClassic1K, _uid, Atqa, Sak, (byte[])_memory.Clone(), _uidWritable);
        }

        private static void CheckSector(int sector)
        {
            if (sector < 0 || sector >= MifareClassic.SectorCount)
            {
                throw new ArgumentOutOfRangeException(nameof(sector));
            }
        }
    }
}
