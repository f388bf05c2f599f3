using Terminal.Drivers.Clock;
using Terminal.Drivers.Crypto;
using Terminal.Drivers.Display;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Input;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Network;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Storage;
using Terminal.Drivers.Watchdog;

namespace Terminal.Core.App
{
    /// <summary>
    /// Everything the application's boot runs on: ESP32 adapters in Program.Main, simulated ones in the host boot
    /// test. Optional parts may be null: no <see cref="ReaderChip"/> skips the version check, no
    /// <see cref="SelfTestButton"/> means "not held", no <see cref="Transport"/> means no reporting, no
    /// <see cref="Display"/> means LEDs and buzzer only.
    /// </summary>
    public sealed class BootDrivers
    {
        public ICardReader Reader;
        public IReaderChipInfo ReaderChip;
        public IFeedback Feedback;

        /// <summary>The clerk's OLED (SSD1306), or null when nothing answered the I2C probe at boot.</summary>
        public IDisplay Display;
        public IFileStore Storage;
        public IHmacSha256 Hmac;
        public ISystemClock Clock;
        public IMonotonicClock Uptime;
        public ITimeSync TimeSync;
        public INetworkLink Network;
        public IMqttTransport Transport;
        /// <summary>Watches the reporting path and restarts the board when it is wedged (null: nothing supervises, e.g. on the host).</summary>
        public IReportingSupervisor Supervisor;
        public IWatchdog Watchdog;
        public ISelfTestButton SelfTestButton;
        public IBootLog Log;

        /// <summary>Firmware version reported in usage events and heartbeats.</summary>
        public string Firmware = "";
    }
}
