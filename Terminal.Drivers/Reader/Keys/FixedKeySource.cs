namespace Terminal.Drivers.Reader.Keys
{
    /// <summary>One key for every sector of every card, e.g. the transport key FF FF FF FF FF FF of a blank card.</summary>
    public sealed class FixedKeySource : ISectorKeySource
    {
        private readonly byte[] _key;
        private readonly MifareKeyType _keyType;

        public FixedKeySource(byte[] key, MifareKeyType keyType)
        {
            _key = key;
            _keyType = keyType;
        }

        /// <summary>The factory key of every sector of a new MIFARE Classic card (key A and key B alike).</summary>
        public static byte[] TransportKey()
        {
            return new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
        }

        public bool GetKey(byte[] uid, int uidLength, int sector, byte[] key, out MifareKeyType keyType)
        {
            keyType = _keyType;
            for (int i = 0; i < MifareClassic.KeyLength; i++)
            {
                key[i] = _key[i];
            }

            return true;
        }
    }
}
