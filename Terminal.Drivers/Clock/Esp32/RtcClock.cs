using System;

namespace Terminal.Drivers.Clock.Esp32
{
    /// <summary>The ESP32's RTC through DateTime.UtcNow (set by SNTP; keeps running across soft reboots).</summary>
    public sealed class RtcClock : ISystemClock
    {
        public long UtcUnixSeconds
        {
            get { return DateTime.UtcNow.ToUnixTimeSeconds(); }
        }
    }
}
