namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// How long the ESP32 + RC522 reader path takes, modeled from first principles (the numbers are in the Reader
    /// README): ISO/IEC 14443-A frames at 106 kbit/s (bit = 128/fc = 9.44 µs; 9 bits per byte with parity, CRC_A bytes
    /// counted as data), the card's response delay FDT (n = 9: 1236/fc = 91.2 µs), the SPI register/FIFO traffic the
    /// nanoFramework MfRc522 driver issues for each command (one SPI call per register access, one per FIFO byte
    /// written, one for a FIFO read; CRC computed on the chip), a managed cost per SPI call and per operation, and the
    /// driver's 36 ms wait when the card does not answer.
    /// </summary>
    public sealed class Rc522TimingModel
    {
        public const double CarrierHz = 13_560_000.0;

        /// <summary>One bit at 106 kbit/s: 128 carrier periods.</summary>
        public const double BitUs = 128 / CarrierHz * 1e6;

        /// <summary>Frame delay time PCD to PICC for n = 9 and last bit 1 ((9 * 128 + 84) / fc), the card's answer delay.</summary>
        public const double ResponseDelayUs = 1236 / CarrierHz * 1e6;

        /// <summary>Minimum frame delay PICC to PCD (1172 / fc): the chip's turnaround between the two authentication passes.</summary>
        public const double TurnaroundUs = 1172 / CarrierHz * 1e6;

        public Rc522TimingModel()
        {
            SpiClockHz = 5_000_000;
            SpiCallOverheadUs = 150;
            OperationOverheadUs = 300;
            NoResponseTimeoutUs = 36_000;
            PollIntervalMs = 10;
            ReinitializationUs = 40_000;
        }

        /// <summary>SPI clock of the RC522 bus (the chip allows up to 10 MHz; the upstream sample uses 5 MHz).</summary>
        public int SpiClockHz { get; set; }

        /// <summary>Managed cost of one SpiDevice.TransferFullDuplex call (interpreter + native transition + buffer allocation). An assumption until measured on a board.</summary>
        public double SpiCallOverheadUs { get; set; }

        /// <summary>Managed cost of one front-end operation beyond its SPI calls (MifareCard bookkeeping, allocations). An assumption until measured.</summary>
        public double OperationOverheadUs { get; set; }

        /// <summary>How long the driver waits for an answer that never comes (its Stopwatch limit in WaitForCommandToComplete).</summary>
        public double NoResponseTimeoutUs { get; set; }

        /// <summary>Pause between two polls of an empty field (Thread.Sleep on the device).</summary>
        public int PollIntervalMs { get; set; }

        /// <summary>Hard reset (1 ms pulse, 38 ms start-up wait) plus register set-up.</summary>
        public double ReinitializationUs { get; set; }

        /// <summary>A PCD frame: start bit, 9 bits per byte, end of communication (2 bit periods).</summary>
        public static int PcdFrameBits(int bytes)
        {
            return 1 + 9 * bytes + 2;
        }

        /// <summary>REQA/WUPA short frame: start, 7 data bits, end.</summary>
        public static int PcdShortFrameBits
        {
            get { return 1 + 7 + 2; }
        }

        /// <summary>A PICC frame: start bit, 9 bits per byte, end bit.</summary>
        public static int PiccFrameBits(int bytes)
        {
            return 1 + 9 * bytes + 1;
        }

        /// <summary>One command and its answer on the air.</summary>
        public static double ExchangeUs(int pcdBits, int piccBits)
        {
            return (pcdBits + piccBits) * BitUs + ResponseDelayUs;
        }

        /// <summary>REQA (7 bits) and ATQA (2 bytes).</summary>
        public static double RequestAirUs
        {
            get { return ExchangeUs(PcdShortFrameBits, PiccFrameBits(2)); }
        }

        /// <summary>One cascade level: ANTICOLLISION (93 20) answered by 4 UID bytes + BCC, then SELECT (9 bytes with CRC) answered by SAK + CRC.</summary>
        public static double CascadeLevelAirUs
        {
            get { return ExchangeUs(PcdFrameBits(2), PiccFrameBits(5)) + ExchangeUs(PcdFrameBits(9), PiccFrameBits(3)); }
        }

        /// <summary>Three-pass authentication: 60/61 + block + CRC answered by nonce Nt (4); Nr + Ar (8) answered by At (4).</summary>
        public static double AuthenticationAirUs
        {
            get { return ExchangeUs(PcdFrameBits(4), PiccFrameBits(4)) + TurnaroundUs + ExchangeUs(PcdFrameBits(8), PiccFrameBits(4)); }
        }

        /// <summary>READ (30 + block + CRC) answered by 16 data bytes + CRC.</summary>
        public static double ReadAirUs
        {
            get { return ExchangeUs(PcdFrameBits(4), PiccFrameBits(18)); }
        }

        /// <summary>A command answered by a 4-bit NAK.</summary>
        public static double NakAirUs
        {
            get { return ExchangeUs(PcdFrameBits(4), 1 + 4 + 1); }
        }

        /// <summary>A 4-byte command sent into silence (the wait is charged separately).</summary>
        public static double UnansweredCommandAirUs
        {
            get { return PcdFrameBits(4) * BitUs; }
        }

        /// <summary>Bus time of one SPI transfer.</summary>
        public double SpiTransferUs(int bytes)
        {
            return bytes * 8 * 1e6 / SpiClockHz;
        }
    }
}
