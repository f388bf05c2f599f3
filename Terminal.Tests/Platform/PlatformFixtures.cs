using Terminal.Tools.Platform;

namespace Terminal.Tests.Platform;

/// <summary>Usage events, heartbeats and status reports as the ingest would hand them to a store.</summary>
internal static class PlatformFixtures
{
    public static readonly DateTime Now = new(2026, 12, 6, 4, 0, 0, DateTimeKind.Utc);

    public static StoredUsageEvent Check(string terminal, long seq, DateTime at, string verdict = "VALID", string region = "420100",
        string point = "desk-1", string profile = "hospital", string? permit = "420100000123") =>
        new(region, terminal, seq, at, "TRUSTED", point, profile, permit, permit == null ? null : 1, verdict, 7, "1.0.0");

    public static TerminalReport Status(string terminal, bool online, DateTime received, string region = "420100") =>
        new(TerminalReportKind.Status, region, terminal, received) { Online = online };

    public static TerminalReport Heartbeat(string terminal, DateTime ts, DateTime received, string region = "420100", long list = 7, long listAge = 3600,
        string clock = "TRUSTED") =>
        new(TerminalReportKind.Health, region, terminal, received)
        {
            Health = new HealthDto
            {
                Version = 1, Timestamp = ts, Clock = clock, Queue = 2, Unsent = 1, Lost = 0, ListSequence = list, ListAgeSeconds = listAge, ReadErrors = 0,
                FreeHeap = 80_000, UptimeSeconds = 99, Reconnects = 0, RejectedInbound = 0, Firmware = "1.0.0",
            },
        };

    public static async Task<SqliteUsageStore> NewStoreAsync(string directory)
    {
        var store = new SqliteUsageStore(Path.Combine(directory, "usage.db"));
        await store.InitializeAsync(default);
        return store;
    }
}
