namespace Terminal.Tools.Platform;

/// <summary>
/// How the platform puts a release on the broker: retained QoS 1 messages (list and firmware chunks, announcements).
/// The embedded broker injects them; <see cref="BrokerPublisher"/> sends them as a client of a real broker.
/// </summary>
public interface IRetainedPublisher
{
    /// <summary>Completes once the broker has the message (PUBACK for a client).</summary>
    Task PublishRetainedAsync(string topic, byte[] payload);
}
