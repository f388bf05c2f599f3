// Reference stub: signatures only, each checked against ../shared/nanoframework/api/System.Device.Wifi.txt.
// Enum order from nanoframework/System.Device.Wifi System.Device.Wifi/WifiReconnectionKind.cs.
using System.Device.Wifi;
using System.Threading;

namespace System.Device.Wifi
{
    public enum WifiReconnectionKind
    {
        Automatic,
        Manual,
    }
}

namespace nanoFramework.Networking
{
    public static class WifiNetworkHelper
    {
        public static NetworkHelperStatus Status { get { throw null; } }

        public static bool ConnectDhcp(string ssid, string password, WifiReconnectionKind reconnectionKind, bool requiresDateTime, int wifiAdapterId, CancellationToken token) { throw null; }
    }
}
