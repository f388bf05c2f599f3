namespace Terminal.Tools.Platform.Operator;

public enum AlertKind
{
    /// <summary>Tier 2 found a card whose tier-1 MAC verified but whose issuer signature did not: a cloned or forged card.</summary>
    ForgeryAlert,

    /// <summary>Several NOT_AUTHENTIC checks at one terminal in a short window: someone trying cards.</summary>
    NotAuthenticBurst,

    /// <summary>The terminal's clock is behind the platform's, or the terminal itself says it cannot trust it.</summary>
    ClockRollback,

    /// <summary>The terminal's revocation list is older than the limit, or checks said LIST_STALE.</summary>
    StaleList,

    /// <summary>Offline (status or Last Will) for longer than the limit, or silent (no heartbeat) while "online".</summary>
    Offline,
}

public sealed record Alert(AlertKind Kind, string Terminal, string Region, DateTime At, string Detail)
{
    public string Code => Kind switch
    {
        AlertKind.ForgeryAlert => "FORGERY_ALERT",
        AlertKind.NotAuthenticBurst => "NOT_AUTHENTIC_BURST",
        AlertKind.ClockRollback => "CLOCK_ROLLBACK",
        AlertKind.StaleList => "STALE_LIST",
        _ => "OFFLINE",
    };
}

/// <summary>Limits of <see cref="FleetAlerts"/>; the defaults are what the operator view uses unless told otherwise.</summary>
public sealed record AlertThresholds
{
    /// <summary>How far back the alerts page looks at checks.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(7);

    /// <summary>This many NOT_AUTHENTIC checks at one terminal within <see cref="BurstSpan"/> make a burst.</summary>
    public int BurstCount { get; init; } = 3;

    public TimeSpan BurstSpan { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A heartbeat whose time is this far behind the platform's receive time means the terminal's clock went back.</summary>
    public TimeSpan ClockBehind { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A list older than this is stale (the terminals' own limit is per profile; the platform alerts before the desks refuse).</summary>
    public TimeSpan ListMaxAge { get; init; } = TimeSpan.FromHours(48);

    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>An "online" terminal without a heartbeat for this long is silent (a half-open connection, a hung device).</summary>
    public TimeSpan SilentAfter { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// The alerts, as a pure function of the terminals' state, the alerting checks and the time: no I/O, so every rule is
/// tested on its boundaries without a database.
/// </summary>
public static class FleetAlerts
{
    public static List<Alert> Evaluate(IReadOnlyList<FleetRow> terminals, IReadOnlyList<AlertCheck> checks, DateTime now, AlertThresholds limits)
    {
        var alerts = new List<Alert>();
        foreach (var c in checks.Where(c => c.Verdict == "FORGERY_ALERT"))
        {
            alerts.Add(new Alert(AlertKind.ForgeryAlert, c.Terminal, c.Region, c.Timestamp, "check #" + c.Sequence + ": issuer signature failed on a card that passed tier 1"));
        }

        foreach (var group in checks.Where(c => c.Verdict == "NOT_AUTHENTIC").GroupBy(c => c.Terminal))
        {
            var times = group.OrderBy(c => c.Timestamp).ToList();
            for (int i = 0; i + limits.BurstCount - 1 < times.Count; i++)
            {
                var last = times[i + limits.BurstCount - 1];
                if (last.Timestamp - times[i].Timestamp > limits.BurstSpan)
                {
                    continue;
                }

                // Report the whole burst once: extend while the next check is within the span of the burst's start window.
                int end = i + limits.BurstCount - 1;
                while (end + 1 < times.Count && times[end + 1].Timestamp - times[end + 1 - (limits.BurstCount - 1)].Timestamp <= limits.BurstSpan)
                {
                    end++;
                }

                alerts.Add(new Alert(AlertKind.NotAuthenticBurst, group.Key, times[i].Region, times[end].Timestamp,
                    (end - i + 1) + " NOT_AUTHENTIC checks within " + (times[end].Timestamp - times[i].Timestamp).TotalMinutes.ToString("0") + " min"));
                i = end;
            }
        }

        var staleByChecks = checks.Where(c => c.Verdict == "LIST_STALE").GroupBy(c => c.Terminal).ToDictionary(g => g.Key, g => g.Max(c => c.Timestamp));
        var untrustedByChecks = checks.Where(c => c.Verdict == "CLOCK_UNTRUSTED").GroupBy(c => c.Terminal).ToDictionary(g => g.Key, g => g.Max(c => c.Timestamp));
        foreach (var t in terminals)
        {
            if (t.HeartbeatAt is { } beat && t.HeartbeatReceivedAt is { } received && received - beat > limits.ClockBehind)
            {
                alerts.Add(new Alert(AlertKind.ClockRollback, t.Terminal, t.Region, received,
                    "terminal clock " + Minutes(received - beat) + " behind the platform at its last heartbeat"));
            }
            else if (t.Clock == "UNTRUSTED" && t.HeartbeatReceivedAt is { } at)
            {
                alerts.Add(new Alert(AlertKind.ClockRollback, t.Terminal, t.Region, at, "the terminal does not trust its clock (rolled back or never set)"));
            }
            else if (untrustedByChecks.TryGetValue(t.Terminal, out var untrustedAt))
            {
                alerts.Add(new Alert(AlertKind.ClockRollback, t.Terminal, t.Region, untrustedAt, "checks refused with CLOCK_UNTRUSTED"));
            }

            if (t.ListAge(now) is { } age && age > limits.ListMaxAge)
            {
                alerts.Add(new Alert(AlertKind.StaleList, t.Terminal, t.Region, now, "revocation list " + t.ListSequence + " is " + Hours(age) + " old"));
            }
            else if (staleByChecks.TryGetValue(t.Terminal, out var staleAt))
            {
                alerts.Add(new Alert(AlertKind.StaleList, t.Terminal, t.Region, staleAt, "checks answered LIST_STALE"));
            }

            if (t.Status == "offline" && t.StatusAt is { } since && now - since > limits.OfflineAfter)
            {
                alerts.Add(new Alert(AlertKind.Offline, t.Terminal, t.Region, since, "offline for " + Minutes(now - since)));
            }
            else if (t.Online && t.HeartbeatReceivedAt is { } lastBeat && now - lastBeat > limits.SilentAfter)
            {
                alerts.Add(new Alert(AlertKind.Offline, t.Terminal, t.Region, lastBeat, "online but no heartbeat for " + Minutes(now - lastBeat)));
            }
        }

        return alerts.OrderByDescending(a => a.At).ThenBy(a => a.Terminal, StringComparer.Ordinal).ToList();
    }

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0") + " min";

    private static string Hours(TimeSpan span) => span.TotalHours.ToString("0") + " h";
}
