using System;

namespace Terminal.Drivers.Clock.Simulated
{
    /// <summary>A time server the tests control: when reachable it sets the simulated RTC to the network's time.</summary>
    public sealed class SimulatedTimeSync : ITimeSync
    {
        private readonly SimulatedClock _rtc;
        private readonly Func<long> _networkTime;

        public SimulatedTimeSync(SimulatedClock rtc, Func<long> networkTime)
        {
            _rtc = rtc;
            _networkTime = networkTime;
        }

        public bool Reachable { get; set; } = true;

        public int Attempts { get; private set; }

        public bool Synchronize(int timeoutMs)
        {
            Attempts++;
            if (!Reachable)
            {
                return false;
            }

            _rtc.UtcUnixSeconds = _networkTime();
            return true;
        }
    }
}
