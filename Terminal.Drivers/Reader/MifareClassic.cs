namespace Terminal.Drivers.Reader
{
    /// <summary>Memory layout of a MIFARE Classic 1K card and the card-type test, shared by every reader and the simulator.</summary>
    public static class MifareClassic
    {
        public const int SectorCount = 16;
        public const int BlocksPerSector = 4;
        public const int BlockCount = SectorCount * BlocksPerSector;
        public const int BlockSize = 16;
        public const int MemorySize = BlockCount * BlockSize;
        public const int KeyLength = 6;

        /// <summary>Largest UID (triple size) a caller's UID buffer must hold.</summary>
        public const int MaxUidLength = 10;

        /// <summary>Bytes of the UID the card mixes into its Crypto1 authentication.</summary>
        public const int AuthenticationUidLength = 4;

        /// <summary>First (data) block of a sector.</summary>
        public static int FirstBlock(int sector)
        {
            return sector * BlocksPerSector;
        }

        /// <summary>The sector trailer: key A, access conditions, general-purpose byte, key B.</summary>
        public static int TrailerBlock(int sector)
        {
            return sector * BlocksPerSector + BlocksPerSector - 1;
        }

        public static int SectorOf(int block)
        {
            return block / BlocksPerSector;
        }

        public static bool IsTrailer(int block)
        {
            return block % BlocksPerSector == BlocksPerSector - 1;
        }

        /// <summary>
        /// Offset in the UID of the 4 bytes used for authentication: the whole UID of a 4-byte card, the last cascade
        /// level of a 7- or 10-byte one (NXP AN10927).
        /// </summary>
        public static int AuthenticationUidOffset(int uidLength)
        {
            return uidLength - AuthenticationUidLength;
        }

        /// <summary>Card family from the ATQA (answer to REQA) and SAK (select acknowledge), per NXP AN10833.</summary>
        public static CardFamily Classify(ushort atqa, byte sak)
        {
            if ((sak & 0x02) != 0)
            {
                // RFU bit set: not a genuine answer of any family we know.
                return CardFamily.Unknown;
            }

            switch (sak)
            {
                case 0x08:
                case 0x88:
                    return CardFamily.MifareClassic1K;
                case 0x18:
                    return CardFamily.MifareClassic4K;
                case 0x09:
                    return CardFamily.MifareMini;
                case 0x00:
                    return (atqa & 0x00FF) == 0x44 ? CardFamily.Ultralight : CardFamily.Unknown;
            }

            if ((sak & 0x20) != 0)
            {
                return CardFamily.Iso14443Part4;
            }

            return CardFamily.Unknown;
        }
    }
}
