namespace Terminal.Drivers.Clock
{
    /// <summary>The raw wall clock (RTC) as the platform reports it; trust is judged by the core's ClockGuard.</summary>
    public interface ISystemClock
    {
        /// <summary>Seconds since the Unix epoch, UTC (whatever the RTC holds, even if never set).</summary>
        long UtcUnixSeconds { get; }
    }
}
