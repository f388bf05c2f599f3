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

        /// <summary>The board, as bundles name it (a bundle for other hardware is refused).</summary>
        public string HardwareId = "rt-esp32-rc522-v1";

        /// <summary>This bootstrap image's version (a bundle that needs a newer one is refused: re-flash by cable).</summary>
        public uint BootstrapVersion = 1;

        /// <summary>Boots a new application version gets to report healthy before it is rolled back.</summary>
        public int MaxTrialBoots = 3;

        /// <summary>Size of the internal drive I: for the flash budget (0: the drive's free bytes at boot, conservative).</summary>
        public long DriveBytes;

        // The flash budget's other figures (Core/Update/README.md, reference board): what the drive must keep for the
        // file system and small files, the list slots and delta, the outbox, and the application bundle planned for.
        public long FlashReservedBytes = 128 * 1024;
        public long ListSlotBytes = 256 * 1024;
        public long ListDeltaBytes = 64 * 1024;
        public long OutboxBytes = 1024 * 1024;
        public long PlannedBundleBytes = 512 * 1024;
    }
}
