using MQTTnet.Server;

namespace Terminal.Tools.Platform;

/// <summary>One message a client published, as the broker accepted it.</summary>
public sealed record RecordedMessage(string Topic, byte[] Payload)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Payload);
}

/// <summary>
/// The platform's view of what one client publishes (its status, firmware status, heartbeats, usage batches), recorded
/// at the embedded broker as each message arrives, in order: what a dashboard subscribed to the terminal's topics sees.
/// </summary>
public sealed class BrokerRecorder : IDisposable
{
    private readonly EmbeddedBroker _broker;
    private readonly string _clientId;
    private readonly List<RecordedMessage> _messages = new();

    public BrokerRecorder(EmbeddedBroker broker, string clientId)
    {
        _broker = broker;
        _clientId = clientId;
        broker.Server.InterceptingPublishAsync += Record;
    }

    /// <summary>Messages recorded so far (a position for <see cref="Since"/>).</summary>
    public int Count
    {
        get
        {
            lock (_messages)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>The messages on topic recorded from position on.</summary>
    public List<RecordedMessage> Since(int position, string topic)
    {
        lock (_messages)
        {
            return _messages.Skip(position).Where(m => m.Topic == topic).ToList();
        }
    }

    public void Dispose()
    {
        if (_broker.IsRunning)
        {
            _broker.Server.InterceptingPublishAsync -= Record;
        }
    }

    private Task Record(InterceptingPublishEventArgs e)
    {
        if (e.ClientId == _clientId)
        {
            var message = new RecordedMessage(e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            lock (_messages)
            {
                _messages.Add(message);
            }
        }

        return Task.CompletedTask;
    }
}
