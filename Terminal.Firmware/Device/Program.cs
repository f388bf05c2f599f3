using System;
using System.Device.Gpio;
using System.Threading;
using nanoFramework.Runtime.Native;
using Terminal.Core.App;
using Terminal.Drivers.Clock.Esp32;
using Terminal.Drivers.Crypto.Esp32;
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
    /// nanoFramework entry point: wires the ESP32 adapters into the portable <see cref="TerminalBoot"/> (the same boot
    /// sequence the host boot test runs on simulated drivers) and hands over to its main loop. Nothing here decides
    /// anything.
    /// </summary>
    public static class Program
    {
        public const string FirmwareVersion = "1.0.0";

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
            drivers.Watchdog = new RebootingWatchdog();
            drivers.SelfTestButton = new GpioSelfTestButton(new GpioController(), BoardPins.SelfTestButton);

            try
            {
                TerminalBoot boot = new TerminalBoot(drivers, new BootOptions());
                boot.Boot();
                if (boot.ReportingWatchdog != null)
                {
                    new ReportingSupervisor(transport, boot.ReportingWatchdog, 10000).Start();
                }

                boot.RunForever();
            }
            catch (Exception e)
            {
                // Drivers report failures as values; anything that still escapes is a bug: show it, then start over
                // (every store is crash-safe, so a reboot loses nothing).
                drivers.Log.Line(string.Concat("fatal: ", e.Message));
                drivers.Feedback.Show(Indication.Fault);
                Thread.Sleep(10000);
                Power.RebootDevice(RebootOption.NormalReboot);
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
