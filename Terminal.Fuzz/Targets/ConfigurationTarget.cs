using Terminal.Core.App;
using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Tools.Provisioning;

namespace Terminal.Fuzz.Targets;

/// <summary>
/// The device configuration file (<see cref="DeviceConfigurationParser"/>), as read at boot, then the key ring built
/// from it the way TerminalCore builds it. Each input runs as given and with its crc32 line recomputed, so that
/// mutations reach the key=value parser instead of stopping at the checksum.
/// </summary>
public sealed class ConfigurationTarget : IFuzzTarget
{
    public string Name => "config";

    public string Description => "device configuration parser (rp-device-config/1) and the key ring built from it";

    public IReadOnlyList<int> FieldOffsets { get; } = [];

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[] data = input.ToArray();
        Parse(data);
        if (data.Length <= DeviceConfigurationParser.MaxLength)
        {
            Parse(Fixups.SealConfiguration(data));
        }
    }

    /// <summary>Parses and, if accepted, builds the trusted key ring. Public so the MQTT harness's sink shares it.</summary>
    public static bool Parse(byte[] data)
    {
        var config = new DeviceConfiguration();
        if (!DeviceConfigurationParser.Parse(data, data.Length, config, new ConfigError()))
        {
            return false;
        }

        ConfiguredKeys.BuildKeyRing(config, new ConfigError()); // duplicate ids are a refusal, never an exception
        return true;
    }

    public IReadOnlyList<(string Name, byte[] Data)> Seeds()
    {
        var minimal = Settings();
        var full = Settings() with
        {
            ServicePoint = "wh-union-desk-01",
            ProfileDefinitions = ["name=clinic;accept=VALID,SUSPENDED_RESTORABLE;due_soon_days=14;stale_list=warn;stale_clock=refuse;service=第二十二条(八)"],
            Profile = "clinic",
            WifiSsid = "hospital-staff",
            WifiPassword = "pa55=word;#",
            BrokerHost = "mqtt.example.cn",
            CaCertificateDer = Enumerable.Range(0, 40).Select(i => (byte)i).ToArray(),
            MqttUsername = "HB420100-0001",
            MqttPassword = "secret",
            ClockStaleAfterHours = 24,
            Sequence = 7,
        };
        byte[] valid = DeviceConfigurationText.Write(minimal);
        return
        [
            ("minimal", valid),
            ("full", DeviceConfigurationText.Write(full)),
            ("truncated", valid[..(valid.Length / 2)]),
            ("crlf", Fixups.SealConfiguration(System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(valid).Replace("\n", "\r\n")))),
            ("no-tls", DeviceConfigurationText.Write(minimal with { BrokerTls = false, BrokerHost = "10.0.0.2", BrokerPort = 1883 })),
        ];
    }

    public static DeviceSettings Settings() => new()
    {
        TerminalId = "HB420100-0001",
        Region = "420100",
        Profile = "hospital",
        BrokerTls = false,
        SectorReadMaster = FuzzKeys.SectorReadMaster,
        Keys =
        [
            new ConfigKey("card-issuer", (int)FuzzKeys.IssuerKeyId, FuzzKeys.IssuerPublic, new DateOnly(2025, 1, 1), new DateOnly(2030, 12, 31)),
            new ConfigKey("list-signer", (int)FuzzKeys.ListKeyId, FuzzKeys.ListPublic, new DateOnly(2025, 1, 1), new DateOnly(2030, 12, 31)),
            new ConfigKey("regional-mac", FuzzKeys.MacKeyId, FuzzKeys.RegionalMac, new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31)),
        ],
    };
}
