namespace Terminal.Drivers.Reader
{
    /// <summary>
    /// The reader chip's primitive ISO/IEC 14443-A and MIFARE Classic commands, one exchange each, no policy.
    /// <see cref="MifareClassicReader"/> builds the <see cref="ICardReader"/> behaviour (retries, re-selection, card-gone
    /// detection, re-initialisation) on top, so the ESP32 adapter and the simulator share that logic. Implementations
    /// never throw: any failure is false.
    /// </summary>
    public interface IReaderFrontEnd
    {
        /// <summary>
        /// Polls (REQA, anticollision, SELECT) until a card answers or timeoutMs has passed; timeoutMs 0 means one poll.
        /// Clears any Crypto1 state first. On true, uid[0..uidLength) is the UID and atqa/sak the card's answers.
        /// </summary>
        bool Detect(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak);

        /// <summary>MIFARE Classic three-pass authentication of the sector holding block, with the 6-byte key.</summary>
        bool Authenticate(MifareKeyType keyType, int block, byte[] key, byte[] uid, int uidLength);

        /// <summary>READ of one 16-byte block (CRC checked) into buffer[offset..offset+16).</summary>
        bool ReadBlock(int block, byte[] buffer, int offset);

        /// <summary>HLTA: the card goes to HALT and ignores REQA until it leaves the field.</summary>
        void Halt();

        /// <summary>Hard reset of the chip and its register set-up; false if the chip did not come back.</summary>
        bool Reinitialize();
    }
}
