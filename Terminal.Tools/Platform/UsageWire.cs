using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;

namespace Terminal.Tools.Platform;

/// <summary>
/// The platform's System.Text.Json model of the usage wire format. The shape is defined once, by the terminal's
/// writer (Terminal.Core.Reporting.UsageJson); this model is tested to parse that output and to re-serialise it
/// byte-identically, with exactly the same keys.
/// </summary>
public sealed class UsageBatchDto
{
    [JsonPropertyName("v")]
    public required int Version { get; init; }

    [JsonPropertyName("events")]
    public required List<UsageEventDto> Events { get; init; }
}

public sealed class UsageEventDto
{
    /// <summary>"terminalId:sequence".</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("ts")]
    public required DateTime Timestamp { get; init; }

    [JsonPropertyName("clock")]
    public required string Clock { get; init; }

    [JsonPropertyName("point")]
    public required string Point { get; init; }

    [JsonPropertyName("profile")]
    public required string Profile { get; init; }

    /// <summary>Decimal, zero-padded to 12 digits (13 above 999 999 999 999), or null when no permit number was read.</summary>
    [JsonPropertyName("permit")]
    public required string? Permit { get; init; }

    [JsonPropertyName("gen")]
    public required int? Generation { get; init; }

    [JsonPropertyName("verdict")]
    public required string Verdict { get; init; }

    [JsonPropertyName("list")]
    public required long ListSequence { get; init; }

    [JsonPropertyName("fw")]
    public required string Firmware { get; init; }
}

/// <summary>A heartbeat as the platform reads it.</summary>
public sealed class HealthDto
{
    [JsonPropertyName("v")] public required int Version { get; init; }
    [JsonPropertyName("ts")] public required DateTime Timestamp { get; init; }
    [JsonPropertyName("clock")] public required string Clock { get; init; }
    [JsonPropertyName("queue")] public required long Queue { get; init; }
    [JsonPropertyName("unsent")] public required long Unsent { get; init; }
    [JsonPropertyName("lost")] public required long Lost { get; init; }
    [JsonPropertyName("list")] public required long ListSequence { get; init; }
    [JsonPropertyName("list_age_s")] public required long ListAgeSeconds { get; init; }
    [JsonPropertyName("read_errors")] public required long ReadErrors { get; init; }
    [JsonPropertyName("free_heap")] public required long FreeHeap { get; init; }
    [JsonPropertyName("uptime_s")] public required long UptimeSeconds { get; init; }
    [JsonPropertyName("reconnects")] public required long Reconnects { get; init; }
    [JsonPropertyName("rejected_inbound")] public required long RejectedInbound { get; init; }
    [JsonPropertyName("fw")] public required string Firmware { get; init; }
}

/// <summary>One validated usage event as stored by the platform.</summary>
public sealed record StoredUsageEvent(string Region, string Terminal, long Sequence, DateTime Timestamp, string Clock, string Point, string Profile,
    string? Permit, int? Generation, string Verdict, long ListSequence, string Firmware);

public static class UsageWire
{
    /// <summary>Strict: unknown keys are an error, like missing ones.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static byte[] Serialize(UsageBatchDto batch) => JsonSerializer.SerializeToUtf8Bytes(batch, Options);

    public static byte[] Serialize(HealthDto health) => JsonSerializer.SerializeToUtf8Bytes(health, Options);

    /// <summary>
    /// Parses and validates a usage batch published on rp/v1/{region}/{terminal}/usage. Events whose id names another
    /// terminal than the topic, or with any field out of its domain, are rejected (counted), the rest kept.
    /// Returns false when the payload is not a batch at all.
    /// </summary>
    public static bool TryParseBatch(string topic, ReadOnlySpan<byte> payload, List<StoredUsageEvent> into, out int rejectedEvents)
    {
        rejectedEvents = 0;
        if (!TryParseTopic(topic, out var region, out var topicTerminal, out var kind) || kind != "usage")
        {
            return false;
        }

        UsageBatchDto? batch;
        try
        {
            batch = JsonSerializer.Deserialize<UsageBatchDto>(payload, Options);
        }
        catch (JsonException)
        {
            return false;
        }

        if (batch == null || batch.Version != UsageJson.WireVersion || batch.Events == null)
        {
            return false;
        }

        foreach (var e in batch.Events)
        {
            if (e == null || !TryValidate(e, region, topicTerminal, out var stored))
            {
                rejectedEvents++;
                continue;
            }

            into.Add(stored);
        }

        return true;
    }

    /// <summary>
    /// Splits rp/v1/{region}/{terminal}/{kind} (kind may have two levels, as in firmware/status); false for any other
    /// topic or an invalid region or terminal token.
    /// </summary>
    public static bool TryParseTopic(string topic, out string region, out string terminal, out string kind)
    {
        region = terminal = kind = "";
        var parts = topic.Split('/', 5);
        if (parts.Length != 5 || parts[0] != "rp" || parts[1] != "v1" || !ReportingTokens.IsValid(parts[2]) || !ReportingTokens.IsValid(parts[3]))
        {
            return false;
        }

        (region, terminal, kind) = (parts[2], parts[3], parts[4]);
        return true;
    }

    private static bool TryValidate(UsageEventDto e, string region, string topicTerminal, out StoredUsageEvent stored)
    {
        stored = null!;
        int colon = e.Id.LastIndexOf(':');
        if (colon <= 0 || !long.TryParse(e.Id.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long sequence) || sequence < 1)
        {
            return false;
        }

        string terminal = e.Id[..colon];
        bool permitOk = e.Permit == null ? e.Generation == null
            : e.Permit.Length is 12 or 13 && e.Permit.All(char.IsAsciiDigit) && long.Parse(e.Permit, CultureInfo.InvariantCulture) <= UsageEvent.MaxPermitNumber
              && (e.Permit.Length == 12 || e.Permit[0] != '0') && e.Generation is >= 0 and <= 15;
        if (terminal != topicTerminal || !permitOk || e.Timestamp.Kind != DateTimeKind.Utc || UsageJson.ClockOf(e.Clock) < 0
            || !ReportingTokens.IsValid(e.Point) || !ReportingTokens.IsValid(e.Profile) || !ReportingTokens.IsValid(e.Firmware)
            || VerdictCodes.CodeOf(e.Verdict) < 0 || e.ListSequence < 0)
        {
            return false;
        }

        stored = new StoredUsageEvent(region, terminal, sequence, e.Timestamp, e.Clock, e.Point, e.Profile, e.Permit, e.Generation, e.Verdict,
            e.ListSequence, e.Firmware);
        return true;
    }
}
