// Reference stub: signatures only, each checked against ../shared/nanoframework/api/System.Net.txt.
namespace System.Security.Cryptography.X509Certificates
{
    public class X509Certificate
    {
        public X509Certificate(byte[] certificate) { throw null; }
    }

    public class X509Certificate2 : X509Certificate
    {
        public X509Certificate2(byte[] rawData, byte[] key, string password) : base((byte[])null) { throw null; }
    }
}

// Enum order from nanoframework/System.Net nanoFramework.System.Net/NetworkHelper/NetworkHelperStatus.cs.
namespace nanoFramework.Networking
{
    public enum NetworkHelperStatus
    {
        None,
        Started,
        NetworkIsReady,
        FailedNoNetworkInterface,
        TokenExpiredWaitingIPAddress,
        TokenExpiredWaitingDateTime,
        ErrorConnetingToWiFiWhileScanning,
        Reconnecting,
        ExceptionOccurred,
    }
}
