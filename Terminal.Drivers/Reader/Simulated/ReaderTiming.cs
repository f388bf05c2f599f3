namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// Modeled time and operation counts accumulated by a <see cref="SimulatedRc522"/> (see <see cref="Rc522TimingModel"/>).
    /// Time spent polling an empty field while no card is selected is kept apart (<see cref="IdleMs"/>), so the other
    /// figures describe taps.
    /// </summary>
    public sealed partial class ReaderTiming
    {
        /// <summary>Air time of the exchanges plus the reader's waits for answers that never came.</summary>
        public double RfMs { get; internal set; }

        /// <summary>SPI bus time of the register and FIFO traffic at the configured clock.</summary>
        public double SpiMs { get; internal set; }

        /// <summary>Managed overhead: per SPI call and per front-end operation.</summary>
        public double OverheadMs { get; internal set; }

        /// <summary>Polling an empty field (no card selected), poll interval included.</summary>
        public double IdleMs { get; internal set; }

        public double TotalMs
        {
            get { return RfMs + SpiMs + OverheadMs; }
        }

        public int Operations { get; internal set; }

        public int Detections { get; internal set; }

        public int EmptyPolls { get; internal set; }

        public int AuthenticationAttempts { get; internal set; }

        public int SectorsAuthenticated { get; internal set; }

        public int BlocksRead { get; internal set; }

        public int Halts { get; internal set; }

        /// <summary>Exchanges that ended without a valid answer (timeouts, NAKs, injected faults).</summary>
        public int FailedExchanges { get; internal set; }

        public int SpiTransfers { get; internal set; }

        public int Reinitializations { get; internal set; }

        public ReaderTiming Clone()
        {
            return (ReaderTiming)MemberwiseClone();
        }

        /// <summary>Differences since an earlier snapshot (this minus earlier).</summary>
        public ReaderTiming Since(ReaderTiming earlier)
        {
            return new ReaderTiming
            {
                RfMs = RfMs - earlier.RfMs,
                SpiMs = SpiMs - earlier.SpiMs,
                OverheadMs = OverheadMs - earlier.OverheadMs,
                IdleMs = IdleMs - earlier.IdleMs,
                Operations = Operations - earlier.Operations,
                Detections = Detections - earlier.Detections,
                EmptyPolls = EmptyPolls - earlier.EmptyPolls,
                AuthenticationAttempts = AuthenticationAttempts - earlier.AuthenticationAttempts,
                SectorsAuthenticated = SectorsAuthenticated - earlier.SectorsAuthenticated,
                BlocksRead = BlocksRead - earlier.BlocksRead,
                Halts = Halts - earlier.Halts,
                FailedExchanges = FailedExchanges - earlier.FailedExchanges,
                SpiTransfers = SpiTransfers - earlier.SpiTransfers,
                Reinitializations = Reinitializations - earlier.Reinitializations,
            };
        }
    }
}
