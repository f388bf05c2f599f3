namespace Terminal.Drivers.Mqtt
{
    /// <summary>Result codes of <see cref="IMqttTransport"/> calls.</summary>
    public static class MqttStatus
    {
        public const int Ok = 0;

        /// <summary>No connection (never connected, or lost).</summary>
        public const int NotConnected = 1;

        /// <summary>The broker could not be reached (DNS, TCP).</summary>
        public const int Unreachable = 2;

        /// <summary>TLS failed: the server's chain does not end at the pinned CA, wrong host name, or the handshake failed.</summary>
        public const int TlsFailed = 3;

        /// <summary>The broker refused the CONNECT (bad credentials, not authorised, identifier rejected).</summary>
        public const int Refused = 4;

        /// <summary>No answer within the configured time.</summary>
        public const int Timeout = 5;

        /// <summary>The message exceeds what the transport accepts.</summary>
        public const int TooLarge = 6;

        /// <summary>Any other failure of the client library.</summary>
        public const int Failed = 7;

        public static string Name(int status)
        {
            switch (status)
            {
                case Ok: return "ok";
                case NotConnected: return "not-connected";
                case Unreachable: return "unreachable";
                case TlsFailed: return "tls-failed";
                case Refused: return "refused";
                case Timeout: return "timeout";
                case TooLarge: return "too-large";
                default: return "failed";
            }
        }
    }
}
