using System.Diagnostics;
using System.Text.Json;
using Terminal.Core.App;
using Terminal.Core.Persistence;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;
using Terminal.Core.Update;
using Terminal.Tools.Firmware;
using Terminal.Tools.Platform;
using Terminal.Tools.Provisioning;
using Terminal.Tools.Simulation;

namespace Terminal.Tools.Commands;

/// <summary>
/// `demo --update`: the whole application-update path (issue #13) on simulated hardware, with the real bootstrap logic
/// (<see cref="HostBootstrap"/> for every power-on) loading real net10.0 applications from the slots, and the platform
/// side on the demo's embedded MQTT broker. Story: factory bundle v1 adopted; v2 announced, downloaded, verified,
/// staged, tried and confirmed healthy; v3 with one flipped bit refused while v2 keeps running; v4, a build that never
/// reports healthy, rolled back to v2 after <see cref="BootOptions.MaxTrialBoots"/> trial boots. Each step is checked:
/// the first one that does not happen as expected ends the demo with <see cref="ExitCodes.DemoFailed"/>, naming it.
/// </summary>
public sealed class UpdateDemo
{
    public const string TerminalId = "HB420100-OTA1";

    /// <summary>The bootstrap image's version string, as Program.FirmwareVersion on the board.</summary>
    public const string BootstrapFirmware = "1.0.0";

    private const int TapHoldOperations = 400;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    private readonly DemoPlatform _platform;
    private readonly SimulatedBoard _board;
    private readonly BrokerRecorder _recorder;
    private readonly TextWriter _output;
    private readonly DateTimeOffset _now;
    private readonly ReportingTopics _topics = new(DemoPlatform.Region, TerminalId);
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    /// <summary>The board's timings, shortened for the host (the boot sequence itself is the board's).</summary>
    private readonly BootOptions _options = new()
    {
        DriveBytes = 3 * 1024 * 1024, // the reference board's I: (dual slot)
        ReportingPollMs = 10,
        IdleSleepMs = 10,
        WifiAttemptTimeoutMs = 100,
        SntpTimeoutMs = 100,
        SelfTestIndicationMs = 0,
        SelfTestCardTimeoutMs = 50,
    };

    private readonly Func<DeviceSettings, DeviceSettings>? _adjustProvisioning;
    private string _step = "setup";
    private HostBootstrap? _running;
    private int _powerOnMark;
    private int _taps;

    private UpdateDemo(DemoPlatform platform, SimulatedBoard board, BrokerRecorder recorder, TextWriter output, DateTimeOffset now,
        Func<DeviceSettings, DeviceSettings>? adjustProvisioning)
    {
        _platform = platform;
        _board = board;
        _recorder = recorder;
        _output = output;
        _now = now;
        _adjustProvisioning = adjustProvisioning;
    }

    /// <summary>Tells the story; adjustProvisioning changes the factory configuration (tests: a terminal that must fail a step).</summary>
    public static async Task<int> Run(string profile, bool keepBroker, TextWriter output, Func<DeviceSettings, DeviceSettings>? adjustProvisioning = null)
    {
        var now = DateTimeOffset.UtcNow;
        await using var platform = await DemoPlatform.StartAsync(now);
        using var board = new SimulatedBoard(now, BootstrapFirmware);
        using var recorder = new BrokerRecorder(platform.Broker, TerminalId);
        var demo = new UpdateDemo(platform, board, recorder, output, now, adjustProvisioning);
        int exit = ExitCodes.Ok;
        try
        {
            await demo.TellAsync(profile);
        }
        catch (StepFailed e)
        {
            output.WriteLine("update demo FAILED at step '" + e.Step + "': " + e.Message);
            exit = ExitCodes.DemoFailed;
        }
        finally
        {
            demo.PowerCut();
        }

        if (keepBroker)
        {
            await platform.KeepBrokerRunningAsync(ConsoleOutput.For(output));
        }

        await platform.Ingest.StopAsync();
        return exit;
    }

    private async Task TellAsync(string profile)
    {
        byte[] application = File.ReadAllBytes(typeof(Terminal.App.Application).Assembly.Location);
        byte[] v1 = Bundle(1, application);
        byte[] v2 = Bundle(2, application);
        Say("ResidenceTerminal update demo: terminal " + TerminalId + " on simulated hardware, bootstrap " + BootstrapFirmware + " (HostBootstrap), MQTT broker " +
            _platform.Broker.Host + ":" + _platform.Broker.Port + ", application Terminal.App from this build (" + application.Length + " bytes)");

        _step = "factory";
        _board.Flash.WriteAllBytes(ConfigurationStore.ActiveFileName, DeviceConfigurationText.Write(Provisioning(profile)));
        _board.Flash.WriteAllBytes(UpdateSlots.SlotName(0), v1);
        int listChunks = await _platform.PublishListAsync(_now.ToUnixTimeSeconds() - 3600, chunkBytes: 4096);
        Say("factory: config.txt (profile " + profile + ", trusts firmware-signer key " + SimulationKeys.FirmwareKeyId + ") and bundle v1 (" + v1.Length +
            " bytes, signed by that key) in slot A (" + UpdateSlots.SlotName(0) + "); platform: revocation list 1 retained on the broker (" + Count(listChunks, "chunk") + ")");

        // Power on 1: no boot state yet, so the bootstrap adopts the highest slot that verifies.
        _step = "power on 1: adopt v1";
        var boot = PowerOn();
        Expect(boot.Decision!.Kind == BootKind.Active && boot.Decision.Version == 1 && boot.Decision.Slot == 0, "the bootstrap adopts v1 from slot A", Describe(boot));
        string status = await WaitForStatusAsync(s => s.StartsWith("running=1;state=idle", StringComparison.Ordinal), "firmware status running=1;state=idle");
        Say("power on " + _board.PowerOns + ": bootstrap adopted v1 from slot A (no boot state yet); Terminal.App v1 running, firmware status " + status);

        _step = "v1: revocation list";
        var heartbeat = await WaitForHeartbeatAsync(h => h.ListSequence == 1, "a heartbeat with list 1");
        Say("v1: revocation list 1 downloaded over MQTT and installed (heartbeat fw=" + heartbeat.Firmware + " list=" + heartbeat.ListSequence + ")");

        _step = "v1: tap";
        await TapAsync(ValidCards()[0], "v1");

        // v2: announce, download, verify, stage; the application returns to restart into it.
        _step = "v2: delivery";
        int chunks = await FirmwarePublisher.PublishAsync(_platform.Broker, DemoPlatform.Region, TerminalId, 2, v2);
        Say("platform: v2 announced on " + _topics.Firmware + " (" + Announcement(2, v2) + "), " + Count(chunks, "chunk") + " retained on " + _topics.FirmwareChunks(2));
        status = await WaitForStatusAsync(s => s.Contains("state=staged;version=2", StringComparison.Ordinal), "firmware status state=staged;version=2");
        Expect(boot.WaitForReturn(StepTimeout), "the application returns to restart into the staged version", "still running");
        Expect(_board.Log.Contains("update: restarting into the staged version"), "the application says why it returns", string.Join(" | ", _board.Log.Lines.TakeLast(3)));
        Say("v1: downloaded " + Count(chunks, "chunk") + " into slot B, verified (signature, SHA-512 of every assembly), staged: firmware status " + status +
            "; the application returned to restart");
        PowerOff(stop: false);

        _step = "power on 2: trial v2";
        boot = PowerOn();
        Expect(boot.Decision!.Kind == BootKind.Trial && boot.Decision.Version == 2 && boot.Decision.Slot == 1, "the bootstrap boots v2 on trial from slot B", Describe(boot));
        await WaitForLogAsync("update: version 2 confirmed healthy", "v2 confirms itself healthy");
        await WaitForStatusAsync(s => s == "running=2;state=idle", "firmware status running=2;state=idle");
        Expect(_board.Log.Contains("update: version 2 on trial (boot 1 of " + _options.MaxTrialBoots + ")"), "v2 is on its first trial boot", string.Join(" | ", _board.Log.Lines));
        Say("power on " + _board.PowerOns + ": bootstrap: v2 on trial (boot 1 of " + _options.MaxTrialBoots + ") from slot B; reader answered, list loaded, broker reached: " +
            "v2 confirmed healthy, firmware status " + string.Join(" -> ", StatusesSincePowerOn()));

        // v3: one bit flipped after signing. Downloaded, refused at the final check; nothing is staged, v2 runs on.
        _step = "v3: tampered";
        byte[] v3 = Bundle(3, application);
        var manifest = FirmwareBundleBuilder.ParseManifest(v3);
        long flipped = manifest.Assemblies[0].Offset + manifest.Assemblies[0].Size / 2;
        v3[flipped] ^= 0x01;
        chunks = await FirmwarePublisher.PublishAsync(_platform.Broker, DemoPlatform.Region, TerminalId, 3, v3);
        Say("platform: v3 announced (" + Announcement(3, v3) + ", " + Count(chunks, "chunk") + "), but one bit was flipped after signing: bit 0 of byte " + flipped +
            " (inside Terminal.App.dll)");
        status = await WaitForStatusAsync(s => s.Contains("state=refused;version=3", StringComparison.Ordinal), "firmware status state=refused;version=3");
        string reason = Field(status, "reason");
        Expect(reason == UpdateErrorNames.Name(UpdateError.HashMismatch), "v3 is refused for its assembly hash", status);
        Expect(!boot.WaitForReturn(TimeSpan.Zero), "v2 keeps running", "the application returned");
        Say("v2: v3 refused (" + reason + ") after the download, nothing staged; v2 keeps running, firmware status " + status);
        _step = "v2: tap";
        await TapAsync(ValidCards()[1], "v2");

        // v4: a release that never reports healthy.
        _step = "v4: delivery";
        byte[] v4 = Bundle(4, NeverHealthyApplication.Build());
        chunks = await FirmwarePublisher.PublishAsync(_platform.Broker, DemoPlatform.Region, TerminalId, 4, v4);
        Say("platform: v4 announced (" + Announcement(4, v4) + ", " + Count(chunks, "chunk") + "): a correctly signed build that starts but never reports healthy");
        status = await WaitForStatusAsync(s => s.Contains("state=staged;version=4", StringComparison.Ordinal), "firmware status state=staged;version=4");
        Expect(boot.WaitForReturn(StepTimeout), "the application returns to restart into v4", "still running");
        Say("v2: v4 downloaded into slot A, verified, staged: firmware status " + status + "; the application returned to restart");
        PowerOff(stop: false);

        for (int trial = 1; trial <= _options.MaxTrialBoots; trial++)
        {
            _step = "power on " + (_board.PowerOns + 1) + ": trial " + trial + " of v4";
            boot = PowerOn();
            Expect(boot.Decision!.Kind == BootKind.Trial && boot.Decision.Version == 4 && boot.Decision.Slot == 0, "the bootstrap boots v4 on trial from slot A", Describe(boot));
            int counted = boot.Host.Updates!.State.TrialBoots;
            Expect(counted == trial, "trial boot " + trial + " is counted before v4 runs", "trial boots " + counted);
            await WaitForLogAsync(NeverHealthyApplication.Banner, "v4 starts");
            await Task.Delay(200); // it has every chance: it never builds a health gate
            Expect(!boot.WaitForReturn(TimeSpan.Zero) && !_board.Log.Contains("confirmed healthy") && boot.Host.Updates.State.HasPending,
                "v4 runs without ever being confirmed", string.Join(" | ", _board.Log.Lines));
            Say("power on " + _board.PowerOns + ": bootstrap: v4 on trial (boot " + counted + " of " + _options.MaxTrialBoots + ") from slot A; it runs but never reports healthy; power off");
            PowerOff(stop: true);
        }

        _step = "power on " + (_board.PowerOns + 1) + ": rollback";
        boot = PowerOn();
        Expect(boot.Decision!.Kind == BootKind.Active && boot.Decision.Version == 2 && boot.Decision.Slot == 1 && boot.Decision.RolledBackVersion == 4
               && boot.Decision.Reason == UpdateError.NeverHealthy,
            "the bootstrap rolls v4 back to v2 (NeverHealthy)", Describe(boot));
        Expect(_board.Log.Contains("update: ROLLBACK of version 4 (NeverHealthy)"), "the bootstrap logs the rollback", string.Join(" | ", _board.Log.Lines));
        status = await WaitForStatusAsync(s => s == "running=2;state=idle;failed=4;failure=NeverHealthy", "firmware status running=2;state=idle;failed=4;failure=NeverHealthy");
        Say("power on " + _board.PowerOns + ": bootstrap rolled back v4 (NeverHealthy after " + _options.MaxTrialBoots + " trial boots): v2 from slot B again, firmware status " + status);
        _step = "v2 after rollback: tap";
        await TapAsync(ValidCards()[0], "v2");
        PowerOff(stop: true);

        Say("update demo passed: " + _board.PowerOns + " power-ons; v1 adopted, v2 confirmed, v3 refused (" + reason + "), v4 rolled back (NeverHealthy) to v2; " +
            _taps + " taps checked and reported; " + _elapsed.Elapsed.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s");
    }

    /// <summary>The technician's configuration: the demo's keys plus the firmware signer, Wi-Fi and the demo broker.</summary>
    private DeviceSettings Provisioning(string profile)
    {
        var today = DateOnly.FromDateTime(_now.UtcDateTime);
        var settings = SimulatedTerminal.Provisioning(_platform.Keys, profile, TerminalId, today);
        settings = settings with
        {
            Keys = [.. settings.Keys, new ConfigKey("firmware-signer", SimulationKeys.FirmwareKeyId, _platform.Keys.FirmwarePublic, today.AddYears(-10), today.AddYears(10))],
            WifiSsid = "desk-wifi",
            WifiPassword = "desk-password",
            BrokerHost = _platform.Broker.Host,
            BrokerPort = _platform.Broker.Port,
            BrokerTls = false,
        };
        return _adjustProvisioning == null ? settings : _adjustProvisioning(settings);
    }

    /// <summary>A release signed with the province's firmware key for this board's hardware and bootstrap.</summary>
    private byte[] Bundle(ulong version, byte[] application) =>
        FirmwareBundleBuilder.Build([new BundleInput("Terminal.App.dll", application)],
            new BundleParameters(version, _options.BootstrapVersion, _options.HardwareId, Terminal.App.Application.EntryType, SimulationKeys.FirmwareKeyId,
                _now.ToUnixTimeSeconds() - 3600), _platform.Keys.FirmwareSeed);

    private static string Announcement(ulong version, byte[] bundle) =>
        System.Text.Encoding.ASCII.GetString(ListPublisher.Announcement((long)version, bundle.Length, UpdateDelivery.MaxChunkBytes));

    private List<DemoCard> ValidCards() => _platform.Cards.Cards.Where(c => c.Expected == VerdictCode.Valid && !c.ExpectForgeryAlert).ToList();

    private HostBootstrap PowerOn()
    {
        _powerOnMark = _recorder.Count;
        _running = HostBootstrap.PowerOn(_board.PowerOn(), _options);
        Expect(_running.Decision != null, "the bootstrap reads the configuration and decides a slot", string.Join(" | ", _board.Log.Lines));
        return _running;
    }

    /// <summary>Power off once the application returned by itself, or after asking it to stop (a power cut between taps).</summary>
    private void PowerOff(bool stop)
    {
        var running = _running!;
        if (stop)
        {
            try
            {
                running.Stop(StepTimeout);
            }
            catch (TimeoutException)
            {
                throw new StepFailed(_step, "expected the application to return between taps when asked to stop; it still runs after " + StepTimeout.TotalSeconds + " s");
            }
        }

        _running = null;
        _board.PowerOff();
        Expect(running.Failure == null && running.Ended == UpdateError.None, "the application ends without an error",
            UpdateErrorNames.Name(running.Ended) + (running.Failure == null ? "" : ": " + running.Failure.Message));
    }

    /// <summary>Whatever still runs is stopped (a demo that failed half-way leaves no thread behind).</summary>
    private void PowerCut()
    {
        if (_running != null)
        {
            try
            {
                _running.Stop(StepTimeout);
            }
            catch (TimeoutException)
            {
                // a hung application is what the failure message already reports
            }

            _running = null;
            _board.PowerOff();
        }
    }

    /// <summary>A clerk taps the card; the check must reach the platform with the expected verdict and list 1.</summary>
    private async Task TapAsync(DemoCard card, string version)
    {
        int mark = _recorder.Count;
        _board.Tap(card.Card, TapHoldOperations);
        string expected = VerdictCodes.Name(card.Expected);
        StoredUsageEvent? reported = null;
        var waited = Stopwatch.StartNew();
        while (reported == null && waited.Elapsed < StepTimeout)
        {
            foreach (var message in _recorder.Since(mark, _topics.Usage))
            {
                var events = new List<StoredUsageEvent>();
                if (UsageWire.TryParseBatch(message.Topic, message.Payload, events, out _))
                {
                    reported ??= events.FirstOrDefault();
                }
            }

            if (reported == null)
            {
                _board.Advance(2); // a batch goes out after BatchMaxDelayMs of uptime
                await Task.Delay(50);
            }
        }

        Expect(reported != null, "the check of " + card.LabelEn + " reaches the platform", "no usage event within " + StepTimeout.TotalSeconds + " s");
        Expect(reported!.Verdict == expected && reported.ListSequence == 1, "the check of " + card.LabelEn + " is " + expected + " with list 1",
            reported.Verdict + " with list " + reported.ListSequence);
        _taps++;
        long stored = await _platform.WaitForStoredAsync(_taps, StepTimeout);
        Expect(stored >= _taps, "the platform ingest stores the check", stored + " events stored");
        Say("tap: " + card.LabelZh + " / " + card.LabelEn + " -> " + reported.Verdict + ", checked by " + version + " (list " + reported.ListSequence +
            "), reported over MQTT and stored by the platform ingest (" + Count(stored, "event") + " so far)");
    }

    private async Task<string> WaitForStatusAsync(Func<string, bool> wanted, string what)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StepTimeout)
        {
            var match = _recorder.Since(0, _topics.FirmwareStatus).Select(m => m.Text).LastOrDefault();
            if (match != null && wanted(match))
            {
                return match;
            }

            await Task.Delay(20);
        }

        throw new StepFailed(_step, "expected " + what + "; last firmware status: " +
                                    (_recorder.Since(0, _topics.FirmwareStatus).Select(m => m.Text).LastOrDefault() ?? "none"));
    }

    /// <summary>Lets time pass on the board (heartbeats fall due every minute of uptime) until one matches.</summary>
    private async Task<HealthDto> WaitForHeartbeatAsync(Func<HealthDto, bool> wanted, string what)
    {
        int mark = _recorder.Count;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StepTimeout)
        {
            foreach (var message in _recorder.Since(mark, _topics.Health))
            {
                var health = JsonSerializer.Deserialize<HealthDto>(message.Payload, UsageWire.Options);
                if (health != null && wanted(health))
                {
                    return health;
                }
            }

            _board.Advance(10);
            await Task.Delay(100);
        }

        throw new StepFailed(_step, "expected " + what + " within " + StepTimeout.TotalSeconds + " s");
    }

    private async Task WaitForLogAsync(string part, string what)
    {
        var waited = Stopwatch.StartNew();
        while (!_board.Log.Contains(part))
        {
            if (waited.Elapsed > StepTimeout)
            {
                throw new StepFailed(_step, "expected " + what + " (log: " + part + "); log: " + string.Join(" | ", _board.Log.Lines));
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The firmware statuses this power-on published, in order.</summary>
    private List<string> StatusesSincePowerOn() => _recorder.Since(_powerOnMark, _topics.FirmwareStatus).Select(m => m.Text).ToList();

    private static string Count(long n, string noun) => n + " " + noun + (n == 1 ? "" : "s");

    private static string Field(string status, string key) =>
        status.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0] == key).Select(p => p[1]).FirstOrDefault() ?? "";

    private static string Describe(HostBootstrap boot)
    {
        var d = boot.Decision;
        return d == null ? "no decision (no usable configuration)"
            : d.Kind + " v" + d.Version + " slot " + d.Slot + (d.RolledBackVersion != 0 ? ", rolled back v" + d.RolledBackVersion : "") +
              (d.Reason != UpdateError.None ? ", reason " + UpdateErrorNames.Name(d.Reason) : "");
    }

    private void Expect(bool condition, string what, string seen)
    {
        if (!condition)
        {
            throw new StepFailed(_step, "expected " + what + "; got " + seen);
        }
    }

    private void Say(string line) => _output.WriteLine(line);

    private sealed class StepFailed(string step, string message) : Exception(message)
    {
        public string Step { get; } = step;
    }
}
