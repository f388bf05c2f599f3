namespace Terminal.Device
{
    /// <summary>ESP32-DevKitC GPIO numbers of the reference wiring (hardware/README.md has the full pinout).</summary>
    public static class BoardPins
    {
        public const int LedGreen = 25;
        public const int LedAmber = 26;
        public const int LedRed = 27;

        /// <summary>Passive buzzer, driven by PWM.</summary>
        public const int Buzzer = 32;

        // RC522 on SPI1 (the ESP32's VSPI pins). GPIO 5 is a strapping pin; the module's chip select idles high, as it must at boot.
        public const int ReaderMosi = 23;
        public const int ReaderMiso = 19;
        public const int ReaderClock = 18;
        public const int ReaderChipSelect = 5;
        public const int ReaderReset = 22;
    }
}
