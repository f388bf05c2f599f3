using System.Threading;
using Terminal.Core.Configuration;
using Terminal.Core.Display;
using Terminal.Core.Persistence;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;
using Terminal.Core.Tap;
using Terminal.Core.Time;
using Terminal.Core.Update;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Mqtt;

namespace Terminal.Core.App
{
    /// <summary>Where the boot sequence ended.</summary>
    public enum BootState
    {
        NotStarted = 0,
        /// <summary>No configuration on the drive: the unprovisioned pattern, no checks.</summary>
        Unprovisioned = 1,
        /// <summary>A configuration is there but refused (torn, corrupt, unusable keys): same pattern, reason logged.</summary>
        InvalidConfiguration = 2,
        /// <summary>The outbox could not be opened: the terminal cannot keep its reports, so it does not check cards.</summary>
        StorageFault = 3,
        /// <summary>Checking cards.</summary>
        Running = 4,
    }

    /// <summary>
    /// The terminal's boot sequence and main loop, portable: every dependency is a Drivers interface (see
    /// <see cref="BootDrivers"/>), so Program.Main on the board and the host boot test run exactly this. Steps and LED
    /// patterns: README.md beside this file. <see cref="Boot"/> runs the sequence once; then the device calls
    /// <see cref="RunForever"/>, which starts the reporting thread and loops <see cref="Step"/>; the host test calls
    /// <see cref="Step"/> and <see cref="PollReporting"/> itself, one thread, deterministic.
    /// </summary>
    public sealed class TerminalBoot
    {
        public const string ClockHighWaterName = "clock-hw";
        public const int DeviceOutboxWindow = 64;
        public const string ListDownloadStateName = "listdl.state";

        private readonly BootDrivers _drivers;
        private readonly BootOptions _options;
        private readonly ConfigurationStore _configurations;
        private readonly ClockHighWaterStore _highWater;
        private long _nextHighWaterSaveMs;
        private long _nextWifiAttemptMs;
        private long _nextSntpMs;
        private Indication _unprovisionedShown = Indication.Idle;
        private ApplicationHost _host;
        private bool _returning;
        private ClerkScreen _screen;

        // Health signals of a trial boot: set (never cleared) by the tap loop or the reporting thread, fed to the gate by
        // one thread. Plain bools: nanoFramework has no volatile, and a flag seen one poll late only delays the confirmation.
        private bool _readerAnswered;
        private bool _listLoaded;
        private bool _networkReady;
        private bool _readerFed;
        private bool _listFed;
        private bool _networkFed;
        private bool _healthFailureLogged;

        /// <summary>Held around each tap poll and each list-download call: the revocation store is not thread-safe.</summary>
        private readonly object _coreSync = new object();

        public TerminalBoot(BootDrivers drivers, BootOptions options)
        {
            _drivers = drivers;
            _options = options;
            _configurations = new ConfigurationStore(drivers.Storage);
            _highWater = new ClockHighWaterStore(drivers.Storage, ClockHighWaterName);
            Error = new ConfigError();
        }

        /// <summary>The application started by the bootstrap, which has already decided this boot (see <see cref="ApplicationHost"/>).</summary>
        public TerminalBoot(ApplicationHost host)
            : this(host.Drivers, host.Options)
        {
            _host = host;
        }

        public BootState State { get; private set; }

        /// <summary>Why the terminal is not running (configuration or storage), empty when it is.</summary>
        public ConfigError Error { get; private set; }

        public DeviceConfiguration Configuration { get; private set; }

        public ConfigurationStore Configurations
        {
            get { return _configurations; }
        }

        public ClockHighWaterStore HighWater
        {
            get { return _highWater; }
        }

        public TerminalCore Core { get; private set; }

        public Outbox Outbox { get; private set; }

        public UsageEventSink Sink { get; private set; }

        /// <summary>Null when no broker is configured or no transport was given.</summary>
        public ReportingSession Session { get; private set; }

        public ReportingWatchdog ReportingWatchdog { get; private set; }

        /// <summary>Where lists downloaded over MQTT go (null without a reporting session).</summary>
        public RevocationDownloadTarget ListDownloadTarget { get; private set; }

        public BootHealth Health { get; private set; }

        /// <summary>Installs signed configurations pushed over MQTT (null without a reporting session).</summary>
        public SignedConfigurationSink ConfigurationSink { get; private set; }

        /// <summary>A pushed configuration was installed: it takes effect at the next boot, so the device may reboot.</summary>
        public bool RebootRequested
        {
            get { return ConfigurationSink != null && ConfigurationSink.RebootRequested; }
        }

        /// <summary>The bootstrap's hand-over (created by <see cref="Boot"/> when the terminal was started without one).</summary>
        public ApplicationHost Host
        {
            get { return _host; }
        }

        /// <summary>The update slots with this boot's decision (null when not running).</summary>
        public UpdateSlots Updates { get; private set; }

        /// <summary>Firmware delivery on the reporting session (null without a session or with updates disabled).</summary>
        public UpdateDelivery UpdateDelivery { get; private set; }

        /// <summary>Confirms a trial version once it is healthy (null unless this boot is a trial).</summary>
        public HealthGate HealthGate { get; private set; }

        /// <summary>A verified update is staged: the device restarts into it when no card is being checked.</summary>
        public bool RestartRequested
        {
            get { return UpdateDelivery != null && UpdateDelivery.RebootRequested; }
        }

        /// <summary>The clock as judged at boot, before network time (Unset, RolledBack, Stale).</summary>
        public ClockCondition ClockAtBoot { get; private set; }

        /// <summary>The RTC was found earlier than the persisted high-water mark at boot.</summary>
        public bool ClockRollbackDetected { get; private set; }

        /// <summary>The high-water mark read from flash at boot (0: none).</summary>
        public long PersistedHighWaterMark { get; private set; }

        public bool Online { get; private set; }

        public int WifiAttempts { get; private set; }

        public int SntpSynchronizations { get; private set; }

        public bool SelfTestRequested { get; private set; }

        /// <summary>The self-test of this boot, if one ran.</summary>
        public SelfTest SelfTestRun { get; private set; }

        /// <summary>Whether the self-test report reached the broker (QoS 0, best effort).</summary>
        public bool SelfTestPublished { get; private set; }

        /// <summary>Decided taps since boot.</summary>
        public int Checks { get; private set; }

        /// <summary>Runs the boot sequence once; every driver failure ends in a <see cref="BootState"/> or offline mode, not an exception.</summary>
        public BootState Boot()
        {
            Log(string.Concat("boot: ResidenceTerminal firmware ", _drivers.Firmware));
            if (_drivers.Watchdog != null)
            {
                _drivers.Watchdog.Start(_options.WatchdogTimeoutMs);
            }

            SelfTestRequested = _drivers.SelfTestButton != null && _drivers.SelfTestButton.IsHeld;
            OpenScreen();

            // 1. Configuration.
            Configuration = _configurations.Load(Error);
            if (Configuration == null)
            {
                State = _configurations.Missing ? BootState.Unprovisioned : BootState.InvalidConfiguration;
                Log(string.Concat(_configurations.Missing ? "config: unprovisioned: " : "config: refused: ", Error.ToString()));
                FinishSelfTestIfRequested();
                ShowNotRunning();
                return State;
            }

            Log(string.Concat("config: ", Configuration.TerminalId, " profile ", Configuration.Profile, " sequence ", Configuration.Sequence.ToString(),
                _configurations.Source == ConfigurationSource.TechnicianFile ? " (config.txt)" : " (installed)"));
            SelfTestRequested = SelfTestRequested || Configuration.SelfTestAtBoot;

            // 2. Outbox: every check is durable before it is shown as reported.
            OutboxOptions outboxOptions = new OutboxOptions();
            // The window of unacknowledged reads costs 28 bytes of heap per slot; the board's session has one batch of
            // at most BatchMaxEvents in flight, so 64 leaves margin at ~1.8 KB instead of ~28 KB (hardware/budget.md).
            outboxOptions.MaxOutstandingReads = DeviceOutboxWindow;
            Outbox = new Outbox(_drivers.Storage, outboxOptions);
            OutboxStatus opened = Outbox.Open();
            if (opened != OutboxStatus.Ok)
            {
                State = BootState.StorageFault;
                Error.Message = string.Concat("outbox cannot be opened (", ((int)opened).ToString(), ")");
                Log(string.Concat("storage: ", Error.Message));
                ShowNotRunning();
                return State;
            }

            Sink = new UsageEventSink(Outbox, Configuration.TerminalId, Configuration.ServicePoint, Configuration.Profile, _drivers.Firmware);
            if (!ReportingTokens.IsValid(Configuration.ServicePoint))
            {
                Log("reporting: service_point is not an ASCII token; usage events name the desk by the terminal id");
            }

            // 3. Clock high-water mark, then the core (keys, revocation list, tap pipeline).
            PersistedHighWaterMark = _highWater.Load();
            TerminalDrivers coreDrivers = new TerminalDrivers();
            coreDrivers.Reader = _drivers.Reader;
            coreDrivers.Feedback = _drivers.Feedback;
            coreDrivers.Storage = _drivers.Storage;
            coreDrivers.Hmac = _drivers.Hmac;
            coreDrivers.Clock = _drivers.Clock;
            coreDrivers.Sink = Sink;
            coreDrivers.Screen = _screen;
            Core = TerminalCore.Create(Configuration, coreDrivers, PersistedHighWaterMark, Error);
            if (Core == null)
            {
                State = BootState.InvalidConfiguration;
                Log(string.Concat("config: refused by the core: ", Error.ToString()));
                Configuration = null;
                FinishSelfTestIfRequested();
                ShowNotRunning();
                return State;
            }

            long now = _drivers.Clock.UtcUnixSeconds;
            ClockAtBoot = Core.Clock.Condition(now);
            ClockRollbackDetected = ClockAtBoot == ClockCondition.RolledBack;
            Log(string.Concat("clock: ", ConditionName(ClockAtBoot), " rtc=", now.ToString(), " high-water=", PersistedHighWaterMark.ToString()));
            if (ClockRollbackDetected)
            {
                Log("clock: ROLLBACK detected: the RTC is earlier than the last trusted time; checks are CLOCK_UNTRUSTED until network time");
            }

            Log(Core.ListMountError == Revocation.RevocationError.None
                ? string.Concat("list: sequence ", Core.Revocation.Status.Sequence.ToString(), ", ", Core.Revocation.Status.EntryCount.ToString(), " entries")
                : string.Concat("list: none active (", ((int)Core.ListMountError).ToString(), "); verdicts per the profile's stale_list"));

            // Updates: what this boot runs (decided before the session opens), and the health gate of a trial version.
            PrepareUpdates();

            // 4. Network and network time (offline is a normal mode: checks go on, events wait in the outbox).
            long nowMs = UptimeMs();
            ConnectNetwork(_options.WifiAttempts, nowMs);
            if (Online)
            {
                SynchronizeClock(nowMs);
            }
            else
            {
                Log("network: offline mode; events queue in the outbox");
            }

            // 5. Reporting session (its own thread on the board, see RunForever).
            CreateReportingSession();

            if (!Online || Session == null)
            {
                SignalHealth(HealthSignal.Network); // offline mode entered (or no broker to reach)
            }

            FeedHealthGate(); // one thread still: the reporting thread starts later

            // 6. Self-test, when asked for.
            FinishSelfTestIfRequested();

            _nextHighWaterSaveMs = nowMs;
            SaveHighWaterIfDue(nowMs);
            State = BootState.Running;
            _drivers.Feedback.Show(Indication.Idle);
            if (_screen != null)
            {
                _screen.ShowIdle(_drivers.Clock.UtcUnixSeconds);
            }

            Log("boot: running");
            return State;
        }

        /// <summary>
        /// One iteration of the main loop: feed the watchdog, run one tap poll (or, between taps, one background tier-2
        /// check), and the periodic work (Wi-Fi retry, SNTP, high-water mark). Unprovisioned: only the pattern.
        /// </summary>
        public TapStep Step()
        {
            if (_drivers.Watchdog != null)
            {
                _drivers.Watchdog.Feed();
            }

            if (State != BootState.Running)
            {
                ShowNotRunning();
                return TapStep.Idle;
            }

            TapStep step;
            lock (_coreSync)
            {
                step = Core.Pipeline.Step();
            }

            if (step == TapStep.Decided)
            {
                Checks++;
                SignalHealth(HealthSignal.Reader);
            }
            else if (step == TapStep.Idle)
            {
                Core.TierTwo.ProcessOne();
            }

            if (Core.Screen != null)
            {
                long now = _drivers.Clock.UtcUnixSeconds;
                lock (_coreSync)
                {
                    // Between taps only: a verdict stays up while its card is still on the reader.
                    if (step == TapStep.Repeat)
                    {
                        Core.Screen.KeepShowing(now);
                    }
                    else if (step == TapStep.Idle)
                    {
                        Core.Screen.Tick(now); // reads the list's status, which the download thread may be switching
                    }
                }
            }

            Maintain(UptimeMs());
            if (Session == null)
            {
                FeedHealthGate(); // no reporting thread: this loop is the only user of the slots
            }

            return step;
        }

        /// <summary>One round of the reporting session, only while the network is up (offline, events wait on flash).</summary>
        public void PollReporting()
        {
            if (Session == null)
            {
                return;
            }

            if (Online && _drivers.Network != null && _drivers.Network.IsConnected)
            {
                Session.Poll(UptimeMs());
                if (Session.Connects > 0)
                {
                    SignalHealth(HealthSignal.Network);
                }
            }

            if (HealthGate != null && !HealthGate.Confirmed)
            {
                bool hasList;
                lock (_coreSync)
                {
                    hasList = Core.Revocation.Status.HasList; // a list downloaded after boot counts too
                }

                if (hasList)
                {
                    SignalHealth(HealthSignal.List);
                }
            }

            FeedHealthGate();
            ReportingWatchdog.Alive();
        }

        /// <summary>
        /// The board's main: the reporting thread, then the tap loop. Returns, between taps, when a verified update or an
        /// installed configuration asks for a restart (the bootstrap then reboots into it) or the host asks it to stop.
        /// </summary>
        public void RunForever()
        {
            Thread reporting = null;
            if (Session != null)
            {
                reporting = new Thread(new ThreadStart(ReportingThread));
                reporting.Start();
            }

            while (true)
            {
                TapStep step = Step();
                bool betweenTaps = State != BootState.Running || step == TapStep.Idle;
                if (betweenTaps && ShouldReturn())
                {
                    break;
                }

                if (State != BootState.Running)
                {
                    Thread.Sleep(_options.IdleSleepMs);
                }
                else if (step == TapStep.Idle)
                {
                    Thread.Sleep(1);
                }
            }

            // The reporting thread ends with the loop (its outbox is on flash): nothing of this run keeps going while
            // the next one starts (on the host, the next application version in the same process).
            _returning = true;
            if (reporting != null)
            {
                reporting.Join();
            }
        }

        /// <summary>Whether the main loop returns now (asked only between taps), logging why.</summary>
        private bool ShouldReturn()
        {
            if (RestartRequested)
            {
                Log("update: restarting into the staged version");
                return true;
            }

            if (RebootRequested)
            {
                Log("config: restarting with the installed configuration");
                return true;
            }

            if (_host != null && _host.StopRequested)
            {
                Log("app: stop requested by the host");
                return true;
            }

            return false;
        }

        private void ReportingThread()
        {
            while (!_returning)
            {
                PollReporting();
                Thread.Sleep(_options.ReportingPollMs);
            }
        }

        private void Maintain(long nowMs)
        {
            if (_drivers.Network != null && Configuration.WifiSsid.Length > 0)
            {
                bool connected = _drivers.Network.IsConnected;
                if (Online && !connected)
                {
                    Online = false;
                    _nextWifiAttemptMs = nowMs + _options.WifiRetryIntervalMs;
                    Log("network: link lost; offline mode");
                    SignalHealth(HealthSignal.Network);
                }
                else if (!Online && nowMs >= _nextWifiAttemptMs)
                {
                    ConnectNetwork(1, nowMs);
                    if (Online)
                    {
                        SynchronizeClock(nowMs);
                    }
                }
                else if (Online && nowMs >= _nextSntpMs)
                {
                    SynchronizeClock(nowMs);
                }
            }

            SaveHighWaterIfDue(nowMs);
        }

        private void ConnectNetwork(int attempts, long nowMs)
        {
            Online = false;
            if (_drivers.Network == null || Configuration.WifiSsid.Length == 0)
            {
                Log("network: no Wi-Fi configured");
                _nextWifiAttemptMs = long.MaxValue;
                return;
            }

            for (int i = 0; i < attempts && !Online; i++)
            {
                if (_drivers.Watchdog != null)
                {
                    _drivers.Watchdog.Feed();
                }

                WifiAttempts++;
                Online = _drivers.Network.Connect(Configuration.WifiSsid, Configuration.WifiPassword, _options.WifiAttemptTimeoutMs);
                Log(string.Concat("network: Wi-Fi '", Configuration.WifiSsid, "' attempt ", WifiAttempts.ToString(), Online ? " connected" : " failed"));
            }

            _nextWifiAttemptMs = nowMs + _options.WifiRetryIntervalMs;
        }

        private void SynchronizeClock(long nowMs)
        {
            _nextSntpMs = nowMs + _options.SntpResyncIntervalMs;
            if (_drivers.TimeSync == null)
            {
                return;
            }

            if (_drivers.TimeSync.Synchronize(_options.SntpTimeoutMs))
            {
                long now = _drivers.Clock.UtcUnixSeconds;
                if (now >= ClockGuard.EarliestPlausible)
                {
                    Core.Clock.MarkSynchronized(now);
                    SntpSynchronizations++;
                    Log(string.Concat("clock: synchronised from SNTP, ", now.ToString()));
                    // Network time is the new reference: persist it now rather than at the next period.
                    _nextHighWaterSaveMs = nowMs;
                    SaveHighWaterIfDue(nowMs);
                    return;
                }
            }

            Log("clock: SNTP failed; running on the RTC");
        }

        /// <summary>At most once per interval, only a trusted or stale (never an unset or rolled-back) time, only upwards.</summary>
        private void SaveHighWaterIfDue(long nowMs)
        {
            if (nowMs < _nextHighWaterSaveMs)
            {
                return;
            }

            _nextHighWaterSaveMs = nowMs + _options.HighWaterSaveIntervalMs;
            long now = _drivers.Clock.UtcUnixSeconds;
            if (Core.Clock.Trust(now) == ClockTrust.Untrusted)
            {
                return;
            }

            if (!_highWater.Save(Core.Clock.HighWaterMark))
            {
                Log("clock: high-water mark could not be saved");
            }
        }

        private void CreateReportingSession()
        {
            if (_drivers.Transport == null || Configuration.BrokerHost.Length == 0)
            {
                Log("reporting: no broker configured; events stay in the outbox");
                return;
            }

            ReportingSessionOptions options = new ReportingSessionOptions();
            options.Region = Configuration.Region;
            options.TerminalId = Configuration.TerminalId;
            options.JitterSeed = Configuration.TerminalId.GetHashCode();
            Health = new BootHealth(Core, _drivers.Reader, _drivers.Uptime, _drivers.Firmware);
            Health.Updates = Updates;
            ListDownloadTarget = Core.ListDownloadTarget;
            ListDownload list = new ListDownload(_drivers.Storage, ListDownloadStateName, ListDownloadTarget, Revocation.RevocationStore.MaxChunkBytes);
            list.Open();
            ConfigurationSink = new SignedConfigurationSink(_configurations, Core.TrustedKeys, Configuration.TerminalId, options.MaxConfigBytes, _drivers.Log, _coreSync);
            Session = new ReportingSession(options, ConnectSettings(), _drivers.Transport, Outbox, Health, ConfigurationSink, list);
            ReportingWatchdog = new ReportingWatchdog(30, 16 * 1024, 10);
            if (_drivers.Supervisor != null)
            {
                _drivers.Supervisor.Supervise(ReportingWatchdog);
            }

            if (Updates != null && _host.Mode != UpdateMode.Disabled)
            {
                UpdateDelivery = new UpdateDelivery(_drivers.Storage, Session.Topics, Updates);
                if (!UpdateDelivery.Open())
                {
                    Log("update: download progress could not be read; a download starts over");
                }

                Session.Extension = UpdateDelivery;
            }
            Log(string.Concat("reporting: broker ", Configuration.BrokerHost, ":", Configuration.BrokerPort.ToString(), Configuration.BrokerTls ? " (TLS)" : ""));
        }

        private void PrepareUpdates()
        {
            if (_host == null)
            {
                _host = new ApplicationHost(_drivers, _options);
            }

            if (_host.Updates == null)
            {
                _host.DecideBoot(Core.TrustedKeys); // started without a bootstrap (host tests, simulator): decide here
            }

            Updates = _host.Updates;
            BootDecision booted = Updates.Booted;
            if (booted.Kind != BootKind.Trial)
            {
                return;
            }

            HealthGate = new HealthGate(Updates);
            Log(string.Concat("update: version ", booted.Version.ToString(), " on trial (boot ", Updates.State.TrialBoots.ToString(), " of ", _options.MaxTrialBoots.ToString(),
                "); confirmed once the reader answered, the list is loaded and the broker was reached or offline mode entered"));
            if (_drivers.ReaderChip != null && _drivers.ReaderChip.ChipVersion >= 0)
            {
                SignalHealth(HealthSignal.Reader);
            }

            if (Core.ListMountError == Revocation.RevocationError.None)
            {
                SignalHealth(HealthSignal.List);
            }
        }

        private enum HealthSignal
        {
            Reader = 0,
            List = 1,
            Network = 2,
        }

        /// <summary>Records a health signal (from either thread); <see cref="FeedHealthGate"/> passes it on.</summary>
        private void SignalHealth(HealthSignal signal)
        {
            if (HealthGate == null)
            {
                return;
            }

            if (signal == HealthSignal.Reader)
            {
                _readerAnswered = true;
            }
            else if (signal == HealthSignal.List)
            {
                _listLoaded = true;
            }
            else
            {
                _networkReady = true;
            }
        }

        /// <summary>
        /// Passes new health signals to the trial's gate, on the thread that also runs the update delivery (the
        /// reporting thread when there is a session), so the slots' state is never written from two threads. Each
        /// signal reaches the gate once; the confirmation is logged once.
        /// </summary>
        private void FeedHealthGate()
        {
            if (HealthGate == null || HealthGate.Confirmed)
            {
                return;
            }

            if (_readerAnswered && !_readerFed)
            {
                _readerFed = true;
                HealthGate.ReaderAnswered();
            }

            if (_listLoaded && !_listFed)
            {
                _listFed = true;
                HealthGate.ListLoaded();
            }

            if (_networkReady && !_networkFed)
            {
                _networkFed = true;
                HealthGate.BrokerReachedOrOffline();
            }

            if (HealthGate.Confirmed)
            {
                Log(string.Concat("update: version ", Updates.Booted.Version.ToString(), " confirmed healthy; it is the active version now"));
                if (UpdateDelivery != null && Session.State == SessionState.Connected)
                {
                    UpdateDelivery.RepublishStatus(_drivers.Transport); // not yet connected: the connect publishes it
                }
            }
            else if (HealthGate.LastError != UpdateError.None && !_healthFailureLogged)
            {
                _healthFailureLogged = true;
                Log(string.Concat("update: health confirmation failed (", UpdateErrorNames.Name(HealthGate.LastError), "); the trial goes on"));
            }
        }

        /// <summary>The MQTT connection from the configuration (the CA is provisioned as DER, the transports take PEM).</summary>
        public MqttConnectSettings ConnectSettings()
        {
            MqttConnectSettings connect = new MqttConnectSettings();
            connect.Host = Configuration.BrokerHost;
            connect.Port = Configuration.BrokerPort;
            connect.ClientId = Configuration.TerminalId;
            connect.UseTls = Configuration.BrokerTls;
            connect.CaCertificatePem = Configuration.CaCertificate == null ? null : Pem.Encode("CERTIFICATE", Configuration.CaCertificate);
            connect.ClientCertificatePem = Configuration.ClientCertificate;
            connect.ClientKeyPem = Configuration.ClientKey;
            if (Configuration.MqttUsername.Length > 0)
            {
                connect.Username = Configuration.MqttUsername;
                connect.Password = Configuration.MqttPassword;
            }

            return connect;
        }

        private void FinishSelfTestIfRequested()
        {
            if (!SelfTestRequested)
            {
                return;
            }

            Log("selftest: requested");
            ShowStatus(ScreenTexts.Attention, ScreenTexts.SelfTestRunning, false, null);
            SelfTestRun = new SelfTest(_drivers, _options);
            bool passed = SelfTestRun.Run();
            _drivers.Feedback.Show(passed ? Indication.Accepted : Indication.Fault);
            if (passed)
            {
                ShowStatus(ScreenTexts.Check, ScreenTexts.SelfTestPassed, false, null);
            }
            else
            {
                ShowStatus(ScreenTexts.Cross, ScreenTexts.SelfTestFailed, true, ScreenTexts.SeeSerialLog);
            }
            SelfTestPublished = PublishSelfTest();
        }

        /// <summary>Best effort: one QoS 0 message on rp/v1/{region}/{terminal}/selftest before the session starts.</summary>
        private bool PublishSelfTest()
        {
            if (Configuration == null || !Online || _drivers.Transport == null || Configuration.BrokerHost.Length == 0)
            {
                return false;
            }

            ReportingTopics topics = new ReportingTopics(Configuration.Region, Configuration.TerminalId);
            string topic = string.Concat(ReportingTopics.Root, topics.Region, "/", topics.TerminalId, "/selftest");
            string report = SelfTestRun.Report;
            byte[] payload = new byte[report.Length];
            for (int i = 0; i < report.Length; i++)
            {
                char c = report[i];
                payload[i] = c < 128 ? (byte)c : (byte)'?';
            }

            if (_drivers.Transport.Connect(ConnectSettings()) != MqttStatus.Ok)
            {
                Log("selftest: broker not reachable; results on the console only");
                return false;
            }

            bool sent = _drivers.Transport.Publish(topic, payload, 0, payload.Length, 0, false) >= 0;
            _drivers.Transport.Disconnect();
            Log(sent ? string.Concat("selftest: published to ", topic) : "selftest: publish failed");
            return sent;
        }

        private void ShowNotRunning()
        {
            // Shown once per state change, not at every loop iteration: the LEDs blink by themselves.
            if (_unprovisionedShown != Indication.Unprovisioned)
            {
                _drivers.Feedback.Show(Indication.Unprovisioned);
                _unprovisionedShown = Indication.Unprovisioned;
                if (State == BootState.Unprovisioned)
                {
                    ShowStatus(ScreenTexts.Cross, ScreenTexts.Unprovisioned, true, ScreenTexts.CallTechnician);
                }
                else
                {
                    ShowStatus(ScreenTexts.Cross, State == BootState.StorageFault ? ScreenTexts.StorageFault : ScreenTexts.InvalidConfiguration, true,
                        ScreenTexts.SeeSerialLog);
                }
            }
        }

        /// <summary>
        /// The clerk's display, when the bootstrap found one: said once in the log either way, then the boot screen
        /// (firmware version) until the terminal runs. A board without a display boots exactly as before.
        /// </summary>
        private void OpenScreen()
        {
            if (_drivers.Display == null)
            {
                Log("display: none (nothing answered on I2C at 0x3C); verdicts on the LEDs and buzzer only");
                return;
            }

            _screen = new ClerkScreen(_drivers.Display);
            Log("display: SSD1306 128x64 on I2C at 0x3C");
            ShowStatus('\0', ScreenTexts.Starting, false, string.Concat(ScreenTexts.Firmware, " ", _drivers.Firmware));
        }

        private void ShowStatus(char symbol, string title, bool inverted, string line)
        {
            if (_screen != null)
            {
                _screen.ShowStatus(symbol, title, inverted, line, null, null);
            }
        }

        private long UptimeMs()
        {
            return _drivers.Uptime == null ? 0 : _drivers.Uptime.Milliseconds;
        }

        private void Log(string line)
        {
            if (_drivers.Log != null)
            {
                _drivers.Log.Line(line);
            }
        }

        public static string ConditionName(ClockCondition condition)
        {
            switch (condition)
            {
                case ClockCondition.Unset: return "unset";
                case ClockCondition.RolledBack: return "rolled-back";
                case ClockCondition.Stale: return "stale (RTC only)";
                default: return "synced";
            }
        }
    }
}
