using Terminal.Tools.Platform;
using Terminal.Tools.Platform.Operator;

namespace Terminal.Tests.Interop;

/// <summary>The operator view's SQL on PostgreSQL (the default suite runs it on SQLite): same answers from the same data.</summary>
public sealed class PostgresOperatorQueriesTests
{
    [Fact]
    public async Task The_terminals_table_scoped_queries_beijing_days_and_accounts_work_on_postgresql()
    {
        using var cluster = await PostgresCluster.StartAsync();
        await using var store = new PostgresUsageStore(cluster.ConnectionString);
        await store.InitializeAsync(default);
        var beforeMidnight = new DateTime(2026, 12, 5, 15, 59, 59, DateTimeKind.Utc); // 23:59:59 in Beijing
        StoredUsageEvent Check(string terminal, long seq, DateTime at, string verdict, string region, string point) =>
            new(region, terminal, seq, at, "TRUSTED", point, "hospital", "420100000001", 1, verdict, 7, "1.0.0");
        var events = new List<StoredUsageEvent>
        {
            Check("W1", 1, beforeMidnight, "VALID", "420100", "desk-1"), Check("W1", 2, beforeMidnight.AddSeconds(1), "FORGERY_ALERT", "420100", "desk-1"),
            Check("Y1", 1, beforeMidnight, "VALID", "420500", "yichang-desk"),
        };
        var received = DateTime.UtcNow;
        var reports = new List<TerminalReport>
        {
            new(TerminalReportKind.Status, "420100", "W1", received) { Online = true },
            new(TerminalReportKind.Status, "420100", "W1", received.AddSeconds(-1)) { Online = false }, // older: ignored
            new(TerminalReportKind.Firmware, "420100", "W1", received) { FirmwareStatus = "running=6;trial=1;state=idle" },
        };
        reports.AddRange(TerminalReports.LatestChecks(events, received));
        Assert.Equal(3, await store.StoreAsync(events, reports, default));
        Assert.Equal(0, await store.StoreAsync(events, [], default));

        var queries = new OperatorQueries(store.Database);
        var wuhan = new OperatorScope("420100");
        var w1 = Assert.Single(await queries.FleetAsync(wuhan, 10, default));
        Assert.Equal(("W1", "online", 2L, "6", "trial", "desk-1"), (w1.Terminal, w1.Status, w1.Checks, w1.RunningVersion, w1.TrialState, w1.Point));
        Assert.Null(await queries.TerminalAsync(wuhan, "Y1", default));
        Assert.Equal([2L, 1L], (await queries.RecentChecksAsync(wuhan, "W1", 10, default)).Select(c => c.Sequence));
        Assert.Equal(["FORGERY_ALERT"], (await queries.AlertChecksAsync(wuhan, beforeMidnight.AddDays(-1), default)).Select(c => c.Verdict));
        var days = await queries.UsagePerPointAndDayAsync(new OperatorScope(OperatorScope.Province), beforeMidnight.AddDays(-1), default);
        Assert.Equal([("desk-1", "2026-12-05", 1L), ("yichang-desk", "2026-12-05", 1L), ("desk-1", "2026-12-06", 1L)], days.Select(d => (d.Point, d.Day, d.Count)));

        var accounts = new OperatorAccounts(store.Database);
        await accounts.SetAsync("wuhan", "420100", "a long passphrase here", default);
        Assert.Equal("420100", (await accounts.VerifyAsync("wuhan", "a long passphrase here", default))!.Region);
        Assert.Null(await accounts.VerifyAsync("wuhan", "a long passphrase herE", default));
    }
}
