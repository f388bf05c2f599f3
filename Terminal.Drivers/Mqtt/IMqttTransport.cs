namespace Terminal.Drivers.Mqtt
{
    /// <summary>
    /// The MQTT client as the portable reporting session sees it: MQTT 3.1.1 semantics, QoS 0/1, no generics, no async.
    /// Implemented over MQTTnet 5 on the host (Host/) and nanoFramework.M2Mqtt on the ESP32 (Esp32/). The session runs
    /// on one thread and polls: completions (PUBACK), inbound messages and a lost connection arrive as
    /// <see cref="MqttTransportEvent"/>s through <see cref="TryTakeEvent"/>, whatever thread the client library uses.
    /// Every call returns within the timeouts of <see cref="MqttConnectSettings"/>; failures are return values.
    /// </summary>
    public interface IMqttTransport
    {
        /// <summary>Opens a session (TCP or TLS, CONNECT with will and credentials). Returns an <see cref="MqttStatus"/>.</summary>
        int Connect(MqttConnectSettings settings);

        bool IsConnected { get; }

        /// <summary>
        /// Sends payload[offset, offset+count) to topic. QoS 1: returns a token &gt; 0 that a later
        /// <see cref="MqttTransportEvent.Published"/> event names (Success once the broker's PUBACK arrived).
        /// QoS 0: returns 0 once handed to the network, no event follows. Negative: -<see cref="MqttStatus"/>.
        /// </summary>
        int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain);

        /// <summary>Requests a subscription (QoS 0 or 1). Returns an <see cref="MqttStatus"/> (Ok once sent).</summary>
        int Subscribe(string topicFilter, int qos);

        /// <summary>Drops a subscription. Returns an <see cref="MqttStatus"/>.</summary>
        int Unsubscribe(string topicFilter);

        /// <summary>Moves the oldest pending event into <paramref name="into"/>; false when there is none.</summary>
        bool TryTakeEvent(MqttTransportEvent into);

        /// <summary>Clean DISCONNECT (the broker does not publish the will) and release of the connection.</summary>
        void Disconnect();

        /// <summary>Inbound messages discarded because they exceeded <see cref="MqttConnectSettings.MaxInboundBytes"/>.</summary>
        int OversizedDropped { get; }
    }
}
