namespace Terminal.Drivers.Watchdog.Simulated
{
    /// <summary>Records that the watchdog was armed and how often the loop fed it.</summary>
    public sealed class CountingWatchdog : IWatchdog
    {
        public int TimeoutMs { get; private set; }

        public bool Started { get; private set; }

        public int Feeds { get; private set; }

        public void Start(int timeoutMs)
        {
            TimeoutMs = timeoutMs;
            Started = true;
        }

        public void Feed() => Feeds++;
    }
}
