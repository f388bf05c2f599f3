using System.Text;
using System.Text.Json;
using Terminal.Core.Reporting;

namespace Terminal.Tools.Platform;

/// <summary>What a message (or a batch of checks) says about one terminal's state, for the fleet view.</summary>
public enum TerminalReportKind
{
    /// <summary>rp/v1/{region}/{terminal}/status: "online" / "offline" (retained; "offline" is also the Last Will).</summary>
    Status,

    /// <summary>rp/v1/{region}/{terminal}/health: a heartbeat.</summary>
    Health,

    /// <summary>rp/v1/{region}/{terminal}/firmware/status: running version, trial, download state (retained).</summary>
    Firmware,

    /// <summary>The newest check of a usage batch: where the terminal stands and which profile it runs.</summary>
    Checks,
}

/// <summary>
/// One fact about a terminal, as the store keeps it in the terminals table. <see cref="ReceivedAt"/> is the platform's
/// clock (orders status changes; tells a terminal's clock from the truth); the other times are the terminal's own.
/// </summary>
public sealed record TerminalReport(TerminalReportKind Kind, string Region, string Terminal, DateTime ReceivedAt)
{
    public bool Online { get; init; }

    public HealthDto? Health { get; init; }

    /// <summary>The firmware status line, e.g. "running=3;trial=1;state=idle".</summary>
    public string? FirmwareStatus { get; init; }

    public StoredUsageEvent? LatestCheck { get; init; }
}

public static class TerminalReports
{
    /// <summary>Longest firmware status line accepted (the terminal's are well under 100 characters).</summary>
    public const int MaxFirmwareStatusLength = 200;

    /// <summary>Topic filters (after rp/v1/{region}/+/) the ingest follows besides usage.</summary>
    public static readonly string[] StateKinds = ["status", "health", "firmware/status"];

    /// <summary>
    /// Parses a status, heartbeat or firmware-status message. False (and nothing stored) for any other topic, a
    /// malformed payload, or a cleared retained message (empty payload).
    /// </summary>
    public static bool TryParse(string topic, ReadOnlySpan<byte> payload, DateTime receivedAt, out TerminalReport report)
    {
        report = null!;
        if (!UsageWire.TryParseTopic(topic, out var region, out var terminal, out var kind) || payload.Length == 0)
        {
            return false;
        }

        switch (kind)
        {
            case "status":
                bool online = payload.SequenceEqual("online"u8);
                if (!online && !payload.SequenceEqual("offline"u8))
                {
                    return false;
                }

                report = new TerminalReport(TerminalReportKind.Status, region, terminal, receivedAt) { Online = online };
                return true;
            case "health":
                HealthDto? health;
                try
                {
                    health = JsonSerializer.Deserialize<HealthDto>(payload, UsageWire.Options);
                }
                catch (JsonException)
                {
                    return false;
                }

                if (health == null || health.Version != UsageJson.WireVersion || health.Timestamp.Kind != DateTimeKind.Utc
                    || UsageJson.ClockOf(health.Clock) < 0 || !ReportingTokens.IsValid(health.Firmware) || health.ListSequence < 0 || health.ListAgeSeconds < -1)
                {
                    return false;
                }

                report = new TerminalReport(TerminalReportKind.Health, region, terminal, receivedAt) { Health = health };
                return true;
            case "firmware/status":
                if (payload.Length > MaxFirmwareStatusLength)
                {
                    return false;
                }

                foreach (byte b in payload)
                {
                    if (b < 0x20 || b > 0x7E)
                    {
                        return false;
                    }
                }

                report = new TerminalReport(TerminalReportKind.Firmware, region, terminal, receivedAt) { FirmwareStatus = Encoding.ASCII.GetString(payload) };
                return true;
            default:
                return false;
        }
    }

    /// <summary>One <see cref="TerminalReportKind.Checks"/> report per terminal: its newest check in these events.</summary>
    public static IEnumerable<TerminalReport> LatestChecks(IEnumerable<StoredUsageEvent> events, DateTime receivedAt) =>
        events.GroupBy(e => e.Terminal)
            .Select(g => g.MaxBy(e => (e.Timestamp, e.Sequence))!)
            .Select(e => new TerminalReport(TerminalReportKind.Checks, e.Region, e.Terminal, receivedAt) { LatestCheck = e });

    /// <summary>The value of one key in a firmware status line ("running=3;trial=1;state=idle"), or null.</summary>
    public static string? FirmwareField(string? status, string key)
    {
        if (status == null)
        {
            return null;
        }

        foreach (var part in status.Split(';'))
        {
            int eq = part.IndexOf('=');
            if (eq > 0 && part.AsSpan(0, eq).SequenceEqual(key))
            {
                return part[(eq + 1)..];
            }
        }

        return null;
    }
}
