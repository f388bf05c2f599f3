using Terminal.Core.Rules;
using Terminal.Drivers.Clock;

namespace Terminal.Core.Time
{
    /// <summary>
    /// Judges the RTC: Untrusted when it was never set (before the firmware's build era) or went backwards past the
    /// highest time seen (rollback, e.g. a tampered RTC to revive an expired permit); Stale when the last SNTP
    /// synchronisation is older than the configured limit; otherwise Trusted.
    /// The high-water mark is kept by the caller across reboots (see <see cref="HighWaterMark"/>).
    /// </summary>
    public sealed class ClockGuard : ITrustedClock
    {
        /// <summary>2025-01-01T00:00:00Z: an RTC earlier than this was never set.</summary>
        public const long EarliestPlausible = 1735689600;

        /// <summary>Backwards steps up to this many seconds are jitter, not rollback (SNTP corrections).</summary>
        public const long RollbackToleranceSeconds = 300;

        private readonly ISystemClock _clock;
        private readonly long _staleAfterSeconds;
        private long _lastSync = -1;
        private long _highWater;

        public ClockGuard(ISystemClock clock, long staleAfterSeconds, long persistedHighWaterMark)
        {
            _clock = clock;
            _staleAfterSeconds = staleAfterSeconds;
            _highWater = persistedHighWaterMark;
        }

        /// <summary>The latest time seen; persist it periodically so a rollback is caught after a reboot too.</summary>
        public long HighWaterMark
        {
            get { return _highWater; }
        }

        public bool EverSynchronized
        {
            get { return _lastSync >= 0; }
        }

        public long NowUnixSeconds()
        {
            return _clock.UtcUnixSeconds;
        }

        /// <summary>
        /// Called after a successful SNTP synchronisation: network time is authoritative, so it also resets the
        /// high-water mark (an RTC that ran fast is corrected, not flagged). SNTP is unauthenticated: see docs/security.md.
        /// </summary>
        public void MarkSynchronized(long nowUnixSeconds)
        {
            _lastSync = nowUnixSeconds;
            _highWater = nowUnixSeconds;
        }

        /// <summary>Why <see cref="Trust"/> says what it says (does not move the high-water mark).</summary>
        public ClockCondition Condition(long nowUnixSeconds)
        {
            if (nowUnixSeconds < EarliestPlausible)
            {
                return ClockCondition.Unset;
            }

            if (nowUnixSeconds < _highWater - RollbackToleranceSeconds)
            {
                return ClockCondition.RolledBack;
            }

            return _lastSync < 0 || nowUnixSeconds - _lastSync > _staleAfterSeconds ? ClockCondition.Stale : ClockCondition.Synced;
        }

        public ClockTrust Trust(long nowUnixSeconds)
        {
            if (nowUnixSeconds < EarliestPlausible || nowUnixSeconds < _highWater - RollbackToleranceSeconds)
            {
                return ClockTrust.Untrusted;
            }

            if (nowUnixSeconds > _highWater)
            {
                _highWater = nowUnixSeconds;
            }

            if (_lastSync < 0 || nowUnixSeconds - _lastSync > _staleAfterSeconds)
            {
                // Running on the RTC alone: it kept time, but nobody has checked it lately.
                return ClockTrust.Stale;
            }

            return ClockTrust.Trusted;
        }
    }
}
