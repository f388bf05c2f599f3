namespace Terminal.Drivers.Mqtt
{
    /// <summary>
    /// Where and how to connect. TLS pins the platform's CA: the server's chain must end at exactly this certificate
    /// (no system trust store) and name <see cref="TlsServerName"/>. Authentication is a client certificate (with its key)
    /// or a username/password, or both.
    /// </summary>
    public sealed class MqttConnectSettings
    {
        public string Host = "127.0.0.1";
        public int Port = 1883;
        public string ClientId = "";

        /// <summary>Null: no username/password.</summary>
        public string Username;
        public string Password;

        public bool UseTls;

        /// <summary>The pinned CA certificate (PEM, ASCII). Required with TLS.</summary>
        public byte[] CaCertificatePem;

        /// <summary>Client certificate and its private key (PEM); null: no client certificate.</summary>
        public byte[] ClientCertificatePem;
        public byte[] ClientKeyPem;

        /// <summary>Name the server certificate must carry; null: <see cref="Host"/>.</summary>
        public string TlsServerName;

        public int KeepAliveSeconds = 60;
        public bool CleanSession = true;

        /// <summary>Last Will: published by the broker when the connection breaks without a DISCONNECT.</summary>
        public string WillTopic;
        public byte[] WillPayload;
        public bool WillRetain;
        public int WillQos;

        public int ConnectTimeoutMs = 15000;

        /// <summary>Longest wait for a publish to be handed to the network (not for its PUBACK, which the session times).</summary>
        public int OperationTimeoutMs = 10000;

        /// <summary>Inbound messages longer than this are discarded by the transport and counted.</summary>
        public int MaxInboundBytes = 65536;

        public string EffectiveServerName
        {
            get { return TlsServerName == null || TlsServerName.Length == 0 ? Host : TlsServerName; }
        }
    }
}
