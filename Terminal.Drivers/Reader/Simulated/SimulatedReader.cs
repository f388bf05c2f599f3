namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// The terminal's reader on the host: the same <see cref="MifareClassicReader"/> the device runs, over a
    /// <see cref="SimulatedRc522"/>. Script the taps on <see cref="Field"/>, inject RF faults with <see cref="Faults"/>,
    /// read the modeled time and counts from <see cref="Timing"/>.
    /// </summary>
    public sealed class SimulatedReader : ICardReader
    {
        public SimulatedReader(Rc522TimingModel model = null)
        {
            Field = new SimulatedField();
            Faults = new RfFaultInjector();
            FrontEnd = new SimulatedRc522(Field, Faults, model);
            Session = new MifareClassicReader(FrontEnd);
        }

        public SimulatedField Field { get; }

        public RfFaultInjector Faults { get; }

        public SimulatedRc522 FrontEnd { get; }

        /// <summary>The portable reader logic (retry and re-initialisation settings live here).</summary>
        public MifareClassicReader Session { get; }

        public ReaderTiming Timing
        {
            get { return FrontEnd.Timing; }
        }

        public ReaderCounters Counters
        {
            get { return Session.Counters; }
        }

        public ReaderResult WaitForCard(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak)
        {
            return Session.WaitForCard(timeoutMs, uid, out uidLength, out atqa, out sak);
        }

        public ReaderResult Authenticate(int sector, MifareKeyType keyType, byte[] key)
        {
            return Session.Authenticate(sector, keyType, key);
        }

        public ReaderResult ReadBlock(int block, byte[] buffer, int offset)
        {
            return Session.ReadBlock(block, buffer, offset);
        }

        public void Halt()
        {
            Session.Halt();
        }
    }
}
