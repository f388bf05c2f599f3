using Terminal.Tools.Platform.Operator;

namespace Terminal.Tests.Platform;

public sealed class FleetAlertsTests
{
    private static readonly DateTime Now = PlatformFixtures.Now;
    private static readonly AlertThresholds Limits = new();

    private static FleetRow Terminal(string id = "T1", string? status = "online", DateTime? statusAt = null, DateTime? beat = null, DateTime? received = null,
        string clock = "TRUSTED", long? listAge = 3600) =>
        new(id, "420100", status, statusAt ?? Now.AddHours(-1), beat ?? Now.AddSeconds(-30), received ?? Now.AddSeconds(-30), clock, "1.0.0", 7, listAge,
            0, 0, 0, null, "hospital", "desk-1", Now, 10);

    private static AlertCheck Check(string verdict, DateTime at, string terminal = "T1", long seq = 1) => new(terminal, "420100", seq, at, verdict);

    private static List<string> Codes(IReadOnlyList<FleetRow> terminals, IReadOnlyList<AlertCheck> checks) =>
        FleetAlerts.Evaluate(terminals, checks, Now, Limits).Select(a => a.Code + ":" + a.Terminal).ToList();

    [Fact]
    public void A_healthy_terminal_raises_nothing()
    {
        Assert.Empty(Codes([Terminal()], [Check("VALID", Now)]));
    }

    [Fact]
    public void Every_forgery_alert_check_is_an_alert()
    {
        Assert.Equal(["FORGERY_ALERT:T1", "FORGERY_ALERT:T1"], Codes([Terminal()], [Check("FORGERY_ALERT", Now, seq: 1), Check("FORGERY_ALERT", Now.AddSeconds(-1), seq: 2)]));
    }

    [Fact]
    public void Three_not_authentic_checks_within_ten_minutes_are_one_burst_and_two_are_none()
    {
        var two = new[] { Check("NOT_AUTHENTIC", Now.AddMinutes(-9)), Check("NOT_AUTHENTIC", Now) };
        Assert.Empty(Codes([Terminal()], two));
        var three = two.Append(Check("NOT_AUTHENTIC", Now.AddMinutes(-10))).ToList(); // span exactly 10 min: a burst
        Assert.Equal(["NOT_AUTHENTIC_BURST:T1"], Codes([Terminal()], three));
        var spread = new[] { Check("NOT_AUTHENTIC", Now.AddMinutes(-20)), Check("NOT_AUTHENTIC", Now.AddMinutes(-10).AddSeconds(-1)), Check("NOT_AUTHENTIC", Now) };
        Assert.Empty(Codes([Terminal()], spread));
        var five = Enumerable.Range(0, 5).Select(i => Check("NOT_AUTHENTIC", Now.AddMinutes(-i))).ToList();
        var alert = Assert.Single(FleetAlerts.Evaluate([Terminal()], five, Now, Limits));
        Assert.StartsWith("5 NOT_AUTHENTIC", alert.Detail);
        Assert.Empty(Codes([Terminal()], [Check("NOT_AUTHENTIC", Now, "A"), Check("NOT_AUTHENTIC", Now, "B"), Check("NOT_AUTHENTIC", Now, "C")])); // different terminals
    }

    [Fact]
    public void A_heartbeat_more_than_ten_minutes_behind_the_platform_is_a_clock_rollback()
    {
        Assert.Empty(Codes([Terminal(beat: Now.AddMinutes(-10), received: Now)], []));
        Assert.Equal(["CLOCK_ROLLBACK:T1"], Codes([Terminal(beat: Now.AddMinutes(-10).AddSeconds(-1), received: Now)], []));
        Assert.Equal(["CLOCK_ROLLBACK:T1"], Codes([Terminal(clock: "UNTRUSTED")], []));
        Assert.Empty(Codes([Terminal(beat: Now.AddHours(1), received: Now)], [])); // ahead is not a rollback
    }

    [Fact]
    public void A_list_older_than_48_hours_counting_the_time_since_the_heartbeat_is_stale()
    {
        // Age at the heartbeat plus the 30 s since.
        Assert.Empty(Codes([Terminal(listAge: 48 * 3600 - 30)], []));
        Assert.Equal(["STALE_LIST:T1"], Codes([Terminal(listAge: 48 * 3600 - 29)], []));
        Assert.Equal(["STALE_LIST:T1"], Codes([Terminal()], [Check("LIST_STALE", Now)]));
        Assert.Empty(Codes([Terminal(listAge: null)], []));
    }

    [Fact]
    public void Offline_longer_than_the_limit_or_silent_while_online_is_an_alert()
    {
        Assert.Empty(Codes([Terminal(status: "offline", statusAt: Now.AddMinutes(-30))], []));
        Assert.Equal(["OFFLINE:T1"], Codes([Terminal(status: "offline", statusAt: Now.AddMinutes(-30).AddSeconds(-1))], []));
        Assert.Equal(["OFFLINE:T1"], Codes([Terminal(received: Now.AddMinutes(-6), beat: Now.AddMinutes(-6))], []));
        Assert.Empty(Codes([Terminal(status: null)], []));
    }
}
