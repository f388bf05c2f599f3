namespace Terminal.Drivers.Network.Simulated
{
    /// <summary>A network the tests switch on and off; counts connection attempts and remembers the credentials used.</summary>
    public sealed class SimulatedNetworkLink : INetworkLink
    {
        /// <summary>Whether an access point with these credentials is in range.</summary>
        public bool Available { get; set; } = true;

        /// <summary>Attempts that fail before one succeeds (a flaky access point).</summary>
        public int FailFirstAttempts { get; set; }

        public int Attempts { get; private set; }

        public string LastSsid { get; private set; } = "";

        public bool IsConnected { get; private set; }

        public bool Connect(string ssid, string password, int timeoutMs)
        {
            Attempts++;
            LastSsid = ssid;
            IsConnected = Available && Attempts > FailFirstAttempts;
            return IsConnected;
        }

        /// <summary>The access point goes away (the link drops at once).</summary>
        public void Drop()
        {
            IsConnected = false;
        }
    }
}
