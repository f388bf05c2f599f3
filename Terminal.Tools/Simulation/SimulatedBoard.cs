using System.Diagnostics;
using Terminal.Core.App;
using Terminal.Drivers.Clock;
using Terminal.Drivers.Clock.Simulated;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Feedback.Simulated;
using Terminal.Drivers.Input.Simulated;
using Terminal.Drivers.Mqtt.Host;
using Terminal.Drivers.Network.Simulated;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Drivers.Watchdog.Simulated;

namespace Terminal.Tools.Simulation;

/// <summary>
/// A whole terminal on simulated hardware for power-on after power-on of the bootstrap (<c>HostBootstrap</c>), with the
/// application running on its own threads as on the board: the flash survives a power cut with what was flushed, the
/// RC522's field is tapped from the caller's thread, uptime runs in real time (and can be fast-forwarded), and every
/// power-on opens a new MQTT connection (MQTTnet) to the broker, dropped without DISCONNECT at power-off.
/// </summary>
public sealed class SimulatedBoard : IDisposable
{
    /// <summary>The RC522's version register (0x92: version 2.0).</summary>
    public const int ChipVersion = 0x92;

    private readonly LockedReader _reader = new(new SimulatedReader());
    private MqttNetTransport? _transport;

    public SimulatedBoard(DateTimeOffset now, string firmware)
    {
        Firmware = firmware;
        TrueTime = now.ToUnixTimeSeconds();
        Clock = new SimulatedClock(TrueTime);
    }

    /// <summary>The bootstrap's version string (usage events and heartbeats name it).</summary>
    public string Firmware { get; }

    /// <summary>The internal drive I:; a new instance after every power cycle.</summary>
    public SimulatedFlash Flash { get; private set; } = new();

    public SimulatedClock Clock { get; }

    /// <summary>The real time, as SNTP answers it.</summary>
    public long TrueTime { get; private set; }

    public RunningUptime Uptime { get; } = new();

    public SimulatedNetworkLink Network { get; } = new();

    /// <summary>The serial console of the current power-on.</summary>
    public BootConsole Log { get; } = new();

    public int PowerOns { get; private set; }

    /// <summary>Power on: uptime from zero, a new MQTT connection; the drivers the bootstrap builds on the board.</summary>
    public BootDrivers PowerOn()
    {
        if (_transport != null)
        {
            throw new InvalidOperationException("the board is already on");
        }

        PowerOns++;
        Log.Clear();
        Uptime.Restart();
        _transport = new MqttNetTransport();
        return new BootDrivers
        {
            Reader = _reader,
            ReaderChip = new FixedChip(),
            Feedback = new RecordingFeedback(),
            Storage = Flash,
            Hmac = new HostHmacSha256(),
            Clock = Clock,
            Uptime = Uptime,
            TimeSync = new SimulatedTimeSync(Clock, () => TrueTime),
            Network = Network,
            Transport = _transport,
            Watchdog = new CountingWatchdog(),
            SelfTestButton = new SimulatedButton(),
            Log = Log,
            Firmware = Firmware,
        };
    }

    /// <summary>
    /// Power off (after the application returned or was stopped): the connection just ends, so the broker publishes the
    /// will, and only what the flash made durable survives.
    /// </summary>
    public void PowerOff()
    {
        _transport?.Abort();
        _transport = null;
        Flash = Flash.Reboot();
    }

    /// <summary>A card enters the field for a number of reader operations, then leaves by itself (a clerk's tap).</summary>
    public void Tap(SimulatedCard card, int holdForOperations)
    {
        lock (_reader.Sync)
        {
            _reader.Inner.Field.Tap(card, holdForOperations);
        }
    }

    /// <summary>Time passes on the board and in the world (batches and heartbeats fall due).</summary>
    public void Advance(long seconds)
    {
        TrueTime += seconds;
        Clock.Advance(seconds);
        Uptime.Advance(seconds * 1000);
    }

    public void Dispose() => _transport?.Abort();

    /// <summary>Milliseconds since power-on in real time, plus whatever was fast-forwarded; read from any thread.</summary>
    public sealed class RunningUptime : IMonotonicClock
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private long _skipped;

        public long Milliseconds => _since.ElapsedMilliseconds + Interlocked.Read(ref _skipped);

        public void Advance(long milliseconds) => Interlocked.Add(ref _skipped, milliseconds);

        public void Restart()
        {
            Interlocked.Exchange(ref _skipped, 0);
            _since.Restart();
        }
    }

    /// <summary>The serial console: lines from the bootstrap and the application's threads.</summary>
    public sealed class BootConsole : IBootLog
    {
        private readonly List<string> _lines = new();

        public void Line(string text)
        {
            lock (_lines)
            {
                _lines.Add(text);
            }
        }

        public List<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToList();
                }
            }
        }

        public bool Contains(string part) => Lines.Any(l => l.Contains(part, StringComparison.Ordinal));

        public void Clear()
        {
            lock (_lines)
            {
                _lines.Clear();
            }
        }
    }

    private sealed class FixedChip : IReaderChipInfo
    {
        public int ChipVersion => SimulatedBoard.ChipVersion;
    }

    /// <summary>The reader as the application's tap thread uses it while the demo's thread puts cards into its field.</summary>
    private sealed class LockedReader(SimulatedReader inner) : ICardReader
    {
        public object Sync { get; } = new();

        public SimulatedReader Inner => inner;

        public ReaderCounters Counters
        {
            get
            {
                lock (Sync)
                {
                    return inner.Counters;
                }
            }
        }

        public ReaderResult WaitForCard(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak)
        {
            lock (Sync)
            {
                return inner.WaitForCard(timeoutMs, uid, out uidLength, out atqa, out sak);
            }
        }

        public ReaderResult Authenticate(int sector, MifareKeyType keyType, byte[] key)
        {
            lock (Sync)
            {
                return inner.Authenticate(sector, keyType, key);
            }
        }

        public ReaderResult ReadBlock(int block, byte[] buffer, int offset)
        {
            lock (Sync)
            {
                return inner.ReadBlock(block, buffer, offset);
            }
        }

        public void Halt()
        {
            lock (Sync)
            {
                inner.Halt();
            }
        }
    }
}
