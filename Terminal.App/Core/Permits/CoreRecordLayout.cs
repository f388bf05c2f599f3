namespace Terminal.Core.Permits
{
    /// <summary>Offsets of the 48-byte core record (sector 1, blocks 4–6: one authentication and three reads per tap). The table in README.md documents them.</summary>
    public static class CoreRecordLayout
    {
        /// <summary>The record fills sector 1; sector 2 of the card's core area stays zero, reserved for later fields.</summary>
        public const int Length = 48;
        public const int Sector = Terminal.Drivers.Reader.PermitCardLayout.CoreRecordFirstSector;

        public const byte Magic0 = 0x48; // 'H'
        public const byte Magic1 = 0x42; // 'B'
        public const byte Version = 1;

        public const int MagicOffset = 0;
        public const int VersionOffset = 2;
        public const int FlagsOffset = 3;
        public const int PermitNumberOffset = 4;     // uint40 big-endian
        public const int GenerationOffset = 9;
        public const int AuthorityOffset = 10;       // uint24 big-endian
        public const int IssueDateOffset = 13;       // uint16 day number
        public const int ValidityEndOffset = 15;
        public const int EndorsedThroughOffset = 17;
        public const int ResidenceStartOffset = 19;
        public const int IssuerKeyIdOffset = 21;     // uint16
        public const int MacKeyIdOffset = 23;        // uint16
        public const int TierTwoBlocksOffset = 25;
        public const int ReservedOffset = 26;        // 2 bytes, zero

        /// <summary>Bytes covered by the MAC and the signature (everything before the MAC).</summary>
        public const int SignedLength = 28;
        public const int MacOffset = 28;
        public const int MacLength = 16;
        public const int CrcOffset = 44;

        public const long MaxPermitNumber = (long)Revocation.CardKey.MaxPermitNumber; // 12 decimal digits, stored in 40 bits
        public const int MaxGeneration = Revocation.CardKey.MaxGeneration;
    }
}
