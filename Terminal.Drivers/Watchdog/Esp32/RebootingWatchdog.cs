using System;
using System.Threading;
using nanoFramework.Runtime.Native;

namespace Terminal.Drivers.Watchdog.Esp32
{
    /// <summary>
    /// A software watchdog: a thread that checks every second whether the main loop fed it within the timeout and
    /// otherwise reboots the board (Power.RebootDevice). It cannot catch a wedged interpreter, only a stuck loop; the
    /// outbox and every store are crash-safe, so a reboot loses nothing.
    /// </summary>
    public sealed class RebootingWatchdog : IWatchdog
    {
        private long _lastFedMs;
        private int _timeoutMs;
        private Thread _thread;

        public void Start(int timeoutMs)
        {
            _timeoutMs = timeoutMs;
            _lastFedMs = Environment.TickCount64;
            if (_thread == null)
            {
                _thread = new Thread(new ThreadStart(Run));
                _thread.Start();
            }
        }

        public void Feed()
        {
            _lastFedMs = Environment.TickCount64;
        }

        private void Run()
        {
            while (true)
            {
                Thread.Sleep(1000);
                if (Environment.TickCount64 - _lastFedMs > _timeoutMs)
                {
                    Console.WriteLine("watchdog: main loop not fed in time, rebooting");
                    Power.RebootDevice(RebootOption.NormalReboot);
                }
            }
        }
    }
}
