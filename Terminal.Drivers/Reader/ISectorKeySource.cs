namespace Terminal.Drivers.Reader
{
    /// <summary>Supplies the key to open a sector of a given card (see <see cref="SectorReader"/>).</summary>
    public interface ISectorKeySource
    {
        /// <summary>Writes the 6-byte key for sector of the card uid[0..uidLength) to key[0..6) and names which key it is; false if there is none.</summary>
        bool GetKey(byte[] uid, int uidLength, int sector, byte[] key, out MifareKeyType keyType);
    }
}
