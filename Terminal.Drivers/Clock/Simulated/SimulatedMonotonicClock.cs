namespace Terminal.Drivers.Clock.Simulated
{
    /// <summary>Milliseconds since boot, moved by hand (a day of uptime takes no time in a test).</summary>
    public sealed class SimulatedMonotonicClock : IMonotonicClock
    {
        public long Milliseconds { get; set; }

        public void Advance(long milliseconds) => Milliseconds += milliseconds;
    }
}
