using Terminal.Core.Crypto;
using Terminal.Core.Update;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Crypto;
using Terminal.Tools.Keys;
using Xunit.Abstractions;

namespace Terminal.Tests.Interop;

/// <summary>
/// An application release through Mosquitto as the technician does it: `firmware publish` (the CLI, in-process) puts
/// a verified bundle on the broker for one terminal; the terminal's session downloads it into its spare slot, verifies
/// and stages it; `firmware status` shows what the terminal reported; the next boot is a trial of the new version.
/// </summary>
public sealed class FirmwareRolloutInteropTests(ITestOutputHelper output) : IDisposable
{
    private const string Hardware = "rt-esp32-rc522-v1";
    private readonly string _dir = Directory.CreateTempSubdirectory("rp-rollout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private (int Code, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = Terminal.Tools.Program.Run(args, o, e);
        output.WriteLine("$ " + string.Join(" ", args.Take(2)) + " -> " + code + "\n" + o + e);
        return (code, o.ToString(), e.ToString());
    }

    private string Bundle(ulong version)
    {
        string folder = PathOf("pe-" + version);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "Terminal.App.pe"), Enumerable.Range(0, 20_000).Select(i => (byte)(i * 13 + (int)version)).ToArray());
        var r = Cli("firmware", "bundle", "--from", folder, "--version", version.ToString(), "--hardware", Hardware, "--entry", "Terminal.App.Application",
            "--key", PathOf("keys/firmware-signer-20.private.json"), "--out", PathOf("fw-" + version + ".rtfw"));
        Assert.True(r.Code == 0, r.Err);
        return PathOf("fw-" + version + ".rtfw");
    }

    [Fact]
    public async Task A_bundle_published_with_the_cli_is_downloaded_verified_and_staged_by_the_terminal_it_names()
    {
        Assert.Equal(0, Cli("keys", "new", "--usage", "firmware-signer", "--id", "20", "--out", PathOf("keys"), "--valid-from", "2026-01-01").Code);
        var ring = new KeyRing();
        Assert.True(ring.Add(KeyFile.Load(PathOf("keys/firmware-signer-20.public.json")).ToTrustedKey()));
        var policy = new UpdatePolicy { HardwareId = Hardware, BootstrapVersion = 1, MaxTrialBoots = 3, MaxBundleBytes = 1 << 20 };

        // The terminal runs version 1 from slot A, with the delivery on its reporting session.
        var flash = new SimulatedFlash();
        flash.WriteAllBytes(UpdateSlots.SlotName(0), File.ReadAllBytes(Bundle(1)));
        var slots = new UpdateSlots(flash, ring, new BouncyCastleSignatureVerifier(), policy);
        Assert.Equal(BootKind.Active, slots.DecideBoot().Kind);
        using var broker = new MosquittoBroker();
        await broker.StartAsync();
        await using var rig = new InteropRig(broker.Port);
        var terminal = rig.Terminal("HB420100-0001", flash, poll: false);
        var delivery = new UpdateDelivery(flash, terminal.Session.Topics, slots);
        Assert.True(delivery.Open());
        terminal.Session.Extension = delivery;
        rig.Loop.Add(terminal);

        string[] brokerArgs = ["--host", "127.0.0.1", "--port", broker.Port.ToString()];
        string v2 = Bundle(2);
        var published = Cli(["firmware", "publish", v2, "--key", PathOf("keys/firmware-signer-20.public.json"), "--hardware", Hardware,
            "--region", "420100", "--terminal", "HB420100-0001", "--chunk-bytes", "2048", .. brokerArgs]);
        Assert.True(published.Code == 0, published.Err);
        Assert.Contains("in 10 chunks of 2048", published.Out);

        await Eventually.True(() => delivery.RebootRequested, "the terminal stages version 2 (status " + delivery.LastStatus + ")");
        Assert.Equal(10, delivery.ChunksStored);
        await Eventually.True(() => Cli(["firmware", "status", "--region", "420100", "--terminal", "HB420100-0001", "--wait-ms", "1000", .. brokerArgs]).Out
            .Contains("HB420100-0001: running=1;state=staged;version=2"), "firmware status shows the staged version");

        rig.Retire(terminal);
        var next = new UpdateSlots(flash.Reboot(), ring, new BouncyCastleSignatureVerifier(), policy).DecideBoot();
        Assert.Equal(BootKind.Trial, next.Kind);
        Assert.Equal(2UL, next.Version);
    }
}
