using System.Buffers;
using System.Security.Cryptography;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Terminal.Tools.Platform;

/// <summary>
/// A short-lived platform client of a real broker for releases: publishes retained QoS 1 messages and waits for each
/// PUBACK (<see cref="IRetainedPublisher"/>), and reads what the broker retains on a set of topics (terminals' statuses).
/// </summary>
public sealed class BrokerPublisher : IRetainedPublisher, IAsyncDisposable
{
    /// <summary>How long a connection attempt and each request may take before the broker counts as unavailable.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly IMqttClient _client;

    private BrokerPublisher(IMqttClient client)
    {
        _client = client;
    }

    /// <summary>
    /// Connects with a clean session and a fresh client id (a release tool keeps no session); throws
    /// <see cref="BrokerUnavailableException"/> with the broker's reason.
    /// </summary>
    public static async Task<BrokerPublisher> ConnectAsync(BrokerEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        var options = endpoint.Configure(new MqttClientOptionsBuilder())
            .WithClientId("rp-release-" + Environment.ProcessId + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)))
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithTimeout(ConnectTimeout)
            .Build();
        var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            var result = await client.ConnectAsync(options, cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new BrokerUnavailableException(endpoint + " refused the connection: " + result.ResultCode);
            }
        }
        catch (Exception e) when (e is not BrokerUnavailableException and not OperationCanceledException)
        {
            client.Dispose();
            throw new BrokerUnavailableException("cannot connect to " + endpoint + ": " + e.Message);
        }

        return new BrokerPublisher(client);
    }

    public async Task PublishRetainedAsync(string topic, byte[] payload)
    {
        var result = await _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload).WithRetainFlag(true).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        if (!result.IsSuccess)
        {
            throw new BrokerUnavailableException("the broker refused " + topic + ": " + result.ReasonCode);
        }
    }

    /// <summary>
    /// The retained message of each topic (null where the broker retains none), as the broker sends them on subscribing;
    /// waits until every topic answered or <paramref name="wait"/> passed (a topic with nothing retained never answers).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, byte[]?>> ReadRetainedAsync(IReadOnlyList<string> topics, TimeSpan wait)
    {
        var found = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (string topic in topics)
        {
            found[topic] = null;
        }

        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int answered = 0;
        Task OnMessage(MqttApplicationMessageReceivedEventArgs e)
        {
            lock (found)
            {
                string topic = e.ApplicationMessage.Topic;
                if (e.ApplicationMessage.Retain && found.TryGetValue(topic, out var before) && before == null)
                {
                    found[topic] = e.ApplicationMessage.Payload.ToArray();
                    if (++answered == found.Count)
                    {
                        all.TrySetResult();
                    }
                }
            }

            return Task.CompletedTask;
        }

        _client.ApplicationMessageReceivedAsync += OnMessage;
        try
        {
            var subscribe = new MqttClientSubscribeOptionsBuilder();
            foreach (string topic in topics)
            {
                subscribe.WithTopicFilter(f => f.WithTopic(topic).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
            }

            await _client.SubscribeAsync(subscribe.Build());
            await Task.WhenAny(all.Task, Task.Delay(wait));
        }
        finally
        {
            _client.ApplicationMessageReceivedAsync -= OnMessage;
        }

        lock (found)
        {
            return new Dictionary<string, byte[]?>(found, StringComparer.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}

/// <summary>The broker could not be reached or refused a request; the message says which and why.</summary>
public sealed class BrokerUnavailableException(string message) : Exception(message);
