using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Terminal.Tools.Platform;

public sealed class EmbeddedBrokerOptions
{
    /// <summary>0: pick a free port on 127.0.0.1.</summary>
    public int Port { get; set; }

    /// <summary>When set, the broker listens with TLS only, presenting this certificate (with its key).</summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>With TLS: require a client certificate that chains to this CA.</summary>
    public X509Certificate2? ClientCa { get; set; }

    /// <summary>When non-empty, CONNECT must carry one of these username/password pairs.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Keep usage messages until a subscriber acknowledges them, across restarts (see <see cref="EmbeddedBroker"/>).</summary>
    public bool SpoolUsage { get; set; } = true;
}

/// <summary>
/// MQTTnet's broker on 127.0.0.1, for tests, the demo and the benchmarks. MQTTnet keeps sessions only in memory, so a
/// restart would lose usage messages it had already acknowledged to a terminal but not yet delivered to the ingest. The
/// spool closes that gap the way a production broker's persistence does (Mosquitto: <c>persistence true</c>): each usage
/// message is kept from its arrival until a subscriber acknowledges it, survives <see cref="RestartAsync"/>, and is
/// delivered again when a subscriber (re)subscribes — the ingest removes the duplicates by event id. MQTTnet does not
/// support shared subscriptions; the ingest falls back to a plain subscription here.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable, IRetainedPublisher
{
    private const string SpoolSender = "$spool";
    private readonly EmbeddedBrokerOptions _options;
    private readonly object _spoolLock = new();
    private readonly Dictionary<string, (MqttApplicationMessage Message, int Copies)> _spool = new(StringComparer.Ordinal);
    private MqttServer? _server;

    public EmbeddedBroker(EmbeddedBrokerOptions? options = null)
    {
        _options = options ?? new EmbeddedBrokerOptions();
        Port = _options.Port == 0 ? FreePort() : _options.Port;
    }

    public int Port { get; }

    public string Host => "127.0.0.1";

    public bool IsRunning => _server?.IsStarted == true;

    /// <summary>Usage messages accepted and not yet acknowledged by any subscriber.</summary>
    public int SpooledMessages
    {
        get
        {
            lock (_spoolLock)
            {
                return _spool.Values.Sum(v => v.Copies);
            }
        }
    }

    public MqttServer Server => _server ?? throw new InvalidOperationException("broker not started");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync()
    {
        var factory = new MqttServerFactory();
        var builder = factory.CreateServerOptionsBuilder()
            .WithPersistentSessions()
            .WithMaxPendingMessagesPerClient(1_000_000)
            .WithConnectionBacklog(8192);
        if (_options.ServerCertificate == null)
        {
            builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(Port)
                .WithDefaultEndpointReuseAddress();
        }
        else
        {
            builder.WithoutDefaultEndpoint().WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
                .WithEncryptedEndpointPort(Port).WithEncryptionCertificate(_options.ServerCertificate).WithTlsEndpointReuseAddress();
            if (_options.ClientCa != null)
            {
                var ca = _options.ClientCa;
                builder.WithClientCertificate((_, certificate, _, errors) => certificate != null && ChainsTo(ca, certificate));
            }
        }

        var server = factory.CreateMqttServer(builder.Build());
        server.ValidatingConnectionAsync += ValidateConnection;
        if (_options.SpoolUsage)
        {
            server.InterceptingPublishAsync += SpoolIncoming;
            server.ClientAcknowledgedPublishPacketAsync += Unspool;
            server.ClientSubscribedTopicAsync += RedeliverSpool;
        }

        await server.StartAsync();
        _server = server;
    }

    public async Task StopAsync()
    {
        var server = _server;
        _server = null;
        if (server != null)
        {
            await server.StopAsync(new MqttServerStopOptions());
            server.Dispose();
        }
    }

    /// <summary>Stops (dropping every connection and in-memory session) and starts again on the same port.</summary>
    public async Task RestartAsync(TimeSpan downtime = default)
    {
        await StopAsync();
        if (downtime > TimeSpan.Zero)
        {
            await Task.Delay(downtime);
        }

        await StartAsync();
    }

    /// <summary>Publishes a message from the platform side (retained announcements, list chunks, configuration).</summary>
    public Task PublishAsync(string topic, byte[] payload, bool retain, int qos = 1) =>
        Server.InjectApplicationMessage(new InjectedMqttApplicationMessage(new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload).WithRetainFlag(retain).WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos).Build())
        { SenderClientId = "$platform" });

    public Task PublishRetainedAsync(string topic, byte[] payload) => PublishAsync(topic, payload, retain: true);

    public ValueTask DisposeAsync() => new(StopAsync());

    private Task ValidateConnection(ValidatingConnectionEventArgs e)
    {
        if (_options.Users.Count > 0 && !(e.UserName != null && _options.Users.TryGetValue(e.UserName, out var password) && password == e.Password))
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
        }
        else if (_options.ClientCa != null && e.ClientCertificate == null)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
        }

        return Task.CompletedTask;
    }

    private static bool ChainsTo(X509Certificate2 ca, X509Certificate certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var client = new X509Certificate2(certificate);
        return chain.Build(client);
    }

    private static bool IsUsage(string topic) => topic.StartsWith("rp/", StringComparison.Ordinal) && topic.EndsWith("/usage", StringComparison.Ordinal);

    private static string KeyOf(string topic, ReadOnlySpan<byte> payload)
    {
        return topic + "#" + Convert.ToHexString(SHA256.HashData(payload));
    }

    private Task SpoolIncoming(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (e.ClientId != SpoolSender && IsUsage(message.Topic))
        {
            var key = KeyOf(message.Topic, System.Buffers.BuffersExtensions.ToArray(message.Payload));
            lock (_spoolLock)
            {
                _spool[key] = _spool.TryGetValue(key, out var entry) ? (entry.Message, entry.Copies + 1) : (message, 1);
            }
        }

        return Task.CompletedTask;
    }

    private Task Unspool(ClientAcknowledgedPublishPacketEventArgs e)
    {
        var packet = e.PublishPacket;
        if (e.IsCompleted && IsUsage(packet.Topic))
        {
            var key = KeyOf(packet.Topic, System.Buffers.BuffersExtensions.ToArray(packet.Payload));
            lock (_spoolLock)
            {
                _spool.Remove(key); // delivered: further copies (terminal resends) are duplicates the ingest drops anyway
            }
        }

        return Task.CompletedTask;
    }

    private Task RedeliverSpool(ClientSubscribedTopicEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        if (!(filter.EndsWith("/usage", StringComparison.Ordinal) || filter.EndsWith("#", StringComparison.Ordinal)))
        {
            return Task.CompletedTask;
        }

        List<MqttApplicationMessage> pending;
        lock (_spoolLock)
        {
            pending = _spool.Values.Select(v => v.Message).ToList();
        }

        var server = _server;
        if (pending.Count > 0 && server != null)
        {
            _ = Task.Run(async () =>
            {
                foreach (var message in pending)
                {
                    await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = SpoolSender });
                }
            });
        }

        return Task.CompletedTask;
    }
}
