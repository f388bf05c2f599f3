using System.Text;
using Terminal.Core.Binary;

namespace Terminal.Tools.Provisioning;

/// <summary>A key line of the device configuration: usage,id,base64,valid-from,valid-until.</summary>
public sealed record ConfigKey(string Usage, int Id, byte[] Key, DateOnly ValidFrom, DateOnly ValidUntil);

/// <summary>Inputs of `device provision`; written as the text the firmware's DeviceConfigurationParser reads.</summary>
public sealed record DeviceSettings
{
    public required string TerminalId { get; init; }
    public required string Region { get; init; }
    public string ServicePoint { get; init; } = "";
    public required string Profile { get; init; }
    public IReadOnlyList<string> ProfileDefinitions { get; init; } = [];
    public string WifiSsid { get; init; } = "";
    public string WifiPassword { get; init; } = "";
    public string BrokerHost { get; init; } = "";
    public int BrokerPort { get; init; } = 8883;
    public bool BrokerTls { get; init; } = true;
    public byte[]? CaCertificateDer { get; init; }
    public byte[]? ClientCertificate { get; init; }
    public byte[]? ClientKey { get; init; }
    public string MqttUsername { get; init; } = "";
    public string MqttPassword { get; init; } = "";
    public required IReadOnlyList<ConfigKey> Keys { get; init; }
    public required byte[] SectorReadMaster { get; init; }
    public int ClockStaleAfterHours { get; init; } = 72;
    /// <summary>Seconds a verdict stays on the clerk's display (written only when not the default).</summary>
    public int DisplayIdleSeconds { get; init; } = Terminal.Core.Configuration.DeviceConfiguration.DefaultDisplayIdleSeconds;
    public int Sequence { get; init; } = 1;
    /// <summary>Run the self-test at every boot (written only when true).</summary>
    public bool SelfTest { get; init; }
}

public static class DeviceConfigurationText
{
    /// <summary>UTF-8 bytes of the configuration, ending with the crc32 line over everything before it.</summary>
    public static byte[] Write(DeviceSettings s)
    {
        var text = new StringBuilder();
        void Line(string key, string value)
        {
            if (value.Contains('\n') || value.Contains('\r'))
            {
                throw new ArgumentException($"{key} must be a single line");
            }

            text.Append(key).Append('=').Append(value).Append('\n');
        }

        text.Append("# ResidenceTerminal device configuration: written by `Terminal.Tools device provision`. Holds secrets.\n");
        Line("format", "rp-device-config/1");
        Line("terminal_id", s.TerminalId);
        Line("region", s.Region);
        Line("service_point", s.ServicePoint);
        Line("profile", s.Profile);
        foreach (var definition in s.ProfileDefinitions)
        {
            Line("profile_def", definition);
        }

        Line("wifi_ssid", s.WifiSsid);
        Line("wifi_password", s.WifiPassword);
        Line("broker_host", s.BrokerHost);
        Line("broker_port", s.BrokerPort.ToString());
        Line("broker_tls", s.BrokerTls ? "true" : "false");
        if (s.CaCertificateDer is not null) Line("ca_cert", Convert.ToBase64String(s.CaCertificateDer));
        if (s.ClientCertificate is not null) Line("client_cert", Convert.ToBase64String(s.ClientCertificate));
        if (s.ClientKey is not null) Line("client_key", Convert.ToBase64String(s.ClientKey));
        Line("mqtt_username", s.MqttUsername);
        Line("mqtt_password", s.MqttPassword);
        foreach (var k in s.Keys)
        {
            Line("key", $"{k.Usage},{k.Id},{Convert.ToBase64String(k.Key)},{k.ValidFrom:yyyy-MM-dd},{k.ValidUntil:yyyy-MM-dd}");
        }

        Line("sector_read_master", Convert.ToBase64String(s.SectorReadMaster));
        Line("clock_stale_after_hours", s.ClockStaleAfterHours.ToString());
        if (s.DisplayIdleSeconds != Terminal.Core.Configuration.DeviceConfiguration.DefaultDisplayIdleSeconds)
        {
            Line("display_idle_seconds", s.DisplayIdleSeconds.ToString());
        }

        Line("sequence", s.Sequence.ToString());
        if (s.SelfTest)
        {
            Line("self_test", "true");
        }

        var body = Encoding.UTF8.GetBytes(text.ToString());
        var crc = Crc32.Compute(body, 0, body.Length);
        return [.. body, .. Encoding.ASCII.GetBytes($"crc32={crc:x8}\n")];
    }
}
