using Terminal.Core.Binary;
using System.Text;
using CsCheck;
using Terminal.Core.Configuration;
using Terminal.Core.Rules;
using Terminal.Core.Text;
using Terminal.Tools.Provisioning;

namespace Terminal.Tests.Configuration;

public sealed class DeviceConfigurationTests
{
    internal static DeviceSettings Settings(string profile = "hospital") => new()
    {
        TerminalId = "HB420100-0001",
        Region = "420100",
        ServicePoint = "武汉市第一医院门诊",
        Profile = profile,
        WifiSsid = "desk-wifi",
        WifiPassword = "p@ss=word;with,chars",
        BrokerHost = "mqtt.example.test",
        CaCertificateDer = [0x30, 0x82, 0x01, 0x0A],
        MqttUsername = "HB420100-0001",
        MqttPassword = "secret",
        Keys =
        [
            new("card-issuer", 1, new byte[32], new DateOnly(2024, 1, 1), new DateOnly(2035, 12, 31)),
            new("list-signer", 2, Enumerable.Repeat((byte)7, 32).ToArray(), new DateOnly(2024, 1, 1), new DateOnly(2035, 12, 31)),
            new("regional-mac", 1, Enumerable.Repeat((byte)9, 32).ToArray(), new DateOnly(2024, 1, 1), new DateOnly(2035, 12, 31)),
        ],
        SectorReadMaster = Enumerable.Repeat((byte)3, 32).ToArray(),
    };

    private static (bool Ok, DeviceConfiguration Config, ConfigError Error) Parse(byte[] bytes)
    {
        var config = new DeviceConfiguration();
        var error = new ConfigError();
        return (DeviceConfigurationParser.Parse(bytes, bytes.Length, config, error), config, error);
    }

    /// <summary>Re-seals a hand-edited configuration text with a correct crc32 line.</summary>
    private static byte[] Seal(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return [.. bytes, .. Encoding.ASCII.GetBytes($"crc32={Terminal.Core.Binary.Crc32.Compute(bytes, 0, bytes.Length):x8}\n")];
    }

    private static string Body(DeviceSettings settings)
    {
        var text = Encoding.UTF8.GetString(DeviceConfigurationText.Write(settings));
        return text[..text.LastIndexOf("crc32=", StringComparison.Ordinal)];
    }

    [Fact]
    public void Provisioned_configuration_parses_back_to_the_same_settings()
    {
        var (ok, config, error) = Parse(DeviceConfigurationText.Write(Settings()));
        Assert.True(ok, error.ToString());
        Assert.Equal("HB420100-0001", config.TerminalId);
        Assert.Equal("武汉市第一医院门诊", config.ServicePoint);
        Assert.Equal("p@ss=word;with,chars", config.WifiPassword);
        Assert.Equal(3, config.Keys.Count);
        Assert.Equal("hospital", config.Policy.Name);
        Assert.True(config.Policy.Accepts(VerdictCode.SuspendedRestorable));
        Assert.Equal(new byte[] { 0x30, 0x82, 0x01, 0x0A }, config.CaCertificate);
    }

    [Fact]
    public void A_profile_defined_in_the_file_overrides_the_default_of_the_same_name()
    {
        var settings = Settings("hospital") with { ProfileDefinitions = ["name=hospital;accept=VALID;stale_list=refuse"] };
        var (ok, config, _) = Parse(DeviceConfigurationText.Write(settings));
        Assert.True(ok);
        Assert.False(config.Policy.Accepts(VerdictCode.SuspendedRestorable));
    }

    [Fact]
    public void Every_truncation_is_refused_as_torn()
    {
        var bytes = DeviceConfigurationText.Write(Settings());
        for (int length = 1; length < bytes.Length - 1; length++)
        {
            var (ok, _, error) = Parse(bytes[..length]);
            Assert.False(ok);
            Assert.Contains("crc32", error.Message);
        }
    }

    [Theory]
    [InlineData("region=4201", "region must be a 6-digit")]
    [InlineData("broker_port=70000", "broker_port must be a whole number")]
    [InlineData("colour=blue", "unknown setting 'colour'")]
    [InlineData("just text", "expected key=value")]
    [InlineData("key=card-issuer,9,AAAA,2024-01-01,2030-01-01", "key must be 32 bytes")]
    [InlineData("key=door-opener,9,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,2024-01-01,2030-01-01", "unknown key usage")]
    [InlineData("key=card-issuer,1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,2024-01-01,2030-01-01", "duplicate card-issuer key id 1")]
    [InlineData("key=card-issuer,5,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,2024-02-30,2030-01-01", "YYYY-MM-DD")]
    [InlineData("sector_read_master=!!!", "not valid base64")]
    [InlineData("profile_def=accept=VALID", "profile has no name")]
    [InlineData("terminal_id=a/b", "MQTT topic level")]
    public void A_bad_line_is_refused_with_its_line_number_and_reason(string badLine, string reason)
    {
        var lines = Body(Settings()).TrimEnd('\n').Split('\n').ToList();
        lines.Add(badLine);
        var (ok, _, error) = Parse(Seal(string.Join('\n', lines) + "\n"));
        Assert.False(ok);
        Assert.Equal(lines.Count, error.Line);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("card-issuer", "no card-issuer key")]
    [InlineData("regional-mac", "no regional-mac key")]
    [InlineData("list-signer", "no list-signer key")]
    public void Missing_keys_are_refused(string usage, string reason)
    {
        var settings = Settings() with { Keys = Settings().Keys.Where(k => k.Usage != usage).ToList() };
        var (ok, _, error) = Parse(DeviceConfigurationText.Write(settings));
        Assert.False(ok);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void An_unknown_profile_is_refused() =>
        Assert.Contains("neither defined here nor a default", Parse(DeviceConfigurationText.Write(Settings("spa"))).Error.Message);

    [Fact]
    public void Tls_without_a_pinned_ca_is_refused() =>
        Assert.Contains("ca_cert", Parse(DeviceConfigurationText.Write(Settings() with { CaCertificateDer = null })).Error.Message);

    [Fact]
    public void The_first_setting_must_name_the_format() =>
        Assert.Contains("format=", Parse(Seal("terminal_id=x\nformat=rp-device-config/1\n")).Error.Message);

    [Fact]
    public void Random_bytes_never_throw() =>
        Gen.Byte.Array[0, 400].Sample(bytes =>
        {
            var (ok, _, error) = Parse(bytes.Length == 0 ? [0] : bytes);
            return !ok && error.Message.Length > 0;
        }, iter: 20000);

    [Fact]
    public void Utf8_decoder_matches_the_host_on_valid_text_and_rejects_malformed_sequences()
    {
        var text = "居住证 ✓ 𝄞 abc";
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Equal(text, Utf8.Decode(bytes, 0, bytes.Length));
        Assert.Null(Utf8.Decode([0xC0, 0x80], 0, 2));        // overlong NUL
        Assert.Null(Utf8.Decode([0xED, 0xA0, 0x80], 0, 3));  // surrogate
        Assert.Null(Utf8.Decode([0xE5, 0xB1], 0, 2));        // truncated
        Assert.Null(Utf8.Decode([0xFF], 0, 1));
    }
}
