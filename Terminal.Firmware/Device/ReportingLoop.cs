using System;
using System.Threading;
using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;

namespace Terminal.Device
{
    /// <summary>
    /// The reporting thread on the board: polls the portable session with the monotonic millisecond clock
    /// (Environment.TickCount64 from nanoFramework.Runtime.Native; DateTime.UtcNow jumps when SNTP sets the clock) and
    /// tells the watchdog it is alive. The boot sequence creates it with the outbox, the M2Mqtt transport and the
    /// supervisor.
    /// </summary>
    public sealed class ReportingLoop
    {
        private readonly ReportingSession _session;
        private readonly ReportingWatchdog _watchdog;
        private readonly int _pollIntervalMs;
        private Thread _thread;

        public ReportingLoop(ReportingSession session, ReportingWatchdog watchdog, int pollIntervalMs)
        {
            _session = session;
            _watchdog = watchdog;
            _pollIntervalMs = pollIntervalMs;
        }

        public void Start()
        {
            _thread = new Thread(new ThreadStart(Run));
            _thread.Start();
        }

        private void Run()
        {
            while (true)
            {
                _session.Poll(Environment.TickCount64);
                _watchdog.Alive();
                Thread.Sleep(_pollIntervalMs);
            }
        }
    }
}
