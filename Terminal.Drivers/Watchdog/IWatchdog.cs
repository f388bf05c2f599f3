namespace Terminal.Drivers.Watchdog
{
    /// <summary>
    /// Reboots the terminal when the main loop stops feeding it. nanoFramework on ESP32 exposes no hardware watchdog
    /// to managed code, so the device implementation is a supervising thread (see Esp32/).
    /// </summary>
    public interface IWatchdog
    {
        /// <summary>Arms the watchdog: from now on, a gap longer than timeoutMs between feeds reboots the board.</summary>
        void Start(int timeoutMs);

        /// <summary>The main loop is alive.</summary>
        void Feed();
    }
}
