using Terminal.Core.Reporting;
using Terminal.Core.Rules;
using Terminal.Drivers.Mqtt;

namespace Terminal.Fuzz.Targets;

/// <summary>A broker connection driven by the fuzz input: it always connects, queues what the harness delivers, and counts publishes.</summary>
public sealed class FuzzMqttTransport : IMqttTransport
{
    private readonly Queue<(int Kind, int Token, bool Success, string? Topic, byte[]? Payload)> _events = new();
    private int _token;

    public bool IsConnected { get; private set; }

    public int OversizedDropped => 0;

    public int Connect(MqttConnectSettings settings)
    {
        IsConnected = true;
        return MqttStatus.Ok;
    }

    public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
    {
        if (!IsConnected)
        {
            return -MqttStatus.NotConnected;
        }

        // Range errors here are the session's bugs: let them surface as crashes.
        _ = payload.AsSpan(offset, count);
        return qos == 1 ? ++_token : 0;
    }

    public int Subscribe(string topicFilter, int qos) => IsConnected ? MqttStatus.Ok : MqttStatus.NotConnected;

    public int Unsubscribe(string topicFilter) => IsConnected ? MqttStatus.Ok : MqttStatus.NotConnected;

    public bool TryTakeEvent(MqttTransportEvent into)
    {
        if (!_events.TryDequeue(out var e))
        {
            return false;
        }

        into.Set(e.Kind, e.Token, e.Success, e.Topic!, e.Payload!);
        return true;
    }

    public void Disconnect() => IsConnected = false;

    public void Deliver(string topic, byte[] payload) => _events.Enqueue((MqttTransportEvent.Message, 0, false, topic, payload));

    public void Acknowledge(int token, bool success) => _events.Enqueue((MqttTransportEvent.Published, token, success, null, null));

    public void LoseConnection()
    {
        IsConnected = false;
        _events.Enqueue((MqttTransportEvent.ConnectionLost, 0, false, null, null));
    }
}

/// <summary>A spare list slot in memory that checks every write against the announced size; accepts even sequences on completion.</summary>
public sealed class FuzzListTarget : IListDownloadTarget
{
    private long _total;

    public long InstalledSequence { get; set; } = 1;

    public bool Begin(long sequence, long totalBytes)
    {
        _total = totalBytes;
        return true;
    }

    public bool Resume(long sequence, long totalBytes) => Begin(sequence, totalBytes);

    public bool Write(long offset, byte[] data, int dataOffset, int count)
    {
        if (offset < 0 || offset + count > _total)
        {
            throw new InvalidOperationException("ListDownload wrote outside the announced list: offset " + offset + " count " + count + " total " + _total);
        }

        _ = data.AsSpan(dataOffset, count);
        return true;
    }

    public bool Complete(long sequence) => sequence % 2 == 0;
}

/// <summary>The configuration sink a terminal would have, minus the signature: the payload must parse as a device configuration.</summary>
public sealed class ParsingConfigurationSink : IConfigurationSink
{
    public bool Offer(byte[] payload) => ConfigurationTarget.Parse(payload);
}

public sealed class FixedHealth : IHealthSource
{
    public void Fill(HealthSnapshot into)
    {
        into.UnixSeconds = FuzzKeys.ListIssuedAt;
        into.Clock = ClockTrust.Trusted;
        into.ListSequence = 1;
        into.Firmware = "1.0.0";
    }
}
