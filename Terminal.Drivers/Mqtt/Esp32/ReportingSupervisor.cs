using System;
using System.Threading;
using nanoFramework.Runtime.Native;

namespace Terminal.Drivers.Mqtt.Esp32
{
    /// <summary>
    /// The last resort for reporting on the board (no managed watchdog exists on ESP32): a thread that every
    /// checkInterval asks the <see cref="ReportingWatchdog"/> whether the MQTT client is wedged, the reporting loop has
    /// stalled, or the heap keeps shrinking, and reboots the board if so. The outbox is on flash, so nothing is lost.
    /// </summary>
    public sealed class ReportingSupervisor : IReportingSupervisor
    {
        private readonly M2MqttTransport _transport;
        private ReportingWatchdog _watchdog;
        private readonly int _checkIntervalMs;
        private Thread _thread;

        public ReportingSupervisor(M2MqttTransport transport, int checkIntervalMs)
        {
            _transport = transport;
            _checkIntervalMs = checkIntervalMs;
        }

        /// <summary>Free managed heap at the last check (for the heartbeat).</summary>
        public long LastFreeHeapBytes { get; private set; }

        public void Supervise(ReportingWatchdog watchdog)
        {
            if (_thread != null)
            {
                return;
            }

            _watchdog = watchdog;
            _thread = new Thread(new ThreadStart(Run));
            _thread.Start();
        }

        private void Run()
        {
            while (true)
            {
                Thread.Sleep(_checkIntervalMs);
                LastFreeHeapBytes = nanoFramework.Runtime.Native.GC.Run(false);
                int reason = _watchdog.Check(_transport.Wedged, LastFreeHeapBytes);
                if (reason != ReportingWatchdog.Healthy)
                {
                    Console.WriteLine(string.Concat("reporting supervisor: rebooting (", ReportingWatchdog.ReasonName(reason), ")"));
                    Power.RebootDevice(RebootOption.NormalReboot);
                }
            }
        }
    }
}
