using System;

namespace Terminal.Drivers.Clock.Esp32
{
    /// <summary>Environment.TickCount64 (nanoFramework.Runtime.Native): milliseconds since boot.</summary>
    public sealed class TickCountClock : IMonotonicClock
    {
        public long Milliseconds
        {
            get { return Environment.TickCount64; }
        }
    }
}
