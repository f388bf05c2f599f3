namespace Terminal.Drivers.Network
{
    /// <summary>
    /// The terminal's network uplink (Wi-Fi on the ESP32). The boot sequence owns the retry policy; one call is one
    /// attempt, bounded by its timeout, and failures are return values.
    /// </summary>
    public interface INetworkLink
    {
        /// <summary>One attempt to join the network and obtain an address; true once the link is usable.</summary>
        bool Connect(string ssid, string password, int timeoutMs);

        /// <summary>True while the link has an address (it may drop at any time).</summary>
        bool IsConnected { get; }
    }
}
