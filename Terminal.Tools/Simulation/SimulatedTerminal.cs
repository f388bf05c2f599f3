using Terminal.Core.App;
using Terminal.Core.Configuration;
using Terminal.Core.Display;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Tap;
using Terminal.Drivers.Clock.Simulated;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Display;
using Terminal.Drivers.Display.Simulated;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Feedback.Simulated;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tools.Provisioning;

namespace Terminal.Tools.Simulation;

/// <summary>What a clerk saw for one tap, and what the background check added.</summary>
public sealed record TapOutcome(VerdictCode Code, bool Accepted, Indication Indication, string Sound, string ReasonZh, string ReasonEn, string Article,
    bool ForgeryAlertRaised, TapStep Step);

/// <summary>
/// The firmware core on simulated hardware: a provisioned configuration is parsed by the same parser the board uses
/// and <see cref="TerminalCore"/> wires it to a simulated RC522, flash, clock and LEDs.
/// </summary>
public sealed class SimulatedTerminal
{
    public SimulatedTerminal(SimulationKeys keys, string profile, DateTimeOffset now, ITapSink? sink = null, SimulatedFlash? flash = null,
        string terminalId = "HB420100-DEMO1", Action<TerminalDrivers>? adjustDrivers = null,
        Func<DeviceSettings, DeviceSettings>? adjustProvisioning = null)
        : this(DeviceConfigurationText.Write(Adjusted(Provisioning(keys, profile, terminalId, DateOnly.FromDateTime(now.UtcDateTime)), adjustProvisioning)),
            now, sink, flash, adjustDrivers)
    {
        Keys = keys;
    }

    private static DeviceSettings Adjusted(DeviceSettings settings, Func<DeviceSettings, DeviceSettings>? adjust) =>
        adjust is null ? settings : adjust(settings);

    /// <summary>
    /// Boots from a configuration file as written by `device provision` (the board's path: parse, then TerminalCore).
    /// Throws <see cref="InvalidOperationException"/> with the parser's or the core's reason when either refuses it.
    /// </summary>
    public SimulatedTerminal(byte[] configuration, DateTimeOffset now, ITapSink? sink = null, SimulatedFlash? flash = null,
        Action<TerminalDrivers>? adjustDrivers = null)
    {
        Clock = new SimulatedClock(now.ToUnixTimeSeconds());
        Flash = flash ?? new SimulatedFlash();
        Recorded = new RecordingTapSink();
        var config = new DeviceConfiguration();
        var error = new ConfigError();
        if (!DeviceConfigurationParser.Parse(configuration, configuration.Length, config, error))
        {
            throw new InvalidOperationException("the configuration was refused: " + error);
        }

        Configuration = config;
        Display = Ssd1306.Open(Panel) ?? throw new InvalidOperationException("the simulated SSD1306 did not answer");
        var drivers = new TerminalDrivers
        {
            Reader = Reader,
            Feedback = Feedback,
            Storage = Flash,
            Hmac = new HostHmacSha256(),
            Clock = Clock,
            Sink = sink is null ? Recorded : new TapSinkGroup([Recorded, sink]),
            Screen = new ClerkScreen(Display),
        };
        adjustDrivers?.Invoke(drivers); // e.g. counting wrappers for the cost model
        Core = TerminalCore.Create(config, drivers, 0, error) ?? throw new InvalidOperationException("terminal core refused the configuration: " + error);
        Core.Clock.MarkSynchronized(Clock.UtcUnixSeconds); // as after SNTP at boot
        Core.Screen!.ShowIdle(Clock.UtcUnixSeconds);
    }

    /// <summary>The simulation's throw-away keys (null when booted from a provisioned configuration file).</summary>
    public SimulationKeys? Keys { get; }

    public SimulatedReader Reader { get; } = new();

    public RecordingFeedback Feedback { get; } = new();

    /// <summary>The emulated SSD1306 module on the simulated I2C bus: what the clerk's display shows (VisibleFrame, FramePng).</summary>
    public Ssd1306Panel Panel { get; } = new();

    /// <summary>The real display driver, over <see cref="Panel"/>.</summary>
    public Ssd1306 Display { get; }

    public SimulatedFlash Flash { get; }

    public SimulatedClock Clock { get; }

    public RecordingTapSink Recorded { get; }

    public DeviceConfiguration Configuration { get; }

    public TerminalCore Core { get; }

    /// <summary>The provisioning a technician would do for this terminal (offline: no broker configured).</summary>
    public static DeviceSettings Provisioning(SimulationKeys keys, string profile, string terminalId, DateOnly today) => new()
    {
        TerminalId = terminalId,
        Region = "420100",
        ServicePoint = "模拟服务窗口 (simulated desk)",
        Profile = profile,
        BrokerTls = false,
        Keys =
        [
            new("card-issuer", SimulationKeys.IssuerKeyId, keys.IssuerPublic, today.AddYears(-10), today.AddYears(10)),
            new("list-signer", SimulationKeys.ListKeyId, keys.ListPublic, today.AddYears(-10), today.AddYears(10)),
            new("regional-mac", SimulationKeys.MacKeyId, keys.RegionalMac, today.AddYears(-10), today.AddYears(10)),
        ],
        SectorReadMaster = keys.ReadMaster,
    };

    /// <summary>Installs a signed list (or delta) through the terminal's own streaming update path, in 4 KB chunks.</summary>
    public RevocationError InstallList(byte[] signed)
    {
        var store = Core.Revocation;
        var error = store.BeginUpdate();
        for (int offset = 0; error == RevocationError.None && offset < signed.Length; offset += RevocationStore.MaxChunkBytes)
        {
            error = store.AppendUpdate(signed, offset, Math.Min(RevocationStore.MaxChunkBytes, signed.Length - offset));
        }

        return error == RevocationError.None ? store.CommitUpdate() : error;
    }

    /// <summary>
    /// Presents a card and runs the tap loop until the check is decided (bounded), then lets the background tier-2
    /// worker finish, as the board's second thread would between taps.
    /// </summary>
    public TapOutcome Tap(SimulatedCard card, int holdForOperations = SimulatedField.Forever)
    {
        Core.Screen!.Tick(Clock.UtcUnixSeconds); // the main loop between taps: back to idle once a verdict had its time
        Reader.Field.Tap(card, holdForOperations);
        TapStep step = TapStep.Idle;
        for (int poll = 0; poll < 20 && step is TapStep.Idle or TapStep.ReaderError; poll++)
        {
            step = Core.Pipeline.Step();
        }

        Reader.Field.PullAway();
        var report = Core.Pipeline.LastReport;
        var verdict = report.Verdict;
        var code = verdict.Code;
        var accepted = verdict.Accepted;
        var (zh, en, article) = (verdict.ReasonZh, verdict.ReasonEn, verdict.Article);
        var indication = Feedback.Last;
        var sound = RecordingFeedback.Describe(Feedback.LastSound);

        int alertsBefore = Core.TierTwo.ForgeryAlerts;
        while (Core.TierTwo.ProcessOne())
        {
        }

        bool alert = Core.TierTwo.ForgeryAlerts > alertsBefore;
        return new TapOutcome(code, accepted, indication, sound, zh, en, article, alert, step);
    }
}
