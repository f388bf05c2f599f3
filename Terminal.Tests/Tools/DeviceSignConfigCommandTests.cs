using Terminal.Core.App;
using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Tools.Keys;

namespace Terminal.Tests.Tools;

/// <summary>`keys new --usage config-signer`, `device provision --config-key` and `device sign-config` in-process; every bad input.</summary>
public sealed class DeviceSignConfigCommandTests : CliHarness
{
    private const string IssuedAt = "2026-06-01T10:00:00+08:00";

    public DeviceSignConfigCommandTests()
    {
        NewKeySet();
        NewKey("config-signer", 30);
    }

    private (int Code, string Out, string Err) Provision(int sequence, params string[] extra) => Run(
    [
        "device", "provision", "--terminal-id", "HB420100-0001", "--region", "420100", "--profile", "hospital",
        "--issuer-key", Key("card-issuer-1.public.json"), "--list-key", Key("list-signer-2.public.json"),
        "--mac-master", Key("regional-mac-1.secret.json"), "--sector-read-master", Key("sector-read-master-1.secret.json"),
        "--sequence", sequence.ToString(), "--date", "2026-06-01", "--out", PathOf("config/c" + sequence + ".config.txt"), .. extra,
    ]);

    private (int Code, string Out, string Err) Sign(string config, string key, string issuedAt = IssuedAt) =>
        Run("device", "sign-config", "--config", config, "--key", key, "--out", PathOf("out.signed"), "--issued-at", issuedAt);

    private static DeviceConfiguration Parse(byte[] text)
    {
        var config = new DeviceConfiguration();
        var error = new ConfigError();
        Assert.True(DeviceConfigurationParser.Parse(text, text.Length, config, error), error.ToString());
        return config;
    }

    [Fact]
    public void A_provisioned_terminal_trusts_the_config_signer_and_verifies_what_sign_config_writes()
    {
        var provisioned = Provision(1, "--config-key", Key("config-signer-30.public.json"));
        Assert.True(provisioned.Code == 0, provisioned.Err);
        var active = Parse(File.ReadAllBytes(PathOf("config/c1.config.txt")));
        Assert.Contains(active.Keys.Cast<ConfiguredKey>(), k => k.Usage == "config-signer" && k.Id == 30);
        var ring = ConfiguredKeys.BuildKeyRing(active, new ConfigError())!;
        Assert.Equal(KeyUsage.ConfigSigner, ring.Find(30).Usage);

        Assert.True(Provision(2, "--config-key", Key("config-signer-30.public.json")).Code == 0);
        var signed = Sign(PathOf("config/c2.config.txt"), Key("config-signer-30.private.json"));
        Assert.True(signed.Code == 0, signed.Err);
        Assert.Contains("sequence 2 for terminal HB420100-0001, signed by config-signer key 30", signed.Out);
        Assert.Contains("rp/v1/420100/HB420100-0001/config", signed.Out);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("out.signed")));
        }

        byte[] envelope = File.ReadAllBytes(PathOf("out.signed"));
        var parsed = new SignedConfiguration();
        Assert.Equal(SignedConfigurationError.None, parsed.Verify(envelope, envelope.Length, 8192, "HB420100-0001", ring, new Ed25519Verifier()));
        Assert.Equal(File.ReadAllBytes(PathOf("config/c2.config.txt")), envelope.Skip(parsed.TextOffset).Take(parsed.TextLength).ToArray());
        Assert.Equal(DateTimeOffset.Parse(IssuedAt).ToUnixTimeSeconds(), parsed.IssuedAt);
        Assert.Equal(SignedConfigurationError.WrongTerminal, parsed.Verify(envelope, envelope.Length, 8192, "HB420100-0002", ring, new Ed25519Verifier()));
    }

    [Fact]
    public void Help_shows_an_example()
    {
        var help = Run("device", "sign-config", "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("Example: device sign-config --config", help.Out);
        Assert.Contains("config-signer", Run("keys", "new", "--help").Out);
        Assert.Contains("--config-key", Run("device", "provision", "--help").Out);
    }

    [Fact]
    public void Bad_input_is_one_line_on_stderr_and_exit_code_2()
    {
        Assert.True(Provision(2, "--config-key", Key("config-signer-30.public.json")).Code == 0);
        string config = PathOf("config/c2.config.txt");
        AssertBadInput(Sign(config, Key("list-signer-2.private.json")), "--key takes a config-signer key");
        AssertBadInput(Sign(config, Key("card-issuer-1.private.json")), "is a card-issuer key");
        AssertBadInput(Sign(config, Key("config-signer-30.public.json")), "a private key file is needed");
        AssertBadInput(Sign(config, Key("regional-mac-1.secret.json")), "secret where an Ed25519 key file was expected");
        AssertBadInput(Sign(PathOf("missing.txt"), Key("config-signer-30.private.json")), "missing.txt");
        AssertBadInput(Sign(Write("garbage.txt", "format=rp-device-config/1\nterminal_id=x\n"), Key("config-signer-30.private.json")), "the terminal would refuse this configuration");
        AssertBadInput(Sign(config, Key("config-signer-30.private.json"), "2040-01-01T00:00:00Z"), "expired");
        AssertBadInput(Sign(config, Key("config-signer-30.private.json"), "yesterday"), "--issued-at");

        Assert.True(Provision(3).Code == 0); // no --config-key: the terminal could never be reconfigured remotely again
        AssertBadInput(Sign(PathOf("config/c3.config.txt"), Key("config-signer-30.private.json")), "holds no config-signer key");
        AssertBadInput(Provision(4, "--config-key", Key("list-signer-2.public.json")), "--config-key");
        Assert.False(File.Exists(PathOf("out.signed")));
    }
}
