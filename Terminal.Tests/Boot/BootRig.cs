using Terminal.Core.App;
using Terminal.Core.Persistence;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Tap;
using Terminal.Drivers.Clock.Simulated;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Display;
using Terminal.Drivers.Display.Simulated;
using Terminal.Drivers.Feedback.Simulated;
using Terminal.Drivers.Input.Simulated;
using Terminal.Drivers.Network.Simulated;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Drivers.Watchdog.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Provisioning;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Boot;

/// <summary>
/// A terminal on simulated hardware booted through the same <see cref="TerminalBoot"/> as Program.Main: simulated
/// flash, RC522 and cards, RTC, SNTP, Wi-Fi, LEDs, watchdog and button, and a scripted MQTT transport.
/// </summary>
public sealed class BootRig
{
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero); // 10:00 in Beijing
    public const string TerminalId = "HB420100-BOOT1";

    public BootRig()
    {
        Keys = new SimulationKeys();
        Cards = new DemoCards(Keys, Now);
        Clock = new SimulatedClock(Now.ToUnixTimeSeconds());
        TrueTime = Now.ToUnixTimeSeconds();
        TimeSync = new SimulatedTimeSync(Clock, () => TrueTime);
    }

    public SimulationKeys Keys { get; }

    /// <summary>The real time (what SNTP answers); the RTC may be wrong.</summary>
    public long TrueTime { get; private set; }

    /// <summary>Time passes: the world, the RTC and the uptime move together.</summary>
    public void Advance(long seconds)
    {
        TrueTime += seconds;
        Clock.Advance(seconds);
        Uptime.Advance(seconds * 1000);
    }

    public DemoCards Cards { get; }

    public SimulatedFlash Flash { get; private set; } = new();

    public SimulatedClock Clock { get; }

    public SimulatedMonotonicClock Uptime { get; } = new();

    public SimulatedTimeSync TimeSync { get; }

    public SimulatedReader Reader { get; } = new();

    public FixedChip Chip { get; } = new();

    public RecordingFeedback Feedback { get; } = new();

    public SimulatedNetworkLink Network { get; } = new();

    public FakeMqttTransport Transport { get; } = new();

    public CountingWatchdog Watchdog { get; } = new();

    public SimulatedButton Button { get; } = new();

    public List<string> Log { get; } = new();

    /// <summary>The clerk's OLED, when the board has one (null: a board without a display, as most tests boot).</summary>
    public Ssd1306Panel? Panel { get; set; }

    public BootOptions Options { get; } = new() { SelfTestIndicationMs = 0, SelfTestCardTimeoutMs = 50 };

    public TerminalBoot? Booted { get; private set; }

    public DemoCard ValidCard => Cards.Cards.First(c => c.Expected == VerdictCode.Valid && !c.ExpectForgeryAlert);

    /// <summary>The platform's config-signer key (id <see cref="ConfigKeyId"/>), trusted by every configuration of the rig.</summary>
    public const int ConfigKeyId = 30;

    public byte[] ConfigSeed { get; } = Terminal.Tools.Crypto.Ed25519Signing.NewPrivateSeed();

    /// <summary>Keys added to the provisioned configuration (e.g. a firmware signer for the update tests).</summary>
    public List<ConfigKey> ExtraKeys { get; } = new();

    public DeviceSettings Settings(bool selfTest = false, int sequence = 1)
    {
        var provisioned = SimulatedTerminal.Provisioning(Keys, "hospital", TerminalId, DateOnly.FromDateTime(Now.UtcDateTime));
        return provisioned with
        {
            Keys = [.. provisioned.Keys, ConfigKey(ConfigKeyId, ConfigSeed), .. ExtraKeys],
            WifiSsid = "desk-wifi",
            WifiPassword = "desk-password",
            BrokerHost = "broker.test",
            BrokerPort = 1883,
            BrokerTls = false,
            SelfTest = selfTest,
            Sequence = sequence,
        };
    }

    /// <summary>A config-signer entry for a configuration's key list.</summary>
    public static ConfigKey ConfigKey(int id, byte[] seed) =>
        new("config-signer", id, Terminal.Tools.Crypto.Ed25519Signing.PublicKeyOf(seed), DateOnly.FromDateTime(Now.UtcDateTime).AddYears(-1), DateOnly.FromDateTime(Now.UtcDateTime).AddYears(5));

    /// <summary>The technician's upload: config.txt on the drive.</summary>
    public BootRig Provision(bool selfTest = false)
    {
        Flash.WriteAllBytes(ConfigurationStore.ActiveFileName, DeviceConfigurationText.Write(Settings(selfTest)));
        return this;
    }

    /// <summary>Boots once with a working network, installs the demo revocation list, and powers off.</summary>
    public BootRig WithRevocationList()
    {
        var first = Boot();
        Assert.Equal(BootState.Running, first.State);
        var store = first.Core!.Revocation;
        byte[] signed = Cards.SignedList(Now.ToUnixTimeSeconds() - 3600);
        var error = store.BeginUpdate();
        for (int offset = 0; error == RevocationError.None && offset < signed.Length; offset += RevocationStore.MaxChunkBytes)
        {
            error = store.AppendUpdate(signed, offset, Math.Min(RevocationStore.MaxChunkBytes, signed.Length - offset));
        }

        Assert.Equal(RevocationError.None, error == RevocationError.None ? store.CommitUpdate() : error);
        PowerCycle();
        return this;
    }

    /// <summary>Power off and on: only what the flash made durable survives; logs and feedback start over.</summary>
    public void PowerCycle()
    {
        Flash = Flash.Reboot();
        Uptime.Milliseconds = 0;
        Log.Clear();
        Booted = null;
    }

    public BootDrivers Drivers() => new()
    {
        Reader = Reader,
        ReaderChip = Chip,
        Feedback = Feedback,
        Storage = Flash,
        Hmac = new HostHmacSha256(),
        Clock = Clock,
        Uptime = Uptime,
        TimeSync = TimeSync,
        Network = Network,
        Transport = Transport,
        Watchdog = Watchdog,
        SelfTestButton = Button,
        Log = new ListLog(Log),
        Firmware = "test-1.0",
        Display = Panel is null ? null : Ssd1306.Open(Panel),
    };

    public TerminalBoot Boot()
    {
        Booted = new TerminalBoot(Drivers(), Options);
        Booted.Boot();
        return Booted;
    }

    /// <summary>Presents a card and runs the main loop until the check is decided (bounded); returns the report or null.</summary>
    public TapReport? Tap(SimulatedCard card, int holdForOperations = SimulatedField.Forever)
    {
        Reader.Field.Tap(card, holdForOperations);
        TapStep step = TapStep.Idle;
        for (int poll = 0; poll < 20 && step != TapStep.Decided; poll++)
        {
            step = Booted!.Step();
        }

        Reader.Field.PullAway();
        for (int i = 0; i < 5; i++)
        {
            Booted!.Step(); // idle polls: the background tier-2 check runs
        }

        return step == TapStep.Decided ? Booted!.Core!.Pipeline.LastReport : null;
    }

    /// <summary>Lets the reporting session run for a while (uptime moves on, so batches fall due).</summary>
    public void Report(int rounds = 5)
    {
        for (int i = 0; i < rounds; i++)
        {
            Uptime.Advance(6000);
            Booted!.PollReporting();
        }
    }

    public IEnumerable<FakeMqttTransport.Publication> UsagePublications() => Transport.On("/usage");

    public sealed class ListLog(List<string> lines) : IBootLog
    {
        public void Line(string text) => lines.Add(text);
    }

    public sealed class FixedChip : IReaderChipInfo
    {
        public int ChipVersion { get; set; } = 0x20;
    }
}
