using System.Text;
using Terminal.Drivers.Mqtt;

namespace Terminal.Tests.Support;

/// <summary>A scripted stand-in for a broker connection: records what the session publishes, acknowledges on demand.</summary>
public sealed class FakeMqttTransport : IMqttTransport
{
    private readonly Queue<(int Kind, int Token, bool Success, string? Topic, byte[]? Payload)> _events = new();
    private readonly List<int> _held = new();
    private readonly Dictionary<string, byte[]> _retained = new(StringComparer.Ordinal);
    private int _token;

    public sealed record Publication(string Topic, byte[] Payload, int Qos, bool Retain, int Token)
    {
        public string Text => Encoding.ASCII.GetString(Payload);
    }

    public bool BrokerUp { get; set; } = true;

    /// <summary>When true every QoS 1 publish is acknowledged at once; otherwise PUBACKs wait for <see cref="AcknowledgeHeld"/>.</summary>
    public bool AutoAcknowledge { get; set; } = true;

    public List<Publication> Published { get; } = new();

    public List<string> Subscriptions { get; } = new();

    public List<MqttConnectSettings> Connections { get; } = new();

    public bool IsConnected { get; private set; }

    public int OversizedDropped { get; set; }

    public int Connect(MqttConnectSettings settings)
    {
        Connections.Add(settings);
        if (!BrokerUp)
        {
            return MqttStatus.Unreachable;
        }

        IsConnected = true;
        _events.Clear();
        _held.Clear();
        return MqttStatus.Ok;
    }

    public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        if (!IsConnected)
        {
            return -MqttStatus.NotConnected;
        }

        int token = qos == 1 ? ++_token : 0;
        Published.Add(new Publication(topic, payload.AsSpan(offset, count).ToArray(), qos, retain, token));
        if (qos == 1)
        {
            if (AutoAcknowledge)
            {
                _events.Enqueue((MqttTransportEvent.Published, token, true, null, null));
            }
            else
            {
                _held.Add(token);
            }
        }

        return token;
    }

    public int Subscribe(string topicFilter, int qos)
    {
        if (!IsConnected)
        {
            return MqttStatus.NotConnected;
        }

        Subscriptions.Add(topicFilter);
        foreach (var (topic, payload) in _retained)
        {
            if (Matches(topicFilter, topic))
            {
                _events.Enqueue((MqttTransportEvent.Message, 0, false, topic, payload));
            }
        }

        return MqttStatus.Ok;
    }

    public int Unsubscribe(string topicFilter)
    {
        Subscriptions.Remove(topicFilter);
        return IsConnected ? MqttStatus.Ok : MqttStatus.NotConnected;
    }

    public bool TryTakeEvent(MqttTransportEvent into)
    {
        if (!_events.TryDequeue(out var e))
        {
            return false;
        }

        into.Set(e.Kind, e.Token, e.Success, e.Topic!, e.Payload!);
        return true;
    }

    public void Disconnect()
    {
        IsConnected = false;
        Subscriptions.Clear();
    }

    public void AcknowledgeHeld()
    {
        foreach (int token in _held)
        {
            _events.Enqueue((MqttTransportEvent.Published, token, true, null, null));
        }

        _held.Clear();
    }

    /// <summary>A retained message, as a broker keeps it: delivered to every later subscription whose filter matches.</summary>
    public void Retain(string topic, byte[] payload) => _retained[topic] = payload;

    /// <summary>MQTT topic-filter matching: <c>+</c> is one level, a trailing <c>#</c> any number.</summary>
    public static bool Matches(string filter, string topic)
    {
        var f = filter.Split('/');
        var t = topic.Split('/');
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                return true;
            }

            if (i >= t.Length || (f[i] != "+" && f[i] != t[i]))
            {
                return false;
            }
        }

        return f.Length == t.Length;
    }

    public void Deliver(string topic, byte[] payload) => _events.Enqueue((MqttTransportEvent.Message, 0, false, topic, payload));

    /// <summary>The broker goes away: the connection drops and further connects fail until <see cref="BrokerUp"/> is set again.</summary>
    public void Lose(bool brokerStaysDown = true)
    {
        IsConnected = false;
        BrokerUp = !brokerStaysDown;
        _held.Clear();
        _events.Enqueue((MqttTransportEvent.ConnectionLost, 0, false, null, null));
    }

    public IEnumerable<Publication> On(string topicSuffix) => Published.Where(p => p.Topic.EndsWith(topicSuffix, StringComparison.Ordinal));
}
