namespace Terminal.Drivers.Reader
{
    /// <summary>What the reader chip says about itself, for the self-test.</summary>
    public interface IReaderChipInfo
    {
        /// <summary>
        /// The chip's version register as major*16+minor (MFRC522: 0x10 for v1.0, 0x20 for v2.0; clones may report 0),
        /// or -1 when the chip does not answer.
        /// </summary>
        int ChipVersion { get; }
    }
}
