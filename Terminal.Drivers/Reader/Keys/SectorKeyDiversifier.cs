using Terminal.Drivers.Crypto;

namespace Terminal.Drivers.Reader.Keys
{
    /// <summary>
    /// Per-card, per-sector MIFARE Classic keys derived from a provisioned master key and the card's UID:
    /// key = first 6 bytes of HMAC-SHA256(master, message), message (22 bytes) =
    /// "HBJZ-MFK" | version 0x01 | 'A' or 'B' | sector | UID length | UID zero-padded to 10 bytes.
    /// Key A (read) comes from the read master every terminal holds; key B (write) from the issuer's write master, which
    /// terminals never hold. The same function serves both: only the master and the key letter differ. A leaked card key
    /// opens one sector of one card; a leaked read master opens reading on every card, never writing.
    /// Reuses its buffers (no allocation per key), so one instance serves one thread.
    /// </summary>
    public sealed class SectorKeyDiversifier
    {
        /// <summary>Shortest master key accepted (128 bits); provisioning uses 32 bytes.</summary>
        public const int MinimumMasterKeyLength = 16;

        public const int MessageLength = 22;

        private const byte Version = 0x01;
        private const int VersionOffset = 8;
        private const int KeyLetterOffset = 9;
        private const int SectorOffset = 10;
        private const int UidLengthOffset = 11;
        private const int UidOffset = 12;

        private readonly IHmacSha256 _hmac;

        // Reused for every derivation: the native HMAC takes whole arrays, so the message buffer has the exact size.
        private readonly byte[] _message = new byte[MessageLength];
        private readonly byte[] _mac = new byte[32];

        public SectorKeyDiversifier(IHmacSha256 hmac)
        {
            _hmac = hmac;
            // Domain tag: Hubei juzhuzheng, MIFARE key.
            _message[0] = (byte)'H';
            _message[1] = (byte)'B';
            _message[2] = (byte)'J';
            _message[3] = (byte)'Z';
            _message[4] = (byte)'-';
            _message[5] = (byte)'M';
            _message[6] = (byte)'F';
            _message[7] = (byte)'K';
            _message[VersionOffset] = Version;
        }

        /// <summary>
        /// Writes the 6-byte key of (card, sector, key letter) to key[keyOffset..]. Returns false, writing nothing, when
        /// an argument is out of range (master shorter than 16 bytes, UID not 4, 7 or 10 bytes, sector not 0..15).
        /// </summary>
        public bool DeriveKey(byte[] masterKey, MifareKeyType keyType, byte[] uid, int uidLength, int sector, byte[] key, int keyOffset)
        {
            if (masterKey == null || masterKey.Length < MinimumMasterKeyLength || uid == null || key == null
                || (uidLength != 4 && uidLength != 7 && uidLength != 10) || uid.Length < uidLength
                || sector < 0 || sector >= MifareClassic.SectorCount
                || keyOffset < 0 || keyOffset + MifareClassic.KeyLength > key.Length)
            {
                return false;
            }

            _message[KeyLetterOffset] = keyType == MifareKeyType.KeyA ? (byte)'A' : (byte)'B';
            _message[SectorOffset] = (byte)sector;
            _message[UidLengthOffset] = (byte)uidLength;
            for (int i = 0; i < MifareClassic.MaxUidLength; i++)
            {
                _message[UidOffset + i] = i < uidLength ? uid[i] : (byte)0;
            }

            _hmac.Compute(masterKey, _message, _mac, 0);
            for (int i = 0; i < MifareClassic.KeyLength; i++)
            {
                key[keyOffset + i] = _mac[i];
            }

            return true;
        }
    }
}
