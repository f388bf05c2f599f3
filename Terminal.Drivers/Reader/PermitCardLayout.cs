namespace Terminal.Drivers.Reader
{
    /// <summary>
    /// Where a residence-permit card keeps what (the lead's card layout contract): sector 0 holds the manufacturer block
    /// and nothing of ours; sectors 1-2 (blocks 4-6 and 8-10) the 96-byte core record read on every tap; sectors 3-15
    /// the tier-2 data (issuer signature, personal data) read after the verdict while the card is still there.
    /// </summary>
    public static class PermitCardLayout
    {
        public const int CoreRecordFirstSector = 1;
        public const int CoreRecordSectorCount = 2;
        public const int CoreRecordLength = CoreRecordSectorCount * SectorReader.DataBytesPerSector;

        public const int Tier2FirstSector = 3;
        public const int Tier2SectorCount = MifareClassic.SectorCount - Tier2FirstSector;
        public const int Tier2Capacity = Tier2SectorCount * SectorReader.DataBytesPerSector;
    }
}
