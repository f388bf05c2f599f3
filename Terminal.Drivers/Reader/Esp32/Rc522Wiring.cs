using Iot.Device.Mfrc522;

namespace Terminal.Drivers.Reader.Esp32
{
    /// <summary>How the RC522 module is connected to the ESP32 and driven (SPI1 = the ESP32's VSPI pins by default).</summary>
    public sealed class Rc522Wiring
    {
        public Rc522Wiring(int mosiPin, int misoPin, int clockPin, int chipSelectPin, int resetPin)
        {
            MosiPin = mosiPin;
            MisoPin = misoPin;
            ClockPin = clockPin;
            ChipSelectPin = chipSelectPin;
            ResetPin = resetPin;
            SpiBusId = 1;
            ClockFrequencyHz = 5000000;
            Gain = Gain.G48dB;
            PollIntervalMs = 10;
        }

        public int MosiPin { get; }

        public int MisoPin { get; }

        public int ClockPin { get; }

        public int ChipSelectPin { get; }

        /// <summary>The RC522's NRSTPD pin: a low pulse is the hard reset used at start-up and re-initialisation.</summary>
        public int ResetPin { get; }

        /// <summary>nanoFramework SPI bus number; the pin functions set are those of SPI1.</summary>
        public int SpiBusId { get; set; }

        /// <summary>SPI clock; the RC522 allows up to 10 MHz, 5 MHz leaves margin for the wires of a hand-built terminal.</summary>
        public int ClockFrequencyHz { get; set; }

        /// <summary>Receiver gain (RFCfgReg). The chip resets to 33 dB; the maximum reads a card through a wallet or sleeve.</summary>
        public Gain Gain { get; set; }

        /// <summary>Pause between two polls of an empty field.</summary>
        public int PollIntervalMs { get; set; }
    }
}
