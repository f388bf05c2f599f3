namespace Terminal.Drivers.Clock.Simulated
{
    /// <summary>A clock the simulator and tests set and move by hand (including backwards, to test rollback).</summary>
    public sealed class SimulatedClock : ISystemClock
    {
        public SimulatedClock(long utcUnixSeconds) => UtcUnixSeconds = utcUnixSeconds;

        public long UtcUnixSeconds { get; set; }

        public void Advance(long seconds) => UtcUnixSeconds += seconds;
    }
}
