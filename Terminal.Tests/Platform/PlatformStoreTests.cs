using Terminal.Tools.Platform;
using Terminal.Tools.Platform.Operator;
using static Terminal.Tests.Platform.PlatformFixtures;

namespace Terminal.Tests.Platform;

public sealed class PlatformStoreTests : IDisposable
{
    private static readonly OperatorScope Province = new(OperatorScope.Province);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("rp-store-");

    public void Dispose() => _directory.Delete(true);

    [Fact]
    public async Task Checks_are_counted_once_per_stored_event_even_when_batches_repeat()
    {
        await using var store = await NewStoreAsync(_directory.FullName);
        var batch = new[] { Check("T1", 1, Now), Check("T1", 2, Now), Check("T2", 1, Now, region: "420500") };
        Assert.Equal(3, await store.StoreAsync(batch, [], default));
        Assert.Equal(1, await store.StoreAsync([.. batch, Check("T1", 3, Now)], [], default)); // a redelivery plus one new
        var fleet = await new OperatorQueries(store.Database).FleetAsync(Province, 100, default);
        Assert.Equal([("T1", "420100", 3L), ("T2", "420500", 1L)], fleet.Select(t => (t.Terminal, t.Region, t.Checks)));
    }

    [Fact]
    public async Task An_older_status_or_heartbeat_committed_late_does_not_overwrite_a_newer_one()
    {
        await using var store = await NewStoreAsync(_directory.FullName);
        await store.StoreAsync([], [Status("T1", false, Now), Heartbeat("T1", Now, Now, list: 9)], default);
        // Another worker commits the earlier "online" and an earlier heartbeat afterwards.
        await store.StoreAsync([], [Status("T1", true, Now.AddSeconds(-5)), Heartbeat("T1", Now.AddSeconds(-60), Now.AddSeconds(-60), list: 8)], default);
        var t = Assert.Single(await new OperatorQueries(store.Database).FleetAsync(Province, 10, default));
        Assert.Equal(("offline", 9L), (t.Status, t.ListSequence));

        // A terminal whose clock went back still has its newer heartbeat stored: heartbeats are ordered by receive time.
        await store.StoreAsync([], [Heartbeat("T1", Now.AddDays(-3), Now.AddSeconds(10), list: 10)], default);
        t = Assert.Single(await new OperatorQueries(store.Database).FleetAsync(Province, 10, default));
        Assert.Equal((10L, Now.AddDays(-3)), (t.ListSequence, t.HeartbeatAt));
    }

    [Fact]
    public async Task The_newest_check_by_sequence_sets_profile_and_point()
    {
        await using var store = await NewStoreAsync(_directory.FullName);
        await store.StoreAsync([Check("T1", 5, Now, point: "desk-5")], TerminalReports.LatestChecks([Check("T1", 5, Now, point: "desk-5")], Now).ToList(), default);
        await store.StoreAsync([Check("T1", 4, Now, point: "desk-4")], TerminalReports.LatestChecks([Check("T1", 4, Now, point: "desk-4")], Now).ToList(), default);
        var t = Assert.Single(await new OperatorQueries(store.Database).FleetAsync(Province, 10, default));
        Assert.Equal(("desk-5", 2L), (t.Point, t.Checks));
    }

    [Fact]
    public async Task Every_query_is_scoped_to_the_operators_region()
    {
        await using var store = await NewStoreAsync(_directory.FullName);
        await store.StoreAsync([Check("W1", 1, Now, "FORGERY_ALERT"), Check("Y1", 1, Now, "FORGERY_ALERT", region: "420500", point: "yichang-desk")],
            [Status("W1", true, Now), Status("Y1", true, Now, region: "420500")], default);
        var queries = new OperatorQueries(store.Database);
        var wuhan = new OperatorScope("420100");
        Assert.Equal(["W1"], (await queries.FleetAsync(wuhan, 10, default)).Select(t => t.Terminal));
        Assert.Null(await queries.TerminalAsync(wuhan, "Y1", default));
        Assert.NotNull(await queries.TerminalAsync(Province, "Y1", default));
        Assert.Empty(await queries.RecentChecksAsync(wuhan, "Y1", 10, default));
        Assert.Equal(["W1"], (await queries.AlertChecksAsync(wuhan, Now.AddDays(-1), default)).Select(c => c.Terminal));
        Assert.Equal(["desk-1"], (await queries.UsagePerPointAndDayAsync(wuhan, Now.AddDays(-1), default)).Select(c => c.Point));
        Assert.Equal(2, (await queries.UsagePerPointAndDayAsync(Province, Now.AddDays(-1), default)).Count);
        Assert.Equal(1, await queries.TerminalCountAsync(wuhan, default));
    }

    [Fact]
    public async Task Usage_is_counted_per_service_point_and_beijing_day()
    {
        await using var store = await NewStoreAsync(_directory.FullName);
        var beforeMidnight = new DateTime(2026, 12, 5, 15, 59, 59, DateTimeKind.Utc); // 23:59:59 in Beijing
        await store.StoreAsync([Check("T1", 1, beforeMidnight), Check("T1", 2, beforeMidnight.AddSeconds(1)), Check("T1", 3, beforeMidnight.AddSeconds(2), point: "desk-2")], [], default);
        var counts = await new OperatorQueries(store.Database).UsagePerPointAndDayAsync(Province, beforeMidnight.AddDays(-1), default);
        Assert.Equal([("desk-1", "2026-12-05", 1L), ("desk-1", "2026-12-06", 1L), ("desk-2", "2026-12-06", 1L)], counts.Select(c => (c.Point, c.Day, c.Count)));
    }

    [Fact]
    public async Task Accounts_verify_only_the_right_password_and_store_no_password()
    {
        await using var store = await NewStoreAsync(_directory.FullName);
        var accounts = new OperatorAccounts(store.Database);
        await accounts.SetAsync("wuhan-ops", "420100", "correct horse battery", default);
        Assert.Equal(new OperatorAccount("wuhan-ops", "420100"), await accounts.VerifyAsync("wuhan-ops", "correct horse battery", default));
        Assert.Null(await accounts.VerifyAsync("wuhan-ops", "correct horse batterY", default));
        Assert.Null(await accounts.VerifyAsync("nobody", "correct horse battery", default));
        await accounts.SetAsync("wuhan-ops", "*", "a different passphrase", default);
        Assert.Null(await accounts.VerifyAsync("wuhan-ops", "correct horse battery", default));
        Assert.Equal("*", (await accounts.VerifyAsync("wuhan-ops", "a different passphrase", default))!.Region);
        foreach (var file in _directory.GetFiles("usage.db*"))
        {
            Assert.Equal(-1, File.ReadAllBytes(file.FullName).AsSpan().IndexOf("a different passphrase"u8)); // database and its WAL
        }

        Assert.NotNull(OperatorAccounts.Validate("Wuhan", "420100", "long enough password"));
        Assert.NotNull(OperatorAccounts.Validate("wuhan", "4201", "long enough password"));
        Assert.NotNull(OperatorAccounts.Validate("wuhan", "420100", "short"));
        Assert.Null(OperatorAccounts.Validate("wuhan", "*", "long enough password"));
    }
}
