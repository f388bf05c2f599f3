namespace Terminal.Core.App
{
    /// <summary>Timings and bounds of the boot sequence and the main loop (defaults for the board).</summary>
    public sealed class BootOptions
    {
        /// <summary>A gap longer than this between main-loop iterations reboots the board.</summary>
        public int WatchdogTimeoutMs = 60000;

        /// <summary>Wi-Fi attempts at boot before going on offline.</summary>
        public int WifiAttempts = 3;

        public int WifiAttemptTimeoutMs = 15000;

        /// <summary>While offline, one more Wi-Fi attempt this often.</summary>
        public int WifiRetryIntervalMs = 300000;

        public int SntpTimeoutMs = 10000;

        /// <summary>SNTP again this often while online (keeps the clock from going stale).</summary>
        public int SntpResyncIntervalMs = 6 * 3600 * 1000;

        /// <summary>
        /// The clock high-water mark is written at most this often (and only when it moved and the clock is trusted),
        /// so its flash wear stays bounded: 24 writes a day at the default.
        /// </summary>
        public int HighWaterSaveIntervalMs = 3600 * 1000;

        /// <summary>How long the antenna self-test waits for the test card.</summary>
        public int SelfTestCardTimeoutMs = 10000;

        /// <summary>How long each indication is shown during the LED/buzzer walk (the device sleeps; tests pass 0).</summary>
        public int SelfTestIndicationMs = 700;

        /// <summary>Main-loop sleep while unprovisioned (nothing to do but show the pattern and feed the watchdog).</summary>
        public int IdleSleepMs = 500;

        /// <summary>Reporting thread poll interval.</summary>
        public int ReportingPollMs = 100;
    }
}
