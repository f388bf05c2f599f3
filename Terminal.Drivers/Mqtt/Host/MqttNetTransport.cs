using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using System;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace Terminal.Drivers.Mqtt.Host
{
    /// <summary>
    /// <see cref="IMqttTransport"/> over MQTTnet 5 (MQTT 3.1.1): the simulator's and the benchmarks' terminal side.
    /// QoS 1 publishes run concurrently; each completion (PUBACK or failure) is queued as an event for the session's
    /// thread. TLS pins the CA from the settings: the server chain must build to exactly that root (no system store).
    /// </summary>
    public sealed class MqttNetTransport : IMqttTransport, IDisposable
    {
        private readonly ConcurrentQueue<MqttTransportEvent> _events = new ConcurrentQueue<MqttTransportEvent>();
        private readonly MqttClientFactory _factory = new MqttClientFactory();
        private IMqttClient _client;
        private MqttConnectSettings _settings;
        private X509Certificate2 _pinnedCa;
        private int _token;
        private int _oversized;
        private Task _lastPublish = Task.CompletedTask;

        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        public int OversizedDropped
        {
            get { return Volatile.Read(ref _oversized); }
        }

        /// <summary>Why the last connect failed (exception message), for logs.</summary>
        public string LastError { get; private set; } = "";

        public int Connect(MqttConnectSettings settings)
        {
            DropClient();
            _settings = settings;
            var builder = new MqttClientOptionsBuilder()
                .WithTcpServer(settings.Host, settings.Port)
                .WithClientId(settings.ClientId)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
                .WithCleanSession(settings.CleanSession)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(settings.KeepAliveSeconds))
                .WithTimeout(TimeSpan.FromMilliseconds(settings.OperationTimeoutMs));
            if (settings.Username != null)
            {
                builder.WithCredentials(settings.Username, settings.Password ?? "");
            }

            if (settings.WillTopic != null)
            {
                builder.WithWillTopic(settings.WillTopic)
                    .WithWillPayload(settings.WillPayload ?? new byte[0])
                    .WithWillRetain(settings.WillRetain)
                    .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)settings.WillQos);
            }

            if (settings.UseTls)
            {
                if (settings.CaCertificatePem == null)
                {
                    LastError = "TLS without a pinned CA certificate";
                    return MqttStatus.TlsFailed;
                }

                _pinnedCa = PinnedCa.FromPem(settings.CaCertificatePem);
                builder.WithTlsOptions(tls =>
                {
                    tls.UseTls()
                        .WithTargetHost(settings.EffectiveServerName)
                        .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                        .WithCertificateValidationHandler(args => PinnedCa.Accepts(_pinnedCa, args.Certificate, args.SslPolicyErrors));
                    if (settings.ClientCertificatePem != null && settings.ClientKeyPem != null)
                    {
                        tls.WithClientCertificates(new[] { PinnedCa.ClientCertificate(settings.ClientCertificatePem, settings.ClientKeyPem) });
                    }
                });
            }

            var client = _factory.CreateMqttClient();
            client.ApplicationMessageReceivedAsync += e => OnMessage(client, e);
            client.DisconnectedAsync += e => OnDisconnected(client, e);
            using var timeout = new CancellationTokenSource(settings.ConnectTimeoutMs);
            try
            {
                var result = client.ConnectAsync(builder.Build(), timeout.Token).GetAwaiter().GetResult();
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    LastError = result.ResultCode.ToString();
                    client.Dispose();
                    return MqttStatus.Refused;
                }
            }
            catch (Exception ex)
            {
                LastError = ex.GetBaseException().Message;
                client.Dispose();
                return Classify(ex, timeout.IsCancellationRequested);
            }

            _client = client;
            return MqttStatus.Ok;
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            var client = _client;
            if (client == null || !client.IsConnected)
            {
                return -MqttStatus.NotConnected;
            }

            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(new ArraySegment<byte>(payload, offset, count).ToArray())
                .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
                .WithRetainFlag(retain)
                .Build();
            if (qos == 0)
            {
                // Fire and forget (heartbeats): a lost QoS 0 message costs nothing, a blocked poll thread costs every terminal on it.
                var sending = StartPublish(client, message);
                if (sending == null)
                {
                    return -MqttStatus.NotConnected;
                }

                sending.ContinueWith(task => _ = task.Exception, TaskContinuationOptions.OnlyOnFaulted);
                _lastPublish = sending;
                return 0;
            }

            var publishing = StartPublish(client, message);
            if (publishing == null)
            {
                return -MqttStatus.NotConnected;
            }

            int token = Interlocked.Increment(ref _token);
            _lastPublish = publishing;
            publishing.ContinueWith(task =>
            {
                bool acknowledged = task.Status == TaskStatus.RanToCompletion && task.Result.IsSuccess;
                var e = new MqttTransportEvent();
                e.Set(MqttTransportEvent.Published, token, acknowledged, null, null);
                _events.Enqueue(e);
            }, TaskScheduler.Default);
            return token;
        }

        /// <summary>
        /// Starts a publish, or null when the connection dropped between the IsConnected check and the call: MQTTnet
        /// then throws synchronously, and the transport's contract is a status, never an exception on the poll thread.
        /// </summary>
        private static Task<MqttClientPublishResult> StartPublish(IMqttClient client, MqttApplicationMessage message)
        {
            try
            {
                return client.PublishAsync(message);
            }
            catch (MqttClientNotConnectedException)
            {
                return null;
            }
        }

        public int Subscribe(string topicFilter, int qos)
        {
            var client = _client;
            if (client == null || !client.IsConnected)
            {
                return MqttStatus.NotConnected;
            }

            try
            {
                var options = new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(f => f.WithTopic(topicFilter).WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos))
                    .Build();
                var task = client.SubscribeAsync(options);
                if (!task.Wait(_settings.OperationTimeoutMs))
                {
                    return MqttStatus.Timeout;
                }

                foreach (var item in task.Result.Items)
                {
                    if ((int)item.ResultCode > 2)
                    {
                        return MqttStatus.Refused;
                    }
                }

                return MqttStatus.Ok;
            }
            catch (Exception)
            {
                return MqttStatus.Failed;
            }
        }

        public int Unsubscribe(string topicFilter)
        {
            var client = _client;
            if (client == null || !client.IsConnected)
            {
                return MqttStatus.NotConnected;
            }

            try
            {
                return client.UnsubscribeAsync(topicFilter).Wait(_settings.OperationTimeoutMs) ? MqttStatus.Ok : MqttStatus.Timeout;
            }
            catch (Exception)
            {
                return MqttStatus.Failed;
            }
        }

        public bool TryTakeEvent(MqttTransportEvent into)
        {
            if (!_events.TryDequeue(out var e))
            {
                return false;
            }

            into.Set(e.Kind, e.Token, e.Success, e.Topic, e.Payload);
            return true;
        }

        public void Disconnect()
        {
            var client = _client;
            _client = null;
            if (client == null)
            {
                return;
            }

            try
            {
                if (client.IsConnected)
                {
                    // Let the last publish (e.g. the retained "offline" status) leave before the DISCONNECT.
                    _lastPublish.ContinueWith(_ => { }, TaskScheduler.Default).Wait(_settings.OperationTimeoutMs);
                    client.DisconnectAsync().Wait(_settings.OperationTimeoutMs);
                }
            }
            catch (Exception)
            {
                // Already gone: nothing else to release.
            }

            client.Dispose();
        }

        public void Dispose()
        {
            Disconnect();
        }

        /// <summary>Drops the connection without a DISCONNECT, as a power cut would: the broker publishes the will.</summary>
        public void Abort()
        {
            var client = _client;
            _client = null;
            client?.Dispose();
        }

        private Task OnMessage(IMqttClient sender, MqttApplicationMessageReceivedEventArgs e)
        {
            if (sender != _client && _client != null)
            {
                return Task.CompletedTask;
            }

            var payload = e.ApplicationMessage.Payload;
            if (payload.Length > _settings.MaxInboundBytes)
            {
                Interlocked.Increment(ref _oversized);
                return Task.CompletedTask;
            }

            var message = new MqttTransportEvent();
            message.Set(MqttTransportEvent.Message, 0, true, e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(payload));
            _events.Enqueue(message);
            return Task.CompletedTask;
        }

        private Task OnDisconnected(IMqttClient sender, MqttClientDisconnectedEventArgs e)
        {
            if (sender == _client)
            {
                var lost = new MqttTransportEvent();
                lost.Set(MqttTransportEvent.ConnectionLost, 0, false, null, null);
                _events.Enqueue(lost);
            }

            return Task.CompletedTask;
        }

        private static int Classify(Exception ex, bool timedOut)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is MqttConnectingFailedException)
                {
                    return MqttStatus.Refused;
                }

                if (e is AuthenticationException)
                {
                    return MqttStatus.TlsFailed;
                }

                if (e is SocketException)
                {
                    return MqttStatus.Unreachable;
                }

                if (e is MqttCommunicationTimedOutException || e is OperationCanceledException || e is TimeoutException)
                {
                    return MqttStatus.Timeout;
                }
            }

            return timedOut ? MqttStatus.Timeout : MqttStatus.Failed;
        }

        private void DropClient()
        {
            Disconnect();
            while (_events.TryDequeue(out _))
            {
            }
        }
    }
}
