namespace Terminal.Core.Permits
{
    /// <summary>
    /// The tier-2 area (sectors 3–15, data blocks in order): the issuing authority's Ed25519 signature and the
    /// personal data. Byte layout in README.md. The signed message is built here only, for issuer and terminal alike.
    /// </summary>
    public static class TierTwoLayout
    {
        public const int FirstSector = Terminal.Drivers.Reader.PermitCardLayout.Tier2FirstSector;
        public const int LastSector = 15;

        /// <summary>Data bytes available: 13 sectors × 3 blocks × 16 bytes.</summary>
        public const int Capacity = Terminal.Drivers.Reader.PermitCardLayout.Tier2Capacity;

        public const int SignatureOffset = 0;
        public const int SignatureLength = 64;
        public const int PersonalDataLengthOffset = 64; // uint16 big-endian
        public const int PersonalDataOffset = 66;
        public const int MaxPersonalDataLength = Capacity - PersonalDataOffset;

        public const int HashLength = 64; // SHA-512 of the personal data

        /// <summary>Domain separation: a card signature can never be mistaken for a list or bundle signature.</summary>
        private static readonly byte[] Domain = new byte[] { 0x48, 0x42, 0x2D, 0x52, 0x50, 0x2D, 0x43, 0x41, 0x52, 0x44, 0x31 }; // "HB-RP-CARD1"

        /// <summary>Longest signed message: domain ‖ record[0..28) ‖ len(UID) ‖ UID(≤7) ‖ SHA-512(personal data).</summary>
        public const int MaxSignedMessageLength = 11 + CoreRecordLayout.SignedLength + 1 + 7 + HashLength;

        /// <summary>
        /// Writes the message the issuer signs into <paramref name="output"/> (≥ MaxSignedMessageLength bytes) and returns
        /// its length: domain ‖ core record[0..28) ‖ len(UID) ‖ UID ‖ SHA-512(personal data).
        /// </summary>
        public static int BuildSignedMessage(byte[] coreRecord, int coreOffset, byte[] uid, int uidLength, byte[] personalDataHash, byte[] output)
        {
            int n = 0;
            System.Array.Copy(Domain, 0, output, n, Domain.Length);
            n += Domain.Length;
            System.Array.Copy(coreRecord, coreOffset, output, n, CoreRecordLayout.SignedLength);
            n += CoreRecordLayout.SignedLength;
            output[n++] = (byte)uidLength;
            System.Array.Copy(uid, 0, output, n, uidLength);
            n += uidLength;
            System.Array.Copy(personalDataHash, 0, output, n, HashLength);
            return n + HashLength;
        }

        /// <summary>Block numbers (0..63) of the tier-2 area in order, skipping sector trailers.</summary>
        public static int BlockAt(int index)
        {
            int sector = FirstSector + index / 3;
            return sector * 4 + index % 3;
        }
    }
}
