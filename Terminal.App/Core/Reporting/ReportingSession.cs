using Terminal.Drivers.Mqtt;

namespace Terminal.Core.Reporting
{
    /// <summary>Signed configuration pushed by the platform: the sink verifies the signature and applies it.</summary>
    public interface IConfigurationSink
    {
        /// <summary>False when the payload is refused (bad signature, malformed, older than the one in use).</summary>
        bool Offer(byte[] payload);
    }

    /// <summary>
    /// A further inbound protocol carried by the session (firmware updates): it subscribes its own topics after each
    /// connect and handles the messages on them. Never throws.
    /// </summary>
    public interface ISessionExtension
    {
        /// <summary>Called after each connect: subscribe and publish what is due; false drops the connection.</summary>
        bool OnConnected(IMqttTransport transport);

        /// <summary>An inbound message not for the session itself: true when it was on one of the extension's topics.</summary>
        bool OnMessage(IMqttTransport transport, string topic, byte[] payload);
    }

    public enum SessionState
    {
        Disconnected = 0,
        Connected = 1,
        Stopped = 2,
    }

    public sealed class ReportingSessionOptions
    {
        public string Region = "";
        public string TerminalId = "";

        /// <summary>A batch is sent once this many events are waiting...</summary>
        public int BatchMaxEvents = 10;

        /// <summary>...or once the oldest waiting event has waited this long.</summary>
        public int BatchMaxDelayMs = 5000;

        /// <summary>Batches published and awaiting their PUBACK at once (1 on a small device).</summary>
        public int MaxInFlightBatches = 1;

        /// <summary>A batch without PUBACK after this long means the connection is dead (reconnect, resend).</summary>
        public int PublishTimeoutMs = 30000;

        public int HeartbeatIntervalMs = 60000;

        public int BackoffInitialMs = 1000;
        public int BackoffMaxMs = 300000;

        /// <summary>Largest configuration message accepted; larger ones are rejected and counted.</summary>
        public int MaxConfigBytes = 8192;

        public int JitterSeed = 1;
    }

    /// <summary>
    /// The terminal's side of the reporting protocol (README.md beside this file), portable and single-threaded: the
    /// device calls <see cref="Poll"/> from its reporting thread every ~100 ms with a monotonic millisecond clock
    /// (tests pass any clock, so a day-long outage takes milliseconds). It connects with a Last Will, announces itself
    /// online (retained), sends usage batches from the outbox by count or age with QoS 1 and acknowledges them in the
    /// outbox only on PUBACK, sends heartbeats, follows signed configuration and revocation-list announcements, and
    /// reconnects with exponential backoff and jitter. A malformed or oversized inbound message is counted and dropped;
    /// nothing inbound can stop the session.
    /// </summary>
    public sealed class ReportingSession
    {
        private static readonly byte[] Online = new byte[] { (byte)'o', (byte)'n', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };
        private static readonly byte[] Offline = new byte[] { (byte)'o', (byte)'f', (byte)'f', (byte)'l', (byte)'i', (byte)'n', (byte)'e' };

        private readonly ReportingSessionOptions _options;
        private readonly MqttConnectSettings _connect;
        private readonly IMqttTransport _transport;
        private readonly Outbox _outbox;
        private readonly IHealthSource _health;
        private readonly IConfigurationSink _configuration;
        private readonly ListDownload _listDownload;
        private readonly ReportingTopics _topics;
        private readonly Backoff _backoff;
        private readonly MqttTransportEvent _event = new MqttTransportEvent();
        private readonly UsageEvent[] _batch;
        private readonly AsciiJsonWriter _batchWriter;
        private readonly AsciiJsonWriter _healthWriter = new AsciiJsonWriter(512);
        private readonly HealthSnapshot _snapshot = new HealthSnapshot();
        private readonly ListAnnouncement _announcement = new ListAnnouncement();

        // Batches in flight, oldest first (a ring).
        private readonly int[] _flightToken;
        private readonly long[] _flightLastSequence;
        private readonly int[] _flightEvents;
        private readonly long[] _flightSentAt;
        private readonly bool[] _flightDone;
        private int _flightStart;
        private int _flightsInUse;

        private long _nextConnectAt;
        private long _nextHeartbeatAt;
        private long _unsentSince = -1;
        private long _chunkSubscription;

        public ReportingSession(ReportingSessionOptions options, MqttConnectSettings connect, IMqttTransport transport, Outbox outbox,
            IHealthSource health, IConfigurationSink configuration, ListDownload listDownload)
        {
            _options = options;
            _connect = connect;
            _transport = transport;
            _outbox = outbox;
            _health = health;
            _configuration = configuration;
            _listDownload = listDownload;
            _topics = new ReportingTopics(options.Region, options.TerminalId);
            _backoff = new Backoff(options.BackoffInitialMs, options.BackoffMaxMs, options.JitterSeed);
            int batchEvents = options.BatchMaxEvents < 1 ? 1 : options.BatchMaxEvents;
            _batch = new UsageEvent[batchEvents];
            for (int i = 0; i < batchEvents; i++)
            {
                _batch[i] = new UsageEvent();
            }

            _batchWriter = new AsciiJsonWriter(BatchBufferBytes(batchEvents));
            int flights = options.MaxInFlightBatches < 1 ? 1 : options.MaxInFlightBatches;
            _flightToken = new int[flights];
            _flightLastSequence = new long[flights];
            _flightEvents = new int[flights];
            _flightSentAt = new long[flights];
            _flightDone = new bool[flights];
        }

        public SessionState State { get; private set; }

        public ReportingTopics Topics { get { return _topics; } }

        /// <summary>Optional further protocol (firmware updates); set before the first Poll.</summary>
        public ISessionExtension Extension { get; set; }

        /// <summary>The earliest time of the next connection attempt while disconnected.</summary>
        public long NextConnectAtMs { get { return _nextConnectAt; } }

        /// <summary>The status of the last failed connection attempt (<see cref="MqttStatus"/>).</summary>
        public int LastConnectStatus { get; private set; }

        public long Connects { get; private set; }
        public long ConnectFailures { get; private set; }

        /// <summary>Connections lost or dropped by the session (timeout, failed publish) after being established.</summary>
        public long ConnectionsLost { get; private set; }
        public long BatchesSent { get; private set; }
        public long BatchesAcknowledged { get; private set; }
        public long EventsAcknowledged { get; private set; }
        public long PublishTimeouts { get; private set; }

        /// <summary>PUBACKs whose acknowledgement the outbox could not persist: those events will be sent again (duplicates the platform removes).</summary>
        public long AcknowledgementsNotPersisted { get; private set; }

        public long HeartbeatsSent { get; private set; }
        public long RejectedInbound { get; private set; }
        public long ConfigurationsAccepted { get; private set; }
        public long ListsCompleted { get; private set; }

        /// <summary>Batches awaiting their PUBACK.</summary>
        public int InFlightBatches { get { return _flightsInUse; } }

        /// <summary>JSON buffer a batch of n events needs (tokens at their maximum length).</summary>
        public static int BatchBufferBytes(int events)
        {
            return 32 + events * (UsageJson.MaxEventBytes + 1);
        }

        /// <summary>One round of work at time nowMs (monotonic milliseconds). Returns quickly unless a connect is due.</summary>
        public void Poll(long nowMs)
        {
            if (State == SessionState.Stopped)
            {
                return;
            }

            if (State == SessionState.Disconnected)
            {
                if (nowMs < _nextConnectAt)
                {
                    return;
                }

                Connect(nowMs);
                if (State != SessionState.Connected)
                {
                    return;
                }
            }

            ProcessEvents(nowMs);
            if (State == SessionState.Connected && !_transport.IsConnected)
            {
                Drop(nowMs);
            }

            if (State == SessionState.Connected && _flightsInUse > 0 && nowMs - _flightSentAt[_flightStart] > _options.PublishTimeoutMs)
            {
                PublishTimeouts++;
                Drop(nowMs);
            }

            if (State == SessionState.Connected)
            {
                SendBatches(nowMs);
            }

            if (State == SessionState.Connected && nowMs >= _nextHeartbeatAt)
            {
                SendHeartbeat(nowMs);
            }
        }

        /// <summary>Announces "offline" (retained) and disconnects cleanly; the session stays stopped.</summary>
        public void Stop()
        {
            if (State == SessionState.Connected)
            {
                _transport.Publish(_topics.Status, Offline, 0, Offline.Length, 1, true);
                _transport.Disconnect();
            }

            _outbox.RewindUnsent();
            _flightsInUse = 0;
            State = SessionState.Stopped;
        }

        private void Connect(long nowMs)
        {
            if (_connect.ClientId == null || _connect.ClientId.Length == 0)
            {
                _connect.ClientId = _options.TerminalId;
            }

            _connect.WillTopic = _topics.Status;
            _connect.WillPayload = Offline;
            _connect.WillRetain = true;
            _connect.WillQos = 1;
            int status = _transport.Connect(_connect);
            if (status != MqttStatus.Ok)
            {
                LastConnectStatus = status;
                ConnectFailures++;
                _nextConnectAt = nowMs + _backoff.NextDelayMs();
                return;
            }

            State = SessionState.Connected;
            Connects++;
            _backoff.Reset();
            _outbox.RewindUnsent();
            _flightsInUse = 0;
            _chunkSubscription = 0;
            _nextHeartbeatAt = nowMs;
            if (_transport.Publish(_topics.Status, Online, 0, Online.Length, 1, true) < 0
                || _transport.Subscribe(_topics.Config, 1) != MqttStatus.Ok
                || _transport.Subscribe(_topics.ListAnnounce, 1) != MqttStatus.Ok
                || !FollowListChunks()
                || (Extension != null && !Extension.OnConnected(_transport)))
            {
                Drop(nowMs);
            }
        }

        private void Drop(long nowMs)
        {
            _transport.Disconnect();
            _outbox.RewindUnsent();
            _flightsInUse = 0;
            State = SessionState.Disconnected;
            ConnectionsLost++;
            _nextConnectAt = nowMs + _backoff.NextDelayMs();
        }

        private void ProcessEvents(long nowMs)
        {
            while (State == SessionState.Connected && _transport.TryTakeEvent(_event))
            {
                if (_event.Kind == MqttTransportEvent.Published)
                {
                    OnPublished(_event.Token, _event.Success, nowMs);
                }
                else if (_event.Kind == MqttTransportEvent.Message)
                {
                    OnMessage(_event.Topic, _event.Payload, nowMs);
                }
                else if (_event.Kind == MqttTransportEvent.ConnectionLost)
                {
                    Drop(nowMs);
                }

                _event.Payload = null;
            }
        }

        private void OnPublished(int token, bool success, long nowMs)
        {
            for (int i = 0; i < _flightsInUse; i++)
            {
                int slot = (_flightStart + i) % _flightToken.Length;
                if (_flightToken[slot] != token || _flightDone[slot])
                {
                    continue;
                }

                if (!success)
                {
                    Drop(nowMs);
                    return;
                }

                _flightDone[slot] = true;
                break;
            }

            // Acknowledge in order: the outbox's watermark only moves over a contiguous prefix.
            while (_flightsInUse > 0 && _flightDone[_flightStart])
            {
                if (_outbox.Acknowledge(_flightLastSequence[_flightStart]) != OutboxStatus.Ok)
                {
                    AcknowledgementsNotPersisted++;
                }

                BatchesAcknowledged++;
                EventsAcknowledged += _flightEvents[_flightStart];
                _flightStart = (_flightStart + 1) % _flightToken.Length;
                _flightsInUse--;
            }
        }

        private void SendBatches(long nowMs)
        {
            while (_flightsInUse < _flightToken.Length)
            {
                long unsent = _outbox.UnsentCount;
                if (unsent == 0)
                {
                    _unsentSince = -1;
                    return;
                }

                if (_unsentSince < 0)
                {
                    _unsentSince = nowMs;
                }

                if (unsent < _batch.Length && nowMs - _unsentSince < _options.BatchMaxDelayMs)
                {
                    return;
                }

                int n = _outbox.ReadNext(_batch, 0, _batch.Length);
                if (n <= 0)
                {
                    return; // outstanding window full, or a storage error: try again next poll
                }

                int token = UsageJson.WriteBatch(_batchWriter, _batch, 0, n)
                    ? _transport.Publish(_topics.Usage, _batchWriter.Buffer, 0, _batchWriter.Length, 1, false)
                    : -MqttStatus.TooLarge;
                if (token <= 0)
                {
                    Drop(nowMs);
                    return;
                }

                int slot = (_flightStart + _flightsInUse) % _flightToken.Length;
                _flightToken[slot] = token;
                _flightLastSequence[slot] = _batch[n - 1].Sequence;
                _flightEvents[slot] = n;
                _flightSentAt[slot] = nowMs;
                _flightDone[slot] = false;
                _flightsInUse++;
                BatchesSent++;
            }
        }

        private void SendHeartbeat(long nowMs)
        {
            _nextHeartbeatAt = nowMs + _options.HeartbeatIntervalMs;
            _health.Fill(_snapshot);
            _snapshot.QueueDepth = _outbox.PendingCount;
            _snapshot.Unsent = _outbox.UnsentCount;
            _snapshot.LostEvents = _outbox.LostEvents;
            _snapshot.Reconnects = ConnectionsLost;
            _snapshot.RejectedInbound = RejectedInbound + _transport.OversizedDropped;
            if (UsageJson.WriteHealth(_healthWriter, _snapshot)
                && _transport.Publish(_topics.Health, _healthWriter.Buffer, 0, _healthWriter.Length, 0, false) < 0)
            {
                Drop(nowMs);
                return;
            }

            HeartbeatsSent++;
        }

        private void OnMessage(string topic, byte[] payload, long nowMs)
        {
            if (topic == _topics.Config)
            {
                if (payload == null || payload.Length == 0)
                {
                    return; // a cleared retained message: nothing to apply
                }

                if (payload.Length > _options.MaxConfigBytes || !_configuration.Offer(payload))
                {
                    RejectedInbound++;
                    return;
                }

                ConfigurationsAccepted++;
                return;
            }

            if (topic == _topics.ListAnnounce)
            {
                if (payload == null || payload.Length == 0)
                {
                    return;
                }

                if (!_announcement.Parse(payload, _listDownload.MaxChunkBytes, ListDownload.MaxChunks))
                {
                    RejectedInbound++;
                    return;
                }

                ListDownloadResult started = _listDownload.OnAnnouncement(_announcement);
                if (started == ListDownloadResult.Rejected)
                {
                    RejectedInbound++;
                }

                if (!FollowListChunks())
                {
                    Drop(nowMs);
                }

                return;
            }

            if (Extension != null && Extension.OnMessage(_transport, topic, payload))
            {
                return;
            }

            long sequence;
            int index;
            if (!_topics.TryParseListChunk(topic, out sequence, out index))
            {
                RejectedInbound++;
                return;
            }

            ListDownloadResult result = _listDownload.OnChunk(sequence, index, payload);
            if (result == ListDownloadResult.Rejected)
            {
                RejectedInbound++;
            }
            else if (result == ListDownloadResult.Completed)
            {
                ListsCompleted++;
            }

            if (!FollowListChunks())
            {
                Drop(nowMs);
            }
        }

        // Keeps exactly one chunk subscription: the active download's. False when the transport refused.
        private bool FollowListChunks()
        {
            long wanted = _listDownload.Active ? _listDownload.Sequence : 0;
            if (wanted == _chunkSubscription)
            {
                return true;
            }

            if (_chunkSubscription != 0 && _transport.Unsubscribe(_topics.ListChunks(_chunkSubscription)) != MqttStatus.Ok)
            {
                return false;
            }

            _chunkSubscription = 0;
            if (wanted != 0 && _transport.Subscribe(_topics.ListChunks(wanted), 1) != MqttStatus.Ok)
            {
                return false;
            }

            _chunkSubscription = wanted;
            return true;
        }
    }
}
