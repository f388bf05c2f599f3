namespace Terminal.Drivers.Reader.Keys
{
    /// <summary>The terminal's key source: key A of every sector, diversified from the provisioned read master.</summary>
    public sealed class DiversifiedReadKeys : ISectorKeySource
    {
        private readonly SectorKeyDiversifier _diversifier;
        private readonly byte[] _readMaster;

        public DiversifiedReadKeys(SectorKeyDiversifier diversifier, byte[] readMaster)
        {
            _diversifier = diversifier;
            _readMaster = readMaster;
        }

        public bool GetKey(byte[] uid, int uidLength, int sector, byte[] key, out MifareKeyType keyType)
        {
            keyType = MifareKeyType.KeyA;
            return _diversifier.DeriveKey(_readMaster, MifareKeyType.KeyA, uid, uidLength, sector, key, 0);
        }
    }
}
