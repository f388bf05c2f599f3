namespace Terminal.Drivers.Reader
{
    /// <summary>Outcome of one reader operation. The reader never throws; every failure is one of these codes.</summary>
    public enum ReaderResult
    {
        Ok = 0,

        /// <summary>No card answered before the timeout (WaitForCard only).</summary>
        NoCard = 1,

        /// <summary>The card refused the key (wrong key, or not a card of ours). The card was re-selected and stays usable.</summary>
        AuthFailed = 2,

        /// <summary>The exchange failed (no answer, CRC or protocol error) and a retry did not help; the card is still in the field.</summary>
        RfError = 3,

        /// <summary>The selected card left the field (or another card replaced it). Start again with WaitForCard.</summary>
        CardGone = 4,

        /// <summary>ReadBlock on a block whose sector is not the one authenticated last, or no card is selected. No RF traffic was spent.</summary>
        NotAuthenticated = 5,

        /// <summary>A caller error: buffer too small, block or sector out of range, key not 6 bytes.</summary>
        InvalidArgument = 6,

        /// <summary>The reader chip did not come back after a re-initialisation: the terminal cannot read cards.</summary>
        ReaderFault = 7,
    }
}
