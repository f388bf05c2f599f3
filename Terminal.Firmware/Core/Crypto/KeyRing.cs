using System.Collections;
using Terminal.Core.Time;

namespace Terminal.Core.Crypto
{
    /// <summary>Outcome of asking the key ring for a key to check a signature with.</summary>
    public enum KeyCheck
    {
        Trusted = 0,
        UnknownKey = 1,
        WrongUsage = 2,
        NotValidOnDate = 3,
    }

    /// <summary>The keys a terminal trusts (card issuers, list signers, firmware signers), found by key id.</summary>
    public sealed class KeyRing
    {
        private readonly ArrayList _keys = new ArrayList();

        public int Count { get { return _keys.Count; } }

        /// <summary>Adds a key; a key id may appear only once (false if it is already there).</summary>
        public bool Add(TrustedKey key)
        {
            if (Find(key.KeyId) != null)
            {
                return false;
            }

            _keys.Add(key);
            return true;
        }

        public TrustedKey Find(uint keyId)
        {
            for (int i = 0; i < _keys.Count; i++)
            {
                TrustedKey key = (TrustedKey)_keys[i];
                if (key.KeyId == keyId)
                {
                    return key;
                }
            }

            return null;
        }

        /// <summary>The key to verify a signature made on signedOn for the given usage, or why there is none.</summary>
        public KeyCheck Check(uint keyId, KeyUsage usage, CivilDate signedOn, out TrustedKey key)
        {
            key = Find(keyId);
            if (key == null)
            {
                return KeyCheck.UnknownKey;
            }

            if (key.Usage != usage)
            {
                key = null;
                return KeyCheck.WrongUsage;
            }

            if (!key.IsValidOn(signedOn))
            {
                key = null;
                return KeyCheck.NotValidOnDate;
            }

            return KeyCheck.Trusted;
        }
    }
}
