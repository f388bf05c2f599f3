using System;
using System.Device.Gpio;
using System.Threading;
using nanoFramework.Runtime.Native;
using Terminal.Core.App;
using Terminal.Core.Update;
using Terminal.Drivers.Clock.Esp32;
using Terminal.Drivers.Crypto.Esp32;
using Terminal.Drivers.Display;
using Terminal.Drivers.Display.Esp32;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Feedback.Esp32;
using Terminal.Drivers.Input.Esp32;
using Terminal.Drivers.Mqtt.Esp32;
using Terminal.Drivers.Network.Esp32;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Esp32;
using Terminal.Drivers.Storage.Esp32;
using Terminal.Drivers.Watchdog.Esp32;

namespace Terminal.Device
{
    /// <summary>
    /// The bootstrap's entry point (Terminal.Firmware.pe, deployed once with nanoff): wires the ESP32 adapters, lets the
    /// portable <see cref="ApplicationHost"/> decide which slot boots (before any application code runs), loads that
    /// slot's verified application (Terminal.App.pe and friends) and hands over. Nothing here decides anything.
    /// </summary>
    public static class Program
    {
        public const string FirmwareVersion = "1.0.0";

        /// <summary>The internal drive I: of the reference board (16 MB module), for the flash budget.</summary>
        public const long DriveBytes = 3 * 1024 * 1024;

        /// <summary>Where the technician uploads config.txt and where every store keeps its files.</summary>
        public const string StorageDirectory = "I:\\rp\\";

        public static void Main()
        {
            BootDrivers drivers = new BootDrivers();
            drivers.Log = new ConsoleLog();
            drivers.Firmware = FirmwareVersion;
            drivers.Feedback = new FeedbackGroup(new IFeedback[]
            {
                new GpioLedFeedback(BoardPins.LedGreen, BoardPins.LedAmber, BoardPins.LedRed),
                new PwmBuzzerFeedback(BoardPins.Buzzer),
            });

            drivers.Display = OpenDisplay();

            FlashFileStore storage = new FlashFileStore(StorageDirectory);
            if (!storage.EnsureDirectory())
            {
                drivers.Log.Line("storage: I: is not available");
            }

            drivers.Storage = storage;
            Rc522FrontEnd frontEnd = new Rc522FrontEnd(new Rc522Wiring(BoardPins.ReaderMosi, BoardPins.ReaderMiso, BoardPins.ReaderClock, BoardPins.ReaderChipSelect, BoardPins.ReaderReset));
            drivers.Reader = new MifareClassicReader(frontEnd);
            drivers.ReaderChip = frontEnd;
            drivers.Hmac = new NativeHmacSha256();
            drivers.Clock = new RtcClock();
            drivers.Uptime = new TickCountClock();
            drivers.TimeSync = new SntpTimeSync(NtpServers.Primary, NtpServers.Secondary);
            drivers.Network = new WifiNetworkLink();
            M2MqttTransport transport = new M2MqttTransport(32);
            drivers.Transport = transport;
            drivers.Supervisor = new ReportingSupervisor(transport, 10000);
            drivers.Watchdog = new RebootingWatchdog();
            drivers.SelfTestButton = new GpioSelfTestButton(new GpioController(), BoardPins.SelfTestButton);

            try
            {
                // The bootstrap's part: decide what this power-on boots (counts a trial boot) before any application runs.
                BootOptions options = new BootOptions();
                options.DriveBytes = DriveBytes;
                ApplicationHost host = ApplicationHost.Prepare(drivers, options);
                BootDecision booted = host.Booted;
                if (booted != null && booted.Kind != BootKind.NoApplication)
                {
                    RunFromSlot(host);
                }
                else
                {
                    WaitForRecovery(host);
                }
            }
            catch (Exception e)
            {
                // Drivers report failures as values; anything that still escapes is a bug: show it, then start over
                // (every store is crash-safe, so a reboot loses nothing).
                drivers.Log.Line(string.Concat("fatal: ", e.Message));
                drivers.Feedback.Show(Indication.Fault);
                Thread.Sleep(10000);
            }

            Power.RebootDevice(RebootOption.NormalReboot);
        }

        /// <summary>
        /// A verified slot application: loaded and run; it returns only to restart (or if it failed to load, which the
        /// loader records). An exception out of a trial version gives that version up at once (the next boot runs the
        /// previous one); out of the confirmed version it only restarts.
        /// </summary>
        private static void RunFromSlot(ApplicationHost host)
        {
            UpdateError ended;
            try
            {
                ended = AssemblyLoader.LoadAndRun(host.Updates, host);
            }
            catch (Exception e)
            {
                host.Drivers.Log.Line(string.Concat("update: application failed: ", e.Message));
                if (host.Booted.Kind == BootKind.Trial)
                {
                    host.Updates.ReportLoadFailure(UpdateError.LoadFailed);
                }

                return;
            }

            host.Drivers.Log.Line(string.Concat("update: application ended (", UpdateErrorNames.Name(ended), "); restarting"));
        }

        /// <summary>
        /// Nothing verified to run (a fresh flash without a bundle, or both slots damaged): say so on the LEDs and the
        /// serial log, then restart after a minute, so a bundle copied by cable (or a configuration) is picked up.
        /// </summary>
        private static void WaitForRecovery(ApplicationHost host)
        {
            host.Drivers.Log.Line(host.Updates == null
                ? "bootstrap: no usable configuration, so no key to check an application with; provision the terminal (docs/provisioning.md)"
                : "bootstrap: no verified application in slot A or B; recover by cable (hardware/firmware-updates.md)");
            host.Drivers.Feedback.Show(Indication.Unprovisioned);
            Thread.Sleep(60000);
        }

        /// <summary>The optional SSD1306 on I2C1: null when nothing answers at 0x3C (the application logs which, once).</summary>
        private static IDisplay OpenDisplay()
        {
            try
            {
                return Ssd1306.Open(new I2cDisplayBus(BoardPins.DisplayData, BoardPins.DisplayClock, Ssd1306.Address));
            }
            catch (Exception)
            {
                return null; // the I2C peripheral itself refused: boot without a display, as on a board that has none
            }
        }

        private sealed class ConsoleLog : IBootLog
        {
            public void Line(string text)
            {
                Console.WriteLine(text);
            }
        }
    }

    /// <summary>SNTP servers (China's national time service first, then the public pool).</summary>
    public static class NtpServers
    {
        public const string Primary = "ntp.ntsc.ac.cn";
        public const string Secondary = "cn.pool.ntp.org";
    }
}
