namespace Terminal.Drivers.Mqtt
{
    /// <summary>Something that happened on the connection, handed to the session by <see cref="IMqttTransport.TryTakeEvent"/>. Reused by the caller.</summary>
    public sealed class MqttTransportEvent
    {
        /// <summary>A QoS 1 publish finished: <see cref="Token"/> names it; <see cref="Success"/> is true on PUBACK.</summary>
        public const int Published = 1;

        /// <summary>A message arrived on a subscription: <see cref="Topic"/> and <see cref="Payload"/>.</summary>
        public const int Message = 2;

        /// <summary>The connection broke (network, broker, keep-alive); the session must reconnect.</summary>
        public const int ConnectionLost = 3;

        public int Kind;
        public int Token;
        public bool Success;
        public string Topic;
        public byte[] Payload;

        public void Set(int kind, int token, bool success, string topic, byte[] payload)
        {
            Kind = kind;
            Token = token;
            Success = success;
            Topic = topic;
            Payload = payload;
        }
    }
}
