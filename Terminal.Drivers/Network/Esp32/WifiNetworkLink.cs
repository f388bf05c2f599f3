using System;
using System.Device.Wifi;
using System.Threading;
using nanoFramework.Networking;

namespace Terminal.Drivers.Network.Esp32
{
    /// <summary>
    /// Wi-Fi station through nanoFramework.Networking.WifiNetworkHelper (DHCP). The helper stores the credentials and,
    /// with <see cref="WifiReconnectionKind.Automatic"/>, the firmware rejoins by itself after a drop; the boot sequence
    /// calls <see cref="Connect"/> again only while <see cref="IsConnected"/> is false.
    /// </summary>
    public sealed class WifiNetworkLink : INetworkLink
    {
        public bool IsConnected
        {
            get { return WifiNetworkHelper.Status == NetworkHelperStatus.NetworkIsReady; }
        }

        public bool Connect(string ssid, string password, int timeoutMs)
        {
            try
            {
                CancellationTokenSource deadline = new CancellationTokenSource(timeoutMs);
                return WifiNetworkHelper.ConnectDhcp(ssid, password, WifiReconnectionKind.Automatic, false, 0, deadline.Token);
            }
            catch (Exception)
            {
                // The helper throws on a missing adapter or bad arguments: a failed attempt, never a crash.
                return false;
            }
        }
    }
}
