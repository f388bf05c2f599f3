using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Terminal.Drivers.Mqtt.Esp32
{
    /// <summary>
    /// <see cref="IMqttTransport"/> over nanoFramework.M2Mqtt. Every blocking client call (DNS and connect in the
    /// constructor, CONNECT, PUBLISH, SUBSCRIBE, DISCONNECT) runs on a worker thread; the caller waits at most the
    /// configured timeout. A call that does not come back (field fault #1692: Socket.Connect blocking forever after an
    /// outage) marks the transport <see cref="Wedged"/>: it then refuses every call and the supervisor reboots the
    /// board. The outbox already holds every event on flash, so a hang costs a reboot, never data.
    /// Completions and inbound messages arrive on M2Mqtt's threads and are queued (bounded) for the session.
    /// </summary>
    public sealed class M2MqttTransport : IMqttTransport
    {
        private const int OpConnect = 1;
        private const int OpPublish = 2;
        private const int OpSubscribe = 3;
        private const int OpUnsubscribe = 4;
        private const int OpDisconnect = 5;
        private const int MaxPending = 16;
        private const int EarlyAcks = 8;

        private readonly object _sync = new object();
        private readonly ArrayList _events = new ArrayList();
        private readonly int _maxQueuedEvents;
        private readonly AutoResetEvent _request = new AutoResetEvent(false);
        private readonly AutoResetEvent _done = new AutoResetEvent(false);
        private readonly ushort[] _pendingId = new ushort[MaxPending];
        private readonly int[] _pendingToken = new int[MaxPending];
        private readonly ushort[] _earlyId = new ushort[EarlyAcks];
        private readonly bool[] _earlyOk = new bool[EarlyAcks];
        private readonly bool[] _earlyUsed = new bool[EarlyAcks];
        private int _pendingCount;
        private int _earlyNext;
        private Thread _worker;
        private MqttClient _client;
        private bool _connected;
        private int _nextToken;
        private int _maxInboundBytes = 65536;
        private int _operationTimeoutMs = 10000;

        // The request handed to the worker, and its result.
        private int _op;
        private MqttConnectSettings _settings;
        private string _topic;
        private byte[] _payload;
        private int _qos;
        private bool _retain;
        private int _result;

        public M2MqttTransport(int maxQueuedEvents)
        {
            _maxQueuedEvents = maxQueuedEvents < 4 ? 4 : maxQueuedEvents;
        }

        /// <summary>A client call overran its timeout; the transport refuses everything until the board reboots.</summary>
        public bool Wedged { get; private set; }

        public int OversizedDropped { get; private set; }

        /// <summary>Inbound messages dropped because the session did not take events fast enough.</summary>
        public int EventsDropped { get; private set; }

        public bool IsConnected
        {
            get { return !Wedged && _client != null && _connected; }
        }

        public int Connect(MqttConnectSettings settings)
        {
            _settings = settings;
            _maxInboundBytes = settings.MaxInboundBytes;
            _operationTimeoutMs = settings.OperationTimeoutMs;
            return Call(OpConnect, settings.ConnectTimeoutMs);
        }

        public int Publish(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (!IsConnected)
            {
                return -MqttStatus.NotConnected;
            }

            // M2Mqtt takes whole arrays: copy the slice (one allocation per batch, a few KB).
            byte[] message = payload;
            if (offset != 0 || count != payload.Length)
            {
                message = new byte[count];
                Array.Copy(payload, offset, message, 0, count);
            }

            _topic = topic;
            _payload = message;
            _qos = qos;
            _retain = retain;
            int result = Call(OpPublish, _operationTimeoutMs);
            _payload = null;
            return result;
        }

        public int Subscribe(string topicFilter, int qos)
        {
            if (!IsConnected)
            {
                return MqttStatus.NotConnected;
            }

            _topic = topicFilter;
            _qos = qos;
            return Call(OpSubscribe, _operationTimeoutMs);
        }

        public int Unsubscribe(string topicFilter)
        {
            if (!IsConnected)
            {
                return MqttStatus.NotConnected;
            }

            _topic = topicFilter;
            return Call(OpUnsubscribe, _operationTimeoutMs);
        }

        public bool TryTakeEvent(MqttTransportEvent into)
        {
            lock (_sync)
            {
                if (_events.Count == 0)
                {
                    return false;
                }

                MqttTransportEvent e = (MqttTransportEvent)_events[0];
                _events.RemoveAt(0);
                into.Set(e.Kind, e.Token, e.Success, e.Topic, e.Payload);
                return true;
            }
        }

        public void Disconnect()
        {
            if (_client != null && !Wedged)
            {
                Call(OpDisconnect, _operationTimeoutMs);
            }
        }

        // Hands one operation to the worker and waits for it, at most timeoutMs.
        private int Call(int op, int timeoutMs)
        {
            if (Wedged)
            {
                return op == OpPublish ? -MqttStatus.Timeout : MqttStatus.Timeout;
            }

            if (_worker == null)
            {
                _worker = new Thread(new ThreadStart(WorkerLoop));
                _worker.Start();
            }

            _op = op;
            _request.Set();
            if (!_done.WaitOne(timeoutMs, false))
            {
                Wedged = true;
                _connected = false;
                return op == OpPublish ? -MqttStatus.Timeout : MqttStatus.Timeout;
            }

            return _result;
        }

        private void WorkerLoop()
        {
            while (true)
            {
                _request.WaitOne();
                int result;
                try
                {
                    result = Execute(_op);
                }
                catch (Exception)
                {
                    result = _op == OpPublish ? -MqttStatus.Failed : MqttStatus.Failed;
                    if (_op == OpConnect)
                    {
                        result = MqttStatus.Unreachable;
                    }
                }

                _result = result;
                _done.Set();
            }
        }

        private int Execute(int op)
        {
            switch (op)
            {
                case OpConnect: return DoConnect();
                case OpPublish: return DoPublish();
                case OpSubscribe:
                    _client.Subscribe(new string[] { _topic }, new MqttQoSLevel[] { (MqttQoSLevel)_qos });
                    return MqttStatus.Ok;
                case OpUnsubscribe:
                    _client.Unsubscribe(new string[] { _topic });
                    return MqttStatus.Ok;
                case OpDisconnect:
                    DropClient(true);
                    return MqttStatus.Ok;
                default:
                    return MqttStatus.Failed;
            }
        }

        private int DoConnect()
        {
            DropClient(false);
            MqttConnectSettings s = _settings;
            X509Certificate ca = null;
            X509Certificate clientCertificate = null;
            if (s.UseTls)
            {
                if (s.CaCertificatePem == null)
                {
                    return MqttStatus.TlsFailed;
                }

                // mbedTLS verifies the server chain against this CA only: the CA is pinned.
                ca = new X509Certificate(s.CaCertificatePem);
                if (s.ClientCertificatePem != null && s.ClientKeyPem != null)
                {
                    clientCertificate = new X509Certificate2(s.ClientCertificatePem, s.ClientKeyPem, null);
                }
            }

            // The constructor resolves the host name: it runs here, under the timeout, too.
            MqttClient client = new MqttClient(s.Host, s.Port, s.UseTls, ca, clientCertificate, s.UseTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
            client.MqttMsgPublishReceived += OnMessage;
            client.MqttMsgPublished += OnPublished;
            client.ConnectionClosed += OnClosed;
            lock (_sync)
            {
                _events.Clear();
                _pendingCount = 0;
            }

            MqttReasonCode code = client.Connect(s.ClientId, s.Username, s.Password, s.WillRetain, (MqttQoSLevel)s.WillQos, s.WillTopic != null,
                s.WillTopic, Ascii(s.WillPayload), s.CleanSession, (ushort)s.KeepAliveSeconds);
            if (code != MqttReasonCode.Success)
            {
                client.Close();
                return MqttStatus.Refused;
            }

            _client = client;
            _connected = true;
            return MqttStatus.Ok;
        }

        private int DoPublish()
        {
            ushort id = _client.Publish(_topic, _payload, null, null, (MqttQoSLevel)_qos, _retain);
            if (_qos == 0)
            {
                return 0;
            }

            lock (_sync)
            {
                int token = ++_nextToken;
                if (token <= 0)
                {
                    token = _nextToken = 1;
                }

                // The PUBACK may have beaten us here.
                for (int i = 0; i < EarlyAcks; i++)
                {
                    if (_earlyUsed[i] && _earlyId[i] == id)
                    {
                        _earlyUsed[i] = false;
                        Enqueue(MqttTransportEvent.Published, token, _earlyOk[i], null, null);
                        return token;
                    }
                }

                if (_pendingCount == MaxPending)
                {
                    return -MqttStatus.Failed; // the session never has this many batches in flight
                }

                _pendingId[_pendingCount] = id;
                _pendingToken[_pendingCount] = token;
                _pendingCount++;
                return token;
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            lock (_sync)
            {
                for (int i = 0; i < _pendingCount; i++)
                {
                    if (_pendingId[i] == e.MessageId)
                    {
                        Enqueue(MqttTransportEvent.Published, _pendingToken[i], e.IsPublished, null, null);
                        _pendingCount--;
                        _pendingId[i] = _pendingId[_pendingCount];
                        _pendingToken[i] = _pendingToken[_pendingCount];
                        return;
                    }
                }

                _earlyId[_earlyNext] = e.MessageId;
                _earlyOk[_earlyNext] = e.IsPublished;
                _earlyUsed[_earlyNext] = true;
                _earlyNext = (_earlyNext + 1) % EarlyAcks;
            }
        }

        private void OnMessage(object sender, MqttMsgPublishEventArgs e)
        {
            byte[] message = e.Message;
            if (message != null && message.Length > _maxInboundBytes)
            {
                OversizedDropped++;
                return;
            }

            lock (_sync)
            {
                if (_events.Count >= _maxQueuedEvents)
                {
                    EventsDropped++;
                    return;
                }

                Enqueue(MqttTransportEvent.Message, 0, true, e.Topic, message);
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            lock (_sync)
            {
                if (sender != _client)
                {
                    return;
                }

                _connected = false;
                Enqueue(MqttTransportEvent.ConnectionLost, 0, false, null, null);
            }
        }

        // Under _sync. Completions and connection loss are never dropped; only inbound messages are bounded.
        private void Enqueue(int kind, int token, bool success, string topic, byte[] payload)
        {
            MqttTransportEvent e = new MqttTransportEvent();
            e.Set(kind, token, success, topic, payload);
            _events.Add(e);
        }

        private void DropClient(bool sendDisconnect)
        {
            MqttClient client = _client;
            _client = null;
            _connected = false;
            if (client == null)
            {
                return;
            }

            try
            {
                if (sendDisconnect)
                {
                    client.Disconnect();
                }
                else
                {
                    client.Close();
                }
            }
            catch (Exception)
            {
                // The connection is gone either way.
            }
        }

        private static string Ascii(byte[] bytes)
        {
            if (bytes == null)
            {
                return null;
            }

            char[] chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[i] = (char)bytes[i];
            }

            return new string(chars);
        }
    }
}
