using Terminal.Core.Update;
using Terminal.Drivers.Storage.Host;
using Terminal.Tools.Crypto;
using Terminal.Tools.Keys;

namespace Terminal.Tests.Tools;

/// <summary>`firmware bundle|inspect|verify` end to end, in-process through Program.Run, with stdout and stderr captured.</summary>
public sealed class FirmwareCommandTests : IDisposable
{
    private const string IssuedAt = "2026-03-02T08:00:00+08:00";
    private const string Hardware = "rt-esp32-rc522-v1";

    private readonly string _dir = Directory.CreateTempSubdirectory("rt-firmware-").FullName;

    public FirmwareCommandTests()
    {
        Directory.CreateDirectory(PathOf("pe"));
        File.WriteAllBytes(PathOf("pe/Terminal.Drivers.pe"), Enumerable.Range(0, 700).Select(i => (byte)i).ToArray());
        File.WriteAllBytes(PathOf("pe/Terminal.App.pe"), Enumerable.Range(0, 900).Select(i => (byte)(i * 3)).ToArray());
        NewKey("firmware-signer", 20);
        NewKey("list-signer", 7);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Terminal.Tools.Program.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private string PathOf(string name) => Path.Combine(_dir, name);

    private void NewKey(string usage, uint id)
    {
        var r = Run("keys", "new", "--usage", usage, "--id", id.ToString(), "--out", _dir, "--valid-from", "2026-01-01", "--valid-until", "2030-12-31");
        Assert.True(r.Code == 0, r.Err);
    }

    private (int Code, string Out, string Err) Bundle(ulong version, string outName, params string[] extra) =>
        Run(new[] { "firmware", "bundle", "--from", PathOf("pe"), "--order", "Terminal.Drivers.pe,Terminal.App.pe", "--version", version.ToString(),
            "--hardware", Hardware, "--entry", "Terminal.App.Application", "--key", PathOf("firmware-signer-20.private.json"),
            "--issued-at", IssuedAt, "--out", PathOf(outName) }.Concat(extra).ToArray());

    private static void AssertOneErrorLine(string err, string contains)
    {
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(contains, lines[0]);
    }

    [Fact]
    public void Bundle_writes_a_bundle_the_terminal_accepts_and_inspect_and_verify_describe_it()
    {
        var r = Bundle(12, "fw-12.rtfw");
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("version 12", r.Out);

        // The terminal's own code accepts it with the key file's public key.
        var ring = new Terminal.Core.Crypto.KeyRing();
        ring.Add(KeyFile.Load(PathOf("firmware-signer-20.public.json")).ToTrustedKey());
        var manifest = new BundleManifest();
        Assert.Equal(UpdateError.None, new BundleVerifier(ring, new BouncyCastleSignatureVerifier()).Verify(new MemoryFile(File.ReadAllBytes(PathOf("fw-12.rtfw"))), manifest));
        Assert.Equal(new[] { "Terminal.Drivers.pe", "Terminal.App.pe" }, manifest.Assemblies.Select(a => a.Name));

        var inspect = Run("firmware", "inspect", PathOf("fw-12.rtfw"));
        Assert.Equal(0, inspect.Code);
        Assert.Contains("version:           12", inspect.Out);
        Assert.Contains("Terminal.App.pe  900 bytes", inspect.Out);

        var verify = Run("firmware", "verify", PathOf("fw-12.rtfw"), "--key", PathOf("firmware-signer-20.public.json"), "--hardware", Hardware, "--bootstrap-version", "1");
        Assert.True(verify.Code == 0, verify.Err);
        Assert.StartsWith("OK ", verify.Out);
    }

    [Fact]
    public void Without_an_order_every_pe_file_goes_in_by_name()
    {
        var r = Run("firmware", "bundle", "--from", PathOf("pe"), "--version", "1", "--hardware", Hardware, "--entry", "A.B",
            "--key", PathOf("firmware-signer-20.private.json"), "--issued-at", IssuedAt, "--out", PathOf("fw.rtfw"));
        Assert.True(r.Code == 0, r.Err);
        var inspect = Run("firmware", "inspect", PathOf("fw.rtfw"));
        Assert.True(inspect.Out.IndexOf("Terminal.App.pe", StringComparison.Ordinal) < inspect.Out.IndexOf("Terminal.Drivers.pe", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_bad_input()
    {
        var r = Run("firmware", "bundle", "--from", PathOf("pe"), "--order", "Terminal.Drivers.pe,Missing.pe", "--version", "1", "--hardware", Hardware,
            "--entry", "A.B", "--key", PathOf("firmware-signer-20.private.json"), "--issued-at", IssuedAt, "--out", PathOf("x.rtfw"));
        Assert.Equal(2, r.Code);
        AssertOneErrorLine(r.Err, "Missing.pe: missing file");
        Assert.False(File.Exists(PathOf("x.rtfw")));

        var noFolder = Run("firmware", "bundle", "--from", PathOf("nope"), "--version", "1", "--hardware", Hardware, "--entry", "A.B",
            "--key", PathOf("firmware-signer-20.private.json"), "--out", PathOf("x.rtfw"));
        Assert.Equal(2, noFolder.Code);
        AssertOneErrorLine(noFolder.Err, "no such folder");
    }

    [Fact]
    public void A_wrong_key_type_is_bad_input()
    {
        var r = Run("firmware", "bundle", "--from", PathOf("pe"), "--version", "1", "--hardware", Hardware, "--entry", "A.B",
            "--key", PathOf("list-signer-7.private.json"), "--issued-at", IssuedAt, "--out", PathOf("x.rtfw"));
        Assert.Equal(2, r.Code);
        AssertOneErrorLine(r.Err, "bundles are signed only by firmware-signer keys");

        var publicOnly = Run("firmware", "bundle", "--from", PathOf("pe"), "--version", "1", "--hardware", Hardware, "--entry", "A.B",
            "--key", PathOf("firmware-signer-20.public.json"), "--issued-at", IssuedAt, "--out", PathOf("x.rtfw"));
        Assert.Equal(2, publicOnly.Code);
        AssertOneErrorLine(publicOnly.Err, "a private key file is needed");
    }

    [Fact]
    public void A_version_that_does_not_increase_is_bad_input_and_fails_verification_against_the_previous_bundle()
    {
        Assert.Equal(0, Bundle(12, "fw-12.rtfw").Code);
        var same = Bundle(12, "fw-12b.rtfw", "--previous", PathOf("fw-12.rtfw"));
        Assert.Equal(2, same.Code);
        AssertOneErrorLine(same.Err, "--version 12 does not increase");
        Assert.Equal(2, Bundle(3, "fw-3.rtfw", "--previous", PathOf("fw-12.rtfw")).Code);
        Assert.Equal(0, Bundle(13, "fw-13.rtfw", "--previous", PathOf("fw-12.rtfw")).Code);

        Assert.Equal(0, Bundle(5, "fw-5.rtfw").Code);
        var replay = Run("firmware", "verify", PathOf("fw-5.rtfw"), "--key", PathOf("firmware-signer-20.public.json"), "--previous", PathOf("fw-12.rtfw"));
        Assert.Equal(3, replay.Code);
        AssertOneErrorLine(replay.Err, "NotNewer");
    }

    [Fact]
    public void Verify_fails_with_code_3_for_a_flipped_bit_a_wrong_key_usage_other_hardware_or_a_newer_bootstrap()
    {
        Assert.Equal(0, Bundle(12, "fw-12.rtfw", "--min-bootstrap", "4").Code);
        string firmwareKey = PathOf("firmware-signer-20.public.json");

        byte[] bytes = File.ReadAllBytes(PathOf("fw-12.rtfw"));
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(PathOf("flipped.rtfw"), bytes);
        var flipped = Run("firmware", "verify", PathOf("flipped.rtfw"), "--key", firmwareKey);
        Assert.Equal(3, flipped.Code);
        AssertOneErrorLine(flipped.Err, "HashMismatch");

        // The list-signer key given the firmware key's id: trusted for lists only.
        var listKey = KeyFile.Load(PathOf("list-signer-7.public.json")) with { KeyId = 20 };
        listKey.Save(PathOf("list-as-20.public.json"), includePrivate: false);
        var wrongUsage = Run("firmware", "verify", PathOf("fw-12.rtfw"), "--key", PathOf("list-as-20.public.json"));
        Assert.Equal(3, wrongUsage.Code);
        AssertOneErrorLine(wrongUsage.Err, "WrongKeyUsage");

        var otherHardware = Run("firmware", "verify", PathOf("fw-12.rtfw"), "--key", firmwareKey, "--hardware", "rt-esp32s3-pn532");
        Assert.Equal(3, otherHardware.Code);
        AssertOneErrorLine(otherHardware.Err, "WrongHardware");

        var oldBootstrap = Run("firmware", "verify", PathOf("fw-12.rtfw"), "--key", firmwareKey, "--bootstrap-version", "3");
        Assert.Equal(3, oldBootstrap.Code);
        AssertOneErrorLine(oldBootstrap.Err, "BootstrapTooOld");

        var notABundle = Run("firmware", "inspect", PathOf("firmware-signer-20.public.json"));
        Assert.Equal(2, notABundle.Code);
        AssertOneErrorLine(notABundle.Err, "not a firmware bundle");
    }
}
