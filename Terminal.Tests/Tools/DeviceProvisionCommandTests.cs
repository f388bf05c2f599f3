using System.Text.Json.Nodes;
using Terminal.Core.App;
using Terminal.Core.Configuration;
using Terminal.Core.Persistence;
using Terminal.Core.Rules;
using Terminal.Core.Update;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tests.Boot;
using Terminal.Tests.Support;
using Terminal.Tools.Commands;
using Terminal.Tools.Keys;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Tools;

/// <summary>
/// `device provision` in-process: the file round-trips through the firmware's parser, TerminalCore boots from it on
/// simulated drivers and accepts a card made by `card issue`; the nanoff deployment list; every bad input.
/// </summary>
public sealed class DeviceProvisionCommandTests : CliHarness
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private string[] ProvisionArgs(params string[] extra) =>
    [
        "device", "provision", "--terminal-id", "HB420100-0001", "--region", "420100", "--service-point", "协和医院 3号窗口", "--profile", "hospital",
        "--wifi-ssid", "desk-net", "--wifi-password", "s3cret",
        "--issuer-key", Key("card-issuer-1.public.json"), "--list-key", Key("list-signer-2.public.json"),
        "--mac-master", Key("regional-mac-1.secret.json"), "--sector-read-master", Key("sector-read-master-1.secret.json"),
        "--date", "2026-06-01", "--out", PathOf("config/HB420100-0001.config.txt"), .. extra,
    ];

    [Fact]
    public void The_configuration_parses_back_and_the_terminal_boots_from_it_and_accepts_an_issued_card()
    {
        NewKeySet();
        var provisioned = Run(ProvisionArgs("--port", "COM5"));
        Assert.True(provisioned.Code == 0, provisioned.Err);
        string configPath = PathOf("config/HB420100-0001.config.txt");
        byte[] bytes = File.ReadAllBytes(configPath);
        var config = new DeviceConfiguration();
        var error = new ConfigError();
        Assert.True(DeviceConfigurationParser.Parse(bytes, bytes.Length, config, error), error.ToString());
        Assert.Equal("HB420100-0001", config.TerminalId);
        Assert.Equal("420100", config.Region);
        Assert.Equal("协和医院 3号窗口", config.ServicePoint);
        Assert.Equal("hospital", config.Profile);
        Assert.Equal("s3cret", config.WifiPassword);
        Assert.Equal("", config.BrokerHost);
        Assert.Equal(3, config.Keys.Count);
        Assert.Equal(KeyRoles.Secret(Key("sector-read-master-1.secret.json"), SecretUsage.SectorReadMaster, "x").Secret, config.SectorReadMaster);
        Assert.Equal(KeyFile.Load(Key("card-issuer-1.public.json")).PublicKey, ((ConfiguredKey)config.Keys[0]!).Key);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(configPath));
        }

        // nanoff's file deployment list, beside the configuration.
        string deployPath = PathOf("config/HB420100-0001.deploy.json");
        var deploy = JsonNode.Parse(File.ReadAllText(deployPath))!;
        Assert.Equal("COM5", (string?)deploy["SerialPort"]);
        Assert.Equal(@"I:\rp\config.txt", (string?)deploy["Files"]![0]!["DestinationFilePath"]);
        Assert.Equal(configPath, (string?)deploy["Files"]![0]!["SourceFilePath"]);
        Assert.Contains("  nanoff --serialport COM5 --filedeployment " + deployPath + "\n", provisioned.Out.ReplaceLineEndings("\n"));
        Assert.Contains("nanoff --target ESP32_PSRAM_REV3 --serialport COM5 --update --filedeployment " + deployPath, provisioned.Out);

        // A list signed with the list key, a card issued with the issuer key: the provisioned terminal accepts the card
        // and checks its signature in the background.
        Write("revoked.csv", "000000000999,0,3,2026-03-01\n");
        var list = Run("list", "build", "--entries", PathOf("revoked.csv"), "--key", Key("list-signer-2.private.json"), "--sequence", "1",
            "--issued-at", Now.AddHours(-1).ToString("o"), "--out", PathOf("list-1.rvl"));
        Assert.True(list.Code == 0, list.Err);
        Assert.Equal(0, Run(IssueArgs(Write("li-si.json", PersonJson), PathOf("li-si.card"))).Code);

        var terminal = new SimulatedTerminal(bytes, Now);
        Assert.Equal(Terminal.Core.Revocation.RevocationError.None, terminal.InstallList(File.ReadAllBytes(PathOf("list-1.rvl"))));
        var image = CardImage.Load(PathOf("li-si.card"));
        var outcome = terminal.Tap(SimulatedCards.FromImage(image));
        Assert.Equal(VerdictCode.Valid, outcome.Code);
        Assert.False(outcome.ForgeryAlertRaised);
        Assert.Equal(1, terminal.Core.TierTwo.Verified);

        // The same card data under another UID fails tier 1 on this terminal.
        var clone = image.WithUid([0x04, 0x11, 0x22, 0x33], uidWritable: true);
        Assert.NotEqual(VerdictCode.Valid, terminal.Tap(SimulatedCards.FromImage(clone)).Code);
    }

    [Fact]
    public void A_tls_broker_with_a_pinned_ca_and_client_certificate_is_written()
    {
        NewKeySet();
        var certs = TestCertificates.Create();
        File.WriteAllBytes(PathOf("ca.pem"), certs.CaPem);
        File.WriteAllBytes(PathOf("client.pem"), certs.ClientCertificatePem);
        File.WriteAllBytes(PathOf("client.key"), certs.ClientKeyPem);
        var r = Run(ProvisionArgs("--broker", "mqtts://mqtt.example.cn", "--ca", PathOf("ca.pem"), "--client-cert", PathOf("client.pem"), "--client-key", PathOf("client.key")));
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("broker mqtt.example.cn:8883 TLS", r.Out);
        Assert.Contains("nanoff --serialport <PORT> --filedeployment", r.Out);
        byte[] bytes = File.ReadAllBytes(PathOf("config/HB420100-0001.config.txt"));
        var config = new DeviceConfiguration();
        Assert.True(DeviceConfigurationParser.Parse(bytes, bytes.Length, config, new ConfigError()));
        Assert.True(config.BrokerTls);
        Assert.Equal(certs.Ca.RawData, config.CaCertificate);
        Assert.Equal(certs.ClientCertificatePem, config.ClientCertificate);
        Assert.Null(JsonNode.Parse(File.ReadAllText(PathOf("config/HB420100-0001.deploy.json")))!["SerialPort"]);

        var plain = Run(ProvisionArgs("--broker", "mqtt://10.0.0.5:1884", "--username", "t0001", "--password", "pw"));
        Assert.True(plain.Code == 0, plain.Err);
        Assert.Contains("broker 10.0.0.5:1884 PLAIN (no TLS)", plain.Out);
    }

    [Fact]
    public void Bad_input_to_device_provision_is_one_line_and_exit_code_2()
    {
        NewKeySet();
        NewKey("list-signer", 1);
        NewKey("card-issuer", 5, "2020-01-01", "2025-12-31");
        Write("garbage.pem", "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        string Replace(string[] args, string option, string value)
        {
            args[Array.IndexOf(args, option) + 1] = value;
            return "";
        }

        var wrongType = ProvisionArgs();
        Replace(wrongType, "--issuer-key", Key("list-signer-2.public.json"));
        AssertBadInput(Run(wrongType), "key 2 is a list-signer key; --issuer-key takes a card-issuer key");

        var secretAsKey = ProvisionArgs();
        Replace(secretAsKey, "--list-key", Key("regional-mac-1.secret.json"));
        AssertBadInput(Run(secretAsKey), "regional-mac secret where an Ed25519 key file was expected");

        var expired = ProvisionArgs();
        Replace(expired, "--issuer-key", Key("card-issuer-5.public.json"));
        AssertBadInput(Run(expired), "key 5 expired on 2025-12-31 (provisioning day 2026-06-01)");

        var missing = ProvisionArgs();
        Replace(missing, "--mac-master", PathOf("nowhere.secret.json"));
        AssertBadInput(Run(missing), "nowhere.secret.json");

        var sameIds = ProvisionArgs();
        Replace(sameIds, "--list-key", Key("list-signer-1.public.json"));
        AssertBadInput(Run(sameIds), "key id 1 is already used by a card-issuer key");

        var region = ProvisionArgs();
        Replace(region, "--region", "4201");
        AssertBadInput(Run(region), "--region: expected a 6-digit GB/T 2260 code");

        var terminalId = ProvisionArgs();
        Replace(terminalId, "--terminal-id", "desk/1");
        AssertBadInput(Run(terminalId), "the terminal would refuse this configuration: line 3: terminal_id may hold only letters, digits");

        AssertBadInput(Run(ProvisionArgs("--broker", "mqtts://mqtt.example.cn:70000", "--ca", PathOf("garbage.pem"))), "--broker: port 70000 is out of range (1..65535)");
        AssertBadInput(Run(ProvisionArgs("--broker", "mqtts://mqtt.example.cn")), "mqtts needs --ca");
        AssertBadInput(Run(ProvisionArgs("--broker", "http://mqtt.example.cn")), "--broker: expected mqtts://host[:port]");
        AssertBadInput(Run(ProvisionArgs("--broker", "mqtts://mqtt.example.cn", "--ca", PathOf("garbage.pem"))), "--ca " + PathOf("garbage.pem") + ": not a PEM or DER certificate");
        AssertBadInput(Run(ProvisionArgs("--clock-stale-hours", "0")), "--clock-stale-hours: 0 is out of range (1..8760)");
        AssertBadInput(Run(ProvisionArgs("--client-cert", PathOf("garbage.pem"))), "--client-cert and --client-key go together");
        var profile = ProvisionArgs();
        Replace(profile, "--profile", "spa");
        AssertBadInput(Run(profile), "Argument 'spa' not recognized. Must be one of: 'generic' 'hospital'");
        AssertBadInput(Run(ProvisionArgs("--sequence", "-1")), "--sequence: -1 is out of range");
        Assert.False(File.Exists(PathOf("config/HB420100-0001.config.txt")));
    }

    /// <summary>The host build of the real application, bundled with `firmware bundle` and the firmware-signer key given.</summary>
    private string BundleApplication(string keyFile, ulong version, string name)
    {
        Directory.CreateDirectory(PathOf("app"));
        File.Copy(typeof(Terminal.App.Application).Assembly.Location, PathOf("app/Terminal.App.dll"), overwrite: true);
        var r = Run("firmware", "bundle", "--from", PathOf("app"), "--order", "Terminal.App.dll", "--version", version.ToString(),
            "--hardware", new BootOptions().HardwareId, "--entry", Terminal.App.Application.EntryType, "--key", keyFile,
            "--issued-at", Now.AddDays(-1).ToString("o"), "--out", PathOf(name));
        Assert.True(r.Code == 0, r.Err);
        return PathOf(name);
    }

    [Fact]
    public void A_factory_bundle_is_verified_deployed_beside_the_configuration_and_adopted_by_the_bootstrap_at_the_first_power_on()
    {
        NewKeySet();
        NewKey("firmware-signer", 20);
        string bundlePath = BundleApplication(Key("firmware-signer-20.private.json"), 7, "fw-7.rtfw");
        var r = Run(ProvisionArgs("--firmware-key", Key("firmware-signer-20.public.json"), "--bundle", bundlePath, "--port", "COM5"));
        Assert.True(r.Code == 0, r.Err);

        string configPath = PathOf("config/HB420100-0001.config.txt");
        string slotPath = PathOf("config/fw-a.bin");
        Assert.Equal(File.ReadAllBytes(bundlePath), File.ReadAllBytes(slotPath));
        Assert.Contains("wrote " + slotPath + " (application bundle version 7, 1 assemblies", r.Out);
        var files = JsonNode.Parse(File.ReadAllText(PathOf("config/HB420100-0001.deploy.json")))!["Files"]!.AsArray();
        Assert.Equal(2, files.Count);
        Assert.Equal(@"I:\rp\config.txt", (string?)files[0]!["DestinationFilePath"]);
        Assert.Equal(configPath, (string?)files[0]!["SourceFilePath"]);
        Assert.Equal(@"I:\rp\fw-a.bin", (string?)files[1]!["DestinationFilePath"]);
        Assert.Equal(slotPath, (string?)files[1]!["SourceFilePath"]);

        // The board after nanoff: config.txt and fw-a.bin on I:\rp, no boot state yet. The bootstrap adopts the bundle.
        var rig = new BootRig();
        rig.Flash.WriteAllBytes(ConfigurationStore.ActiveFileName, File.ReadAllBytes(configPath));
        rig.Flash.WriteAllBytes(UpdateSlots.SlotName(0), File.ReadAllBytes(slotPath));
        var host = ApplicationHost.Prepare(rig.Drivers(), rig.Options);
        Assert.NotNull(host.Booted);
        Assert.Equal(BootKind.Active, host.Booted!.Kind);
        Assert.Equal(7UL, host.Booted.Version);
        Assert.Equal(0, host.Booted.Slot);
        Assert.Equal(Terminal.App.Application.EntryType, host.Booted.Manifest.EntryType);
        Assert.Equal(7UL, host.Updates!.State.ActiveVersion);
        Assert.Contains(rig.Log, l => l == "update: booting version 7 from slot 0");
    }

    [Fact]
    public void A_bundle_the_configuration_does_not_trust_is_refused_with_one_line_and_nothing_is_written()
    {
        NewKeySet();
        NewKey("firmware-signer", 20);
        NewKey("firmware-signer", 21);
        string otherKey = Key("firmware-signer-21.private.json");
        string unknown = BundleApplication(otherKey, 7, "fw-unknown.rtfw");
        AssertBadInput(Run(ProvisionArgs("--firmware-key", Key("firmware-signer-20.public.json"), "--bundle", unknown)),
            "--bundle " + unknown + ": bundle: UnknownKey; it is signed by key id 21, which this configuration does not trust");
        AssertBadInput(Run(ProvisionArgs("--bundle", unknown)), "bundle: UnknownKey");

        // Same key id, another key pair: the signature does not verify.
        string impostorDir = PathOf("impostor");
        Assert.Equal(0, Run("keys", "new", "--usage", "firmware-signer", "--id", "20", "--out", impostorDir, "--valid-from", "2026-01-01").Code);
        string forged = BundleApplication(Path.Combine(impostorDir, "firmware-signer-20.private.json"), 7, "fw-forged.rtfw");
        AssertBadInput(Run(ProvisionArgs("--firmware-key", Key("firmware-signer-20.public.json"), "--bundle", forged)), "bundle: BadSignature");

        // One flipped bit in the application assembly.
        string good = BundleApplication(Key("firmware-signer-20.private.json"), 7, "fw-good.rtfw");
        byte[] bytes = File.ReadAllBytes(good);
        bytes[^100] ^= 0x10;
        File.WriteAllBytes(PathOf("fw-flipped.rtfw"), bytes);
        AssertBadInput(Run(ProvisionArgs("--firmware-key", Key("firmware-signer-20.public.json"), "--bundle", PathOf("fw-flipped.rtfw"))), "bundle: HashMismatch");

        Assert.False(File.Exists(PathOf("config/HB420100-0001.config.txt")));
        Assert.False(File.Exists(PathOf("config/fw-a.bin")));
        Assert.False(File.Exists(PathOf("config/HB420100-0001.deploy.json")));
    }
}
