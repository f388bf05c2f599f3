using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;
using Terminal.Tools.Platform;

namespace Terminal.Tests.Reporting;

/// <summary>
/// One payload shape: the terminal's portable writer (what the device sends) and the platform's System.Text.Json model
/// read and write the same bytes, and carry exactly the allowed keys — no name, citizen ID number or address (第二十条).
/// </summary>
public sealed class UsageWireTests
{
    private const string TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";

    private static readonly Gen<string> Tokens =
        Gen.Select(Gen.Char["abcXYZ019"], Gen.String[Gen.Char[TokenChars], 0, ReportingTokens.MaxLength - 1]).Select((first, rest) => first + rest);

    private static readonly Gen<(string, long, long, int, string, string)> Heads =
        Gen.Select(Tokens, Gen.Long[1, long.MaxValue], Gen.Long[0, UsageEvent.MaxUnixSeconds], Gen.Int[0, 2], Tokens, Tokens);

    private static readonly Gen<(bool, long, int, int, long, string)> Tails =
        Gen.Select(Gen.Bool, Gen.Long[0, UsageEvent.MaxPermitNumber], Gen.Int[0, 15], Gen.Int[0, VerdictCodes.CodeCount - 1], Gen.Long[0, long.MaxValue], Tokens);

    private static readonly Gen<UsageEvent> Events = Gen.Select(Heads, Tails, (h, t) => new UsageEvent
    {
        TerminalId = h.Item1, Sequence = h.Item2, UnixSeconds = h.Item3, Clock = (ClockTrust)h.Item4, ServicePoint = h.Item5, Profile = h.Item6,
        HasPermit = t.Item1, PermitNumber = t.Item1 ? t.Item2 : 0, Generation = t.Item1 ? t.Item3 : 0, Verdict = (VerdictCode)t.Item4,
        ListSequence = t.Item5, Firmware = t.Item6,
    });

    private static byte[] DeviceBatch(params UsageEvent[] events)
    {
        var writer = new AsciiJsonWriter(ReportingSession.BatchBufferBytes(events.Length));
        Assert.True(UsageJson.WriteBatch(writer, events, 0, events.Length));
        return writer.Buffer.AsSpan(0, writer.Length).ToArray();
    }

    [Fact]
    public void The_platform_model_re_serialises_the_device_batch_byte_for_byte() =>
        Events.Array[1, 6].Sample(events =>
        {
            var bytes = DeviceBatch(events);
            var dto = JsonSerializer.Deserialize<UsageBatchDto>(bytes, UsageWire.Options)!;
            return UsageWire.Serialize(dto).AsSpan().SequenceEqual(bytes);
        }, iter: 3000);

    [Fact]
    public void Every_generated_event_passes_the_platforms_validation_with_its_values_intact() =>
        Events.Sample(e =>
        {
            var stored = new List<StoredUsageEvent>();
            bool ok = UsageWire.TryParseBatch("rp/v1/420100/" + e.TerminalId + "/usage", DeviceBatch(e), stored, out int rejected);
            var s = stored.Single();
            return ok && rejected == 0 && s.Terminal == e.TerminalId && s.Sequence == e.Sequence
                && s.Timestamp == DateTime.UnixEpoch.AddSeconds(e.UnixSeconds) && s.Clock == UsageJson.ClockName(e.Clock)
                && s.Point == e.ServicePoint && s.Profile == e.Profile && s.Verdict == VerdictCodes.Name(e.Verdict)
                && s.ListSequence == e.ListSequence && s.Firmware == e.Firmware
                && (e.HasPermit ? s.Permit == e.PermitNumber.ToString("D12") && s.Generation == e.Generation : s.Permit == null && s.Generation == null);
        }, iter: 3000);

    [Fact]
    public void The_canonical_event_looks_like_the_documented_example()
    {
        var e = new UsageEvent
        {
            TerminalId = "HB-WH-0001", Sequence = 42, UnixSeconds = 1_779_264_930, Clock = ClockTrust.Trusted, ServicePoint = "wh-union-desk-01",
            Profile = "hospital", HasPermit = true, PermitNumber = 420_100_000_123, Generation = 2, Verdict = VerdictCode.Valid, ListSequence = 1234,
            Firmware = "1.0.0",
        };
        Assert.Equal(
            """{"v":1,"events":[{"id":"HB-WH-0001:42","ts":"2026-05-20T08:15:30Z","clock":"TRUSTED","point":"wh-union-desk-01","profile":"hospital","permit":"420100000123","gen":2,"verdict":"VALID","list":1234,"fw":"1.0.0"}]}""",
            Encoding.ASCII.GetString(DeviceBatch(e)));
        var unread = new UsageEvent();
        unread.CopyFrom(e);
        unread.HasPermit = false;
        unread.Verdict = VerdictCode.Unreadable;
        Assert.Contains("\"permit\":null,\"gen\":null,\"verdict\":\"UNREADABLE\"", Encoding.ASCII.GetString(DeviceBatch(unread)));
    }

    [Fact]
    public void An_event_carries_exactly_the_allowed_keys_and_no_personal_data()
    {
        // 第二十条: the platform learns which permit instance was checked where and with what result — nothing about the person.
        string[] allowed = ["id", "ts", "clock", "point", "profile", "permit", "gen", "verdict", "list", "fw"];
        Assert.Equal(allowed, UsageJson.EventKeys);
        var json = JsonDocument.Parse(DeviceBatch(UsageEvents.Make(3), UsageEvents.Make(4))).RootElement;
        Assert.Equal(["v", "events"], json.EnumerateObject().Select(p => p.Name));
        foreach (var e in json.GetProperty("events").EnumerateArray())
        {
            Assert.Equal(allowed, e.EnumerateObject().Select(p => p.Name));
        }

        // The platform's model cannot hold more either, and refuses unknown keys.
        var modelKeys = typeof(UsageEventDto).GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name);
        Assert.Equal(allowed, modelKeys);
        var withName = Encoding.UTF8.GetBytes(Encoding.ASCII.GetString(DeviceBatch(UsageEvents.Make(1))).Replace("\"fw\":", "\"name\":\"张三\",\"fw\":"));
        Assert.False(UsageWire.TryParseBatch("rp/v1/420100/HB-WH-0001/usage", withName, new List<StoredUsageEvent>(), out _));
    }

    [Fact]
    public void The_largest_possible_event_fits_the_declared_bound()
    {
        string max = new('x', ReportingTokens.MaxLength);
        var e = new UsageEvent
        {
            TerminalId = max, Sequence = long.MaxValue, UnixSeconds = UsageEvent.MaxUnixSeconds, Clock = ClockTrust.Untrusted, ServicePoint = max,
            Profile = max, HasPermit = true, PermitNumber = UsageEvent.MaxPermitNumber, Generation = 15, Verdict = VerdictCode.ValidEndorsementDueSoon,
            ListSequence = long.MaxValue, Firmware = max,
        };
        Assert.True(e.IsValid());
        var writer = new AsciiJsonWriter(1024);
        writer.Reset();
        UsageJson.WriteEvent(writer, e);
        Assert.InRange(writer.Length, 300, UsageJson.MaxEventBytes);
        var full = new UsageEvent[10];
        Array.Fill(full, e);
        Assert.True(UsageJson.WriteBatch(new AsciiJsonWriter(ReportingSession.BatchBufferBytes(10)), full, 0, 10));
    }

    [Fact]
    public void Characters_outside_the_token_set_never_break_the_json()
    {
        var e = UsageEvents.Make(1);
        e.ServicePoint = "desk \"7\"\\\n湖北";
        var json = JsonDocument.Parse(DeviceBatch(e)).RootElement.GetProperty("events")[0];
        Assert.Equal("desk__7____", json.GetProperty("point").GetString()![..11]);
    }

    [Fact]
    public void The_platform_rejects_events_that_name_another_terminal_or_leave_their_domain()
    {
        var good = Encoding.ASCII.GetString(DeviceBatch(UsageEvents.Make(2, "T1")));
        var stored = new List<StoredUsageEvent>();
        Assert.True(UsageWire.TryParseBatch("rp/v1/420100/T2/usage", Encoding.ASCII.GetBytes(good), stored, out int rejected));
        Assert.Equal((0, 1), (stored.Count, rejected)); // a terminal cannot report for another

        foreach (var (from, to) in new[] { ("\"gen\":2", "\"gen\":16"), ("\"clock\":\"UNTRUSTED\"", "\"clock\":\"MAYBE\""), ("\"verdict\":\"SUSPENDED_RESTORABLE\"", "\"verdict\":\"OK\""), ("\"gen\":2", "\"gen\":null") })
        {
            Assert.Contains(from, good);
            stored.Clear();
            Assert.True(UsageWire.TryParseBatch("rp/v1/420100/T1/usage", Encoding.ASCII.GetBytes(good.Replace(from, to)), stored, out rejected));
            Assert.Equal((0, 1), (stored.Count, rejected));
        }

        Assert.False(UsageWire.TryParseBatch("rp/v1/420100/T1/usage", "{\"v\":2,\"events\":[]}"u8, stored, out _));
        Assert.False(UsageWire.TryParseBatch("rp/v1/420100/T1/usage", "not json"u8, stored, out _));
        Assert.False(UsageWire.TryParseBatch("rp/v1/420100/T1/usage/x", Encoding.ASCII.GetBytes(good), stored, out _));
    }

    [Fact]
    public void The_heartbeat_shape_is_shared_too()
    {
        var h = new HealthSnapshot
        {
            UnixSeconds = 1_780_000_000, Clock = ClockTrust.Stale, QueueDepth = 12, Unsent = 3, LostEvents = 1, ListSequence = 1234, ListAgeSeconds = 7200,
            ReadErrors = 5, FreeHeapBytes = 81_000, UptimeSeconds = 99, Reconnects = 2, RejectedInbound = 4, Firmware = "1.0.0",
        };
        var writer = new AsciiJsonWriter(512);
        Assert.True(UsageJson.WriteHealth(writer, h));
        var bytes = writer.Buffer.AsSpan(0, writer.Length).ToArray();
        var dto = JsonSerializer.Deserialize<HealthDto>(bytes, UsageWire.Options)!;
        Assert.Equal(bytes, UsageWire.Serialize(dto));
        Assert.Equal(UsageJson.HealthKeys, JsonDocument.Parse(bytes).RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal((12, 81_000, "STALE"), (dto.Queue, dto.FreeHeap, dto.Clock));
    }
}
