namespace Terminal.Drivers.Reader
{
    /// <summary>
    /// Running totals of what a reader did, for the terminal's health report (read errors, re-initialisations...).
    /// Counts only grow; a reporter takes differences between two snapshots.
    /// </summary>
    public sealed class ReaderCounters
    {
        /// <summary>Cards selected by WaitForCard.</summary>
        public int CardsDetected { get; private set; }

        /// <summary>Successful sector authentications.</summary>
        public int Authentications { get; private set; }

        /// <summary>Authentications the card refused (after the retry).</summary>
        public int AuthFailures { get; private set; }

        /// <summary>Blocks read successfully.</summary>
        public int BlocksRead { get; private set; }

        /// <summary>Failed exchanges of any kind (each retry counts), the raw error rate of the RF link.</summary>
        public int RfErrors { get; private set; }

        /// <summary>Operations that ended with <see cref="ReaderResult.RfError"/> (the caller saw the error).</summary>
        public int ReadErrors { get; private set; }

        /// <summary>Times the card was re-selected to recover from an error.</summary>
        public int Reselects { get; private set; }

        /// <summary>Cards that left the field during a session.</summary>
        public int CardsGone { get; private set; }

        /// <summary>Re-initialisations of the reader chip after repeated errors.</summary>
        public int Reinitializations { get; private set; }

        /// <summary>Re-initialisations that failed (the chip did not answer).</summary>
        public int ReinitializationFailures { get; private set; }

        internal void CardDetected() { CardsDetected++; }

        internal void Authenticated() { Authentications++; }

        internal void AuthFailed() { AuthFailures++; }

        internal void BlockRead() { BlocksRead++; }

        internal void RfError() { RfErrors++; }

        internal void ReadError() { ReadErrors++; }

        internal void Reselected() { Reselects++; }

        internal void CardGone() { CardsGone++; }

        internal void Reinitialized(bool succeeded)
        {
            Reinitializations++;
            if (!succeeded)
            {
                ReinitializationFailures++;
            }
        }
    }
}
