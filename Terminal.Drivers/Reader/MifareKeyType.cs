namespace Terminal.Drivers.Reader
{
    /// <summary>Which of a MIFARE Classic sector's two keys to authenticate with.</summary>
    public enum MifareKeyType
    {
        /// <summary>Key A: the read key every terminal can derive.</summary>
        KeyA = 0,

        /// <summary>Key B: the issuer's write key; terminals never hold its master.</summary>
        KeyB = 1,
    }
}
