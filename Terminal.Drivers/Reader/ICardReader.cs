namespace Terminal.Drivers.Reader
{
    /// <summary>
    /// Block I/O on one ISO/IEC 14443-A card at a time (MIFARE Classic 1K), as the tap pipeline drives it:
    /// WaitForCard, then for each sector Authenticate and ReadBlock, then Halt. No method throws and none allocates:
    /// every buffer belongs to the caller. Failures are <see cref="ReaderResult"/> codes; the reader recovers by itself
    /// where it can (re-selects the card after a failed authentication, retries a failed read once, re-initialises the
    /// chip after repeated errors), so a caller only decides what to show.
    /// </summary>
    public interface ICardReader
    {
        /// <summary>
        /// Polls for a card for up to timeoutMs and selects the first that answers. On Ok, uid[0..uidLength) holds its
        /// UID (4 or 7 bytes; uid must hold at least <see cref="MifareClassic.MaxUidLength"/> bytes), atqa and sak its
        /// answers to REQA and SELECT (see <see cref="MifareClassic.Classify"/>). A card that was halted stays silent
        /// until it leaves the field and comes back, so one tap is reported once.
        /// </summary>
        ReaderResult WaitForCard(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak);

        /// <summary>Authenticates sector (0..15) of the selected card with a 6-byte key; ReadBlock then reads that sector's blocks.</summary>
        ReaderResult Authenticate(int sector, MifareKeyType keyType, byte[] key);

        /// <summary>Reads block (0..63) of the authenticated sector into buffer[offset..offset+16).</summary>
        ReaderResult ReadBlock(int block, byte[] buffer, int offset);

        /// <summary>Ends the session with the card (HLTA) so it is not reported again while it stays in the field.</summary>
        void Halt();

        /// <summary>Running totals for health reports.</summary>
        ReaderCounters Counters { get; }
    }
}
