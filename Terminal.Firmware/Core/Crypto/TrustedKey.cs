using Terminal.Core.Time;

namespace Terminal.Core.Crypto
{
    /// <summary>An Ed25519 public key the terminal trusts for one usage during a window of Beijing civil days.</summary>
    public sealed class TrustedKey
    {
        public const int PublicKeyLength = 32;

        private readonly byte[] _publicKey;

        /// <summary>Copies the 32-byte public key; the window [validFromDay, validUntilDay] is inclusive, in CivilDate day numbers.</summary>
        public TrustedKey(uint keyId, KeyUsage usage, byte[] publicKey, int validFromDay, int validUntilDay)
        {
            if (publicKey == null || publicKey.Length != PublicKeyLength)
            {
                throw new System.ArgumentException("an Ed25519 public key is 32 bytes");
            }

            KeyId = keyId;
            Usage = usage;
            _publicKey = new byte[PublicKeyLength];
            System.Array.Copy(publicKey, _publicKey, PublicKeyLength);
            ValidFromDay = validFromDay;
            ValidUntilDay = validUntilDay;
        }

        public uint KeyId { get; private set; }

        public KeyUsage Usage { get; private set; }

        /// <summary>The key bytes (the ring's own copy: do not modify).</summary>
        public byte[] PublicKey { get { return _publicKey; } }

        public int ValidFromDay { get; private set; }

        public int ValidUntilDay { get; private set; }

        public bool IsValidOn(CivilDate day)
        {
            return day.DayNumber >= ValidFromDay && day.DayNumber <= ValidUntilDay;
        }
    }
}
