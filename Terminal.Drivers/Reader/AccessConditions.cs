namespace Terminal.Drivers.Reader
{
    /// <summary>
    /// The access conditions of a MIFARE Classic sector (MF1S50yyX datasheet, section 8.7): each of the 4 blocks of a
    /// sector has a 3-bit condition C1C2C3 (here an int 0..7, C1 the most significant bit), stored in bytes 6..8 of the
    /// sector trailer together with its bitwise inverse. A card whose inverted copy does not match blocks the sector for
    /// good, so <see cref="TryDecode"/> reports that instead of guessing.
    /// <code>
    ///          bit 7   6    5    4    3    2    1    0
    /// byte 6:  ~C2_3 ~C2_2 ~C2_1 ~C2_0 ~C1_3 ~C1_2 ~C1_1 ~C1_0
    /// byte 7:   C1_3  C1_2  C1_1  C1_0 ~C3_3 ~C3_2 ~C3_1 ~C3_0
    /// byte 8:   C3_3  C3_2  C3_1  C3_0  C2_3  C2_2  C2_1  C2_0      (Cx_3 is the trailer, Cx_0..2 the data blocks)
    /// </code>
    /// </summary>
    public static class AccessConditions
    {
        /// <summary>Data block, factory state: read, write, increment, decrement with key A or B.</summary>
        public const int TransportData = 0;

        /// <summary>Trailer, factory state (FF 07 80): key A writes everything, key B is readable (so unusable).</summary>
        public const int TransportTrailer = 1;

        /// <summary>Permit data block (C1C2C3 = 100): read with key A or B, write with key B only, no value operations.</summary>
        public const int PermitData = 4;

        /// <summary>
        /// Permit trailer (C1C2C3 = 011): no key is ever readable; key B (the issuer) may rewrite keys and access bits;
        /// the access bits are readable with A or B. With <see cref="PermitData"/> this encodes as 78 77 88.
        /// </summary>
        public const int PermitTrailer = 3;

        /// <summary>Offset of the 3 access bytes in a sector trailer.</summary>
        public const int TrailerOffset = 6;

        private const int Never = 0;
        private const int A = 1;
        private const int B = 2;
        private const int AB = 3;

        // Indexed by condition C1C2C3 (0..7). Data blocks: datasheet table 8; trailer: table 7.
        private static readonly byte[] DataRead = new byte[] { AB, AB, AB, B, AB, B, AB, Never };
        private static readonly byte[] DataWrite = new byte[] { AB, Never, Never, B, B, Never, B, Never };
        private static readonly byte[] DataIncrement = new byte[] { AB, Never, Never, Never, Never, Never, B, Never };
        private static readonly byte[] DataDecrement = new byte[] { AB, AB, Never, Never, Never, Never, AB, Never };
        private static readonly byte[] TrailerKeyAWrite = new byte[] { A, A, Never, B, B, Never, Never, Never };
        private static readonly byte[] TrailerAccessRead = new byte[] { A, A, A, AB, AB, AB, AB, AB };
        private static readonly byte[] TrailerAccessWrite = new byte[] { Never, A, Never, B, Never, B, Never, Never };
        private static readonly byte[] TrailerKeyBRead = new byte[] { A, A, A, Never, Never, Never, Never, Never };
        private static readonly byte[] TrailerKeyBWrite = new byte[] { A, A, Never, B, B, Never, Never, Never };

        /// <summary>Writes the 3 access bytes for the given conditions (each 0..7) to output[offset..offset+3).</summary>
        public static void Encode(int block0, int block1, int block2, int trailer, byte[] output, int offset)
        {
            int c1 = 0, c2 = 0, c3 = 0;
            int[] conditions = { block0, block1, block2, trailer };
            for (int block = 0; block < 4; block++)
            {
                int condition = conditions[block];
                c1 |= ((condition >> 2) & 1) << block;
                c2 |= ((condition >> 1) & 1) << block;
                c3 |= (condition & 1) << block;
            }

            output[offset] = (byte)((((~c2) & 0x0F) << 4) | ((~c1) & 0x0F));
            output[offset + 1] = (byte)((c1 << 4) | ((~c3) & 0x0F));
            output[offset + 2] = (byte)((c3 << 4) | c2);
        }

        /// <summary>
        /// Reads the conditions of blocks 0..3 (3 = trailer) from the 3 access bytes at input[offset] into conditions[0..4).
        /// Returns false when an inverted copy does not match: a real card treats that sector as blocked.
        /// </summary>
        public static bool TryDecode(byte[] input, int offset, int[] conditions)
        {
            int b6 = input[offset], b7 = input[offset + 1], b8 = input[offset + 2];
            int c1 = (b7 >> 4) & 0x0F;
            int c2 = b8 & 0x0F;
            int c3 = (b8 >> 4) & 0x0F;
            bool consistent = ((~b6) & 0x0F) == c1 && (((~b6) >> 4) & 0x0F) == c2 && ((~b7) & 0x0F) == c3;
            for (int block = 0; block < 4; block++)
            {
                conditions[block] = (((c1 >> block) & 1) << 2) | (((c2 >> block) & 1) << 1) | ((c3 >> block) & 1);
            }

            return consistent;
        }

        /// <summary>
        /// Whether key B may be read under this trailer condition. The datasheet then forbids key B as a key: a card
        /// authenticated with it refuses every following access.
        /// </summary>
        public static bool KeyBReadable(int trailerCondition)
        {
            return TrailerKeyBRead[trailerCondition & 7] != Never;
        }

        public static bool CanReadData(int dataCondition, int trailerCondition, MifareKeyType key)
        {
            return Allows(DataRead, dataCondition, trailerCondition, key);
        }

        public static bool CanWriteData(int dataCondition, int trailerCondition, MifareKeyType key)
        {
            return Allows(DataWrite, dataCondition, trailerCondition, key);
        }

        public static bool CanIncrement(int dataCondition, int trailerCondition, MifareKeyType key)
        {
            return Allows(DataIncrement, dataCondition, trailerCondition, key);
        }

        /// <summary>Decrement, transfer and restore share one permission.</summary>
        public static bool CanDecrement(int dataCondition, int trailerCondition, MifareKeyType key)
        {
            return Allows(DataDecrement, dataCondition, trailerCondition, key);
        }

        /// <summary>Key A is never readable: a trailer read always returns zeros in its place.</summary>
        public static bool CanReadKeyA(int trailerCondition, MifareKeyType key)
        {
            return false;
        }

        public static bool CanWriteKeyA(int trailerCondition, MifareKeyType key)
        {
            return Allows(TrailerKeyAWrite, trailerCondition, trailerCondition, key);
        }

        public static bool CanReadAccessBits(int trailerCondition, MifareKeyType key)
        {
            return Allows(TrailerAccessRead, trailerCondition, trailerCondition, key);
        }

        public static bool CanWriteAccessBits(int trailerCondition, MifareKeyType key)
        {
            return Allows(TrailerAccessWrite, trailerCondition, trailerCondition, key);
        }

        public static bool CanReadKeyB(int trailerCondition, MifareKeyType key)
        {
            return Allows(TrailerKeyBRead, trailerCondition, trailerCondition, key);
        }

        public static bool CanWriteKeyB(int trailerCondition, MifareKeyType key)
        {
            return Allows(TrailerKeyBWrite, trailerCondition, trailerCondition, key);
        }

        private static bool Allows(byte[] table, int condition, int trailerCondition, MifareKeyType key)
        {
            if (key == MifareKeyType.KeyB && KeyBReadable(trailerCondition))
            {
                return false;
            }

            int mask = key == MifareKeyType.KeyA ? A : B;
            return (table[condition & 7] & mask) != 0;
        }
    }
}
