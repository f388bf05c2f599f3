using Terminal.Core.Time;
using Terminal.Drivers.Crypto;

namespace Terminal.Core.Permits
{
    /// <summary>Outcome of the tier-1 check.</summary>
    public enum TierOneStatus
    {
        Authentic = 0,
        /// <summary>The record names a MAC key id this terminal was not provisioned with.</summary>
        UnknownKey = 1,
        /// <summary>The key exists but today is outside its validity window.</summary>
        KeyNotValidToday = 2,
        /// <summary>The MAC does not match: altered record, or a record copied onto another card's UID.</summary>
        MacMismatch = 3,
        /// <summary>UID length other than 4 or 7 bytes (MIFARE Classic single/double size).</summary>
        BadUid = 4,
    }

    /// <summary>A regional verification master key (secret, provisioned) with its id and validity window.</summary>
    public sealed class MacMasterKey
    {
        public readonly int Id;
        public readonly byte[] Key;
        public readonly CivilDate ValidFrom;
        public readonly CivilDate ValidUntil;

        public MacMasterKey(int id, byte[] key, CivilDate validFrom, CivilDate validUntil)
        {
            Id = id;
            Key = key;
            ValidFrom = validFrom;
            ValidUntil = validUntil;
        }
    }

    /// <summary>
    /// Tier 1, on every tap, native crypto only: the core record carries HMAC-SHA256(K_card, record[0..28) ‖ UID)
    /// truncated to 16 bytes, where K_card = HMAC-SHA256(regional master, "HB-T1" ‖ len(UID) ‖ UID). Binding to the UID
    /// refuses a record copied onto another card; per-card keys mean a leaked card key unlocks one card only.
    /// Two native HMAC calls per tap; buffers are preallocated so the check allocates nothing managed itself.
    /// </summary>
    public sealed class TierOneAuthenticator
    {
        private static readonly byte[] DerivationLabel = new byte[] { 0x48, 0x42, 0x2D, 0x54, 0x31 }; // "HB-T1"

        private readonly IHmacSha256 _hmac;
        private readonly MacMasterKey[] _keys;

        // Exact-size buffers per UID length (the native HMAC takes whole arrays).
        private readonly byte[] _derive4 = new byte[DerivationLabel.Length + 1 + 4];
        private readonly byte[] _derive7 = new byte[DerivationLabel.Length + 1 + 7];
        private readonly byte[] _message4 = new byte[CoreRecordLayout.SignedLength + 4];
        private readonly byte[] _message7 = new byte[CoreRecordLayout.SignedLength + 7];
        private readonly byte[] _cardKey = new byte[32];
        private readonly byte[] _mac = new byte[32];

        public TierOneAuthenticator(IHmacSha256 hmac, MacMasterKey[] keys)
        {
            _hmac = hmac;
            _keys = keys;
            System.Array.Copy(DerivationLabel, _derive4, DerivationLabel.Length);
            System.Array.Copy(DerivationLabel, _derive7, DerivationLabel.Length);
            _derive4[DerivationLabel.Length] = 4;
            _derive7[DerivationLabel.Length] = 7;
        }

        /// <summary>Checks the MAC of a decoded core record (raw bytes at <paramref name="offset"/>) for the card's UID.</summary>
        public TierOneStatus Check(byte[] record, int offset, int macKeyId, byte[] uid, int uidLength, CivilDate today)
        {
            if (uidLength != 4 && uidLength != 7)
            {
                return TierOneStatus.BadUid;
            }

            MacMasterKey key = Find(macKeyId);
            if (key == null)
            {
                return TierOneStatus.UnknownKey;
            }

            if (today < key.ValidFrom || today > key.ValidUntil)
            {
                return TierOneStatus.KeyNotValidToday;
            }

            ComputeMac(key.Key, record, offset, uid, uidLength, _mac);
            return ConstantTimeEquals(_mac, 0, record, offset + CoreRecordLayout.MacOffset, CoreRecordLayout.MacLength)
                ? TierOneStatus.Authentic
                : TierOneStatus.MacMismatch;
        }

        /// <summary>
        /// The full 32-byte HMAC over record[0..28) ‖ UID under the per-card key; the card carries its first 16 bytes.
        /// Public so the issuing side computes the MAC with exactly the same code.
        /// </summary>
        public void ComputeMac(byte[] masterKey, byte[] record, int offset, byte[] uid, int uidLength, byte[] output)
        {
            byte[] derive = uidLength == 4 ? _derive4 : _derive7;
            System.Array.Copy(uid, 0, derive, DerivationLabel.Length + 1, uidLength);
            _hmac.Compute(masterKey, derive, _cardKey, 0);

            byte[] message = uidLength == 4 ? _message4 : _message7;
            System.Array.Copy(record, offset, message, 0, CoreRecordLayout.SignedLength);
            System.Array.Copy(uid, 0, message, CoreRecordLayout.SignedLength, uidLength);
            _hmac.Compute(_cardKey, message, output, 0);
            System.Array.Clear(_cardKey, 0, _cardKey.Length);
        }

        private MacMasterKey Find(int id)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                if (_keys[i].Id == id)
                {
                    return _keys[i];
                }
            }

            return null;
        }

        /// <summary>Compares without an early exit, so timing does not reveal how many MAC bytes matched.</summary>
        public static bool ConstantTimeEquals(byte[] a, int aOffset, byte[] b, int bOffset, int count)
        {
            int diff = 0;
            for (int i = 0; i < count; i++)
            {
                diff |= a[aOffset + i] ^ b[bOffset + i];
            }

            return diff == 0;
        }
    }
}
