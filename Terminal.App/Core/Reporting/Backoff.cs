namespace Terminal.Core.Reporting
{
    /// <summary>
    /// Reconnect delays: exponential (initial × 2^attempt, capped) with jitter drawn from the upper half of the interval,
    /// so a province's terminals that lost the broker together do not come back in lock-step. Integer-only; the random
    /// source is a seeded xorshift so tests are deterministic.
    /// </summary>
    public sealed class Backoff
    {
        private readonly int _initialMs;
        private readonly int _maxMs;
        private uint _state;
        private int _attempt;

        public Backoff(int initialMs, int maxMs, int seed)
        {
            _initialMs = initialMs < 1 ? 1 : initialMs;
            _maxMs = maxMs < _initialMs ? _initialMs : maxMs;
            _state = (uint)seed == 0 ? 0x9E3779B9 : (uint)seed;
        }

        /// <summary>Attempts since the last <see cref="Reset"/>.</summary>
        public int Attempt { get { return _attempt; } }

        /// <summary>The delay before the next attempt, in [cap/2, cap] where cap = min(max, initial × 2^attempt).</summary>
        public int NextDelayMs()
        {
            long cap = _initialMs;
            for (int i = 0; i < _attempt && cap < _maxMs; i++)
            {
                cap *= 2;
            }

            if (cap > _maxMs)
            {
                cap = _maxMs;
            }

            if (_attempt < 62)
            {
                _attempt++;
            }

            long half = cap / 2;
            return (int)(cap - half + (long)(NextRandom() % (uint)(half + 1)));
        }

        public void Reset()
        {
            _attempt = 0;
        }

        private uint NextRandom()
        {
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }
    }
}
