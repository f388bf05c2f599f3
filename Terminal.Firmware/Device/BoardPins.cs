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

        /// <summary>
        /// Push button to ground, held at power-on to request the self-test (internal pull-up). Not the DevKitC's BOOT
        /// button: GPIO 0 held at reset puts the ESP32 into its serial bootloader instead of starting the firmware.
        /// </summary>
        public const int SelfTestButton = 33;

        // RC522 on SPI1 (the ESP32's VSPI pins). GPIO 5 is a strapping pin; the module's chip select idles high, as it must at boot.
        public const int ReaderMosi = 23;
        public const int ReaderMiso = 19;
        public const int ReaderClock = 18;
        public const int ReaderChipSelect = 5;
        public const int ReaderReset = 22;

        // Optional SSD1306 display on I2C1 (hardware/README.md, Terminal.Drivers/Display/README.md).
        // GPIO 22, the usual SCL, is the reader's reset here.
        public const int DisplayData = 21;
        public const int DisplayClock = 4;
    }
}
