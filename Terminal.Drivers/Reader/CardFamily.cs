namespace Terminal.Drivers.Reader
{
    /// <summary>What a card is, judged from its ATQA and SAK (NXP AN10833); see <see cref="MifareClassic.Classify"/>.</summary>
    public enum CardFamily
    {
        Unknown = 0,

        /// <summary>MIFARE Classic 1K (or a MIFARE Plus in security level 1): the residence-permit card type.</summary>
        MifareClassic1K = 1,

        MifareClassic4K = 2,

        MifareMini = 3,

        /// <summary>MIFARE Ultralight / NTAG: pages, no sectors, no keys.</summary>
        Ultralight = 4,

        /// <summary>ISO/IEC 14443-4 card (DESFire, bank card, phone): not a MIFARE Classic memory card.</summary>
        Iso14443Part4 = 5,
    }
}
