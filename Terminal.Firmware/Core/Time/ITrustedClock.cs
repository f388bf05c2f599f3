using Terminal.Core.Rules;

namespace Terminal.Core.Time
{
    /// <summary>The terminal's time and how far it is trusted (SNTP-synchronised, stale, unset or rolled back).</summary>
    public interface ITrustedClock
    {
        /// <summary>Seconds since the Unix epoch, UTC.</summary>
        long NowUnixSeconds();

        ClockTrust Trust(long nowUnixSeconds);
    }
}
