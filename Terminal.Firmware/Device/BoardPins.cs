namespace Terminal.Device
{
    /// <summary>ESP32-DevKitC GPIO numbers of the reference wiring (hardware/README.md has the full pinout).</summary>
    public static class BoardPins
    {
        public const int LedGreen = 25;
        public const int LedAmber = 26;
        public const int LedRed = 27;
    }
}
