using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Terminal.Tools.Platform.Operator;

namespace Terminal.Tools.Platform.Web;

/// <summary>
/// The operator view's HTML: server-rendered, every value HTML-encoded, no inline script (the chart's data travels as
/// a JSON block that <c>usage-chart.js</c> reads). Times are shown in Beijing time (UTC+8) with their age.
/// </summary>
public static class OperatorPages
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static string Login(string antiforgeryField, string antiforgeryToken, string? error, string? returnUrl) =>
        Document("Sign in", null, null, $"""
            <form class="login" method="post" action="/login">
              <h1>湖北省居住证 · 终端运维</h1>
              <p class="note">ResidenceTerminal operator view. Sign in with your operator account.</p>
              {(error == null ? "" : $"<p class=\"error\" id=\"login-error\">{E(error)}</p>")}
              <input type="hidden" name="{E(antiforgeryField)}" value="{E(antiforgeryToken)}">
              <input type="hidden" name="returnUrl" value="{E(returnUrl ?? "/")}">
              <label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
              <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
              <button id="sign-in" type="submit">Sign in</button>
            </form>
            """);

    public static string Fleet(OperatorAccount who, string antiforgery, IReadOnlyList<FleetRow> rows, long total, DateTime now)
    {
        var body = new StringBuilder();
        body.Append($"<h1>Fleet · {E(ScopeName(who.Scope))}</h1>");
        body.Append($"<p class=\"note\">{rows.Count(r => r.Online)} of {rows.Count} terminals online");
        body.Append(total > rows.Count ? $" (showing the first {rows.Count} of {total})" : "").Append("</p>");
        body.Append("""
            <table id="fleet"><thead><tr><th>Terminal</th><th>Region</th><th>Profile</th><th>Service point</th><th>Status</th>
            <th>Last heartbeat</th><th>Firmware</th><th>Trial</th><th>List</th><th>List age</th><th>Clock</th><th class="num">Checks</th><th>Last check</th></tr></thead><tbody>
            """);
        foreach (var r in rows)
        {
            var age = r.ListAge(now);
            body.Append($"<tr data-terminal=\"{E(r.Terminal)}\"><td><a href=\"/terminals/{Uri.EscapeDataString(r.Terminal)}\">{E(r.Terminal)}</a></td>")
                .Append($"<td>{E(r.Region)}</td><td>{E(r.Profile ?? "–")}</td><td>{E(r.Point ?? "–")}</td>")
                .Append($"<td class=\"status\">{StatusCell(r, now)}</td><td>{When(r.HeartbeatReceivedAt, now)}</td>")
                .Append($"<td>{E(r.RunningVersion ?? "–")}</td><td>{E(r.TrialState ?? "–")}</td>")
                .Append($"<td>{(r.ListSequence is { } seq ? seq.ToString(CultureInfo.InvariantCulture) : "–")}</td><td>{(age is { } a ? Age(a) : "–")}</td>")
                .Append($"<td>{E(r.Clock ?? "–")}</td><td class=\"num checks\">{r.Checks}</td><td>{When(r.LastCheckAt, now)}</td></tr>");
        }

        body.Append("</tbody></table>");
        return Document("Fleet", who, antiforgery, body.ToString(), "/");
    }

    public static string Terminal(OperatorAccount who, string antiforgery, FleetRow t, IReadOnlyList<CheckRow> checks, IReadOnlyList<Alert> alerts, DateTime now)
    {
        var body = new StringBuilder();
        body.Append($"<h1>Terminal {E(t.Terminal)}</h1><dl class=\"summary\" id=\"terminal-summary\">")
            .Append($"<dt>Region</dt><dd>{E(t.Region)}</dd><dt>Status</dt><dd class=\"status\">{StatusCell(t, now)}</dd>")
            .Append($"<dt>Profile</dt><dd>{E(t.Profile ?? "–")}</dd><dt>Service point</dt><dd>{E(t.Point ?? "–")}</dd>")
            .Append($"<dt>Last heartbeat</dt><dd>{When(t.HeartbeatReceivedAt, now)}</dd>")
            .Append($"<dt>Firmware</dt><dd>{E(t.RunningVersion ?? "–")} ({E(t.TrialState ?? "state unknown")}){(t.FirmwareStatus == null ? "" : " · " + E(t.FirmwareStatus))}</dd>")
            .Append($"<dt>Revocation list</dt><dd>{(t.ListSequence?.ToString(CultureInfo.InvariantCulture) ?? "–")}, {(t.ListAge(now) is { } a ? Age(a) + " old" : "age unknown")}</dd>")
            .Append($"<dt>Clock</dt><dd>{E(t.Clock ?? "–")}</dd>")
            .Append($"<dt>Outbox</dt><dd>{t.Queue?.ToString(CultureInfo.InvariantCulture) ?? "–"} queued, {t.Unsent?.ToString(CultureInfo.InvariantCulture) ?? "–"} unsent, {t.Lost?.ToString(CultureInfo.InvariantCulture) ?? "–"} lost</dd>")
            .Append($"<dt>Checks stored</dt><dd id=\"checks-stored\">{t.Checks}</dd></dl>");
        if (alerts.Count > 0)
        {
            body.Append("<h2>Alerts</h2>").Append(AlertTable(alerts, now, linkTerminals: false));
        }

        body.Append($"<h2>Recent checks</h2><p class=\"note\">The newest {checks.Count}. No permit numbers or other personal data are shown (第二十条).</p>")
            .Append("<table id=\"checks\"><thead><tr><th class=\"num\">#</th><th>Time (terminal clock)</th><th>Service point</th><th>Profile</th><th>Verdict</th><th>Clock</th><th class=\"num\">List</th><th>Firmware</th></tr></thead><tbody>");
        foreach (var c in checks)
        {
            body.Append($"<tr><td class=\"num\">{c.Sequence}</td><td>{E(Beijing8(c.Timestamp))}</td><td>{E(c.Point)}</td><td>{E(c.Profile)}</td>")
                .Append($"<td class=\"verdict\">{E(c.Verdict)}</td><td>{E(c.Clock)}</td><td class=\"num\">{c.ListSequence}</td><td>{E(c.Firmware)}</td></tr>");
        }

        body.Append("</tbody></table>");
        return Document(t.Terminal, who, antiforgery, body.ToString());
    }

    public static string NotInRegion(OperatorAccount who, string antiforgery, string terminal) =>
        Document("Not found", who, antiforgery,
            $"<h1>Not found</h1><p id=\"not-found\">There is no terminal {E(terminal)} in {E(ScopeName(who.Scope))}.</p>");

    public static string Usage(OperatorAccount who, string antiforgery, IReadOnlyList<PointDayCount> counts, int days, DateTime now)
    {
        var dayLabels = Enumerable.Range(0, days).Select(i => (now + Beijing).Date.AddDays(i - days + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        var points = counts.Select(c => c.Point).Distinct().Order(StringComparer.Ordinal).ToList();
        var series = points.Select(p => new
        {
            name = p,
            counts = dayLabels.Select(d => counts.Where(c => c.Point == p && c.Day == d).Sum(c => c.Count)).ToArray(),
        }).ToList();
        // The JSON sits in a script element of type application/json: '<' is escaped by the serializer, so it cannot close the element.
        string json = JsonSerializer.Serialize(new { days = dayLabels, points = series });
        var body = new StringBuilder();
        body.Append($"<h1>Usage per service point · last {days} days · {E(ScopeName(who.Scope))}</h1>")
            .Append("<div class=\"chart\"><canvas id=\"usage-chart\" aria-label=\"checks per service point and day\"></canvas></div>")
            .Append($"<script id=\"usage-data\" type=\"application/json\">{json}</script>")
            .Append("<script src=\"/static/lib/chart.js/chart.umd.min.js\"></script><script src=\"/static/usage-chart.js\"></script>")
            .Append("<h2>Numbers</h2><table id=\"usage\"><thead><tr><th>Service point</th>");
        foreach (var d in dayLabels)
        {
            body.Append($"<th class=\"num\">{E(d[5..])}</th>");
        }

        body.Append("<th class=\"num\">Total</th></tr></thead><tbody>");
        foreach (var s in series)
        {
            body.Append($"<tr><td>{E(s.name)}</td>");
            foreach (var n in s.counts)
            {
                body.Append($"<td class=\"num\">{n}</td>");
            }

            body.Append($"<td class=\"num total\">{s.counts.Sum()}</td></tr>");
        }

        body.Append("</tbody></table><p class=\"note\">Days are Beijing calendar days of the terminals' check times.</p>");
        return Document("Usage", who, antiforgery, body.ToString(), "/usage");
    }

    public static string Alerts(OperatorAccount who, string antiforgery, IReadOnlyList<Alert> alerts, AlertThresholds limits, DateTime now) =>
        Document("Alerts", who, antiforgery,
            $"<h1>Alerts · {E(ScopeName(who.Scope))}</h1><p class=\"note\">{alerts.Count} alerts. Checks of the last {limits.Window.TotalDays:0} days; " +
            $"bursts: {limits.BurstCount} NOT_AUTHENTIC within {limits.BurstSpan.TotalMinutes:0} min; lists older than {limits.ListMaxAge.TotalHours:0} h; " +
            $"offline longer than {limits.OfflineAfter.TotalMinutes:0} min; clocks more than {limits.ClockBehind.TotalMinutes:0} min behind.</p>" +
            AlertTable(alerts, now, linkTerminals: true), "/alerts");

    private static string AlertTable(IReadOnlyList<Alert> alerts, DateTime now, bool linkTerminals)
    {
        var html = new StringBuilder("<table id=\"alerts\"><thead><tr><th>Alert</th><th>Terminal</th><th>Region</th><th>When</th><th>Detail</th></tr></thead><tbody>");
        foreach (var a in alerts)
        {
            string terminal = linkTerminals ? $"<a href=\"/terminals/{Uri.EscapeDataString(a.Terminal)}\">{E(a.Terminal)}</a>" : E(a.Terminal);
            html.Append($"<tr><td class=\"alert-{a.Code}\">{a.Code}</td><td>{terminal}</td><td>{E(a.Region)}</td><td>{When(a.At, now)}</td><td>{E(a.Detail)}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private static string Document(string title, OperatorAccount? who, string? antiforgery, string body, string? current = null)
    {
        string nav = who == null ? "" : $"""
            <header><strong>ResidenceTerminal</strong>
              <a href="/"{(current == "/" ? " class=\"current\"" : "")}>Fleet</a>
              <a href="/usage"{(current == "/usage" ? " class=\"current\"" : "")}>Usage</a>
              <a href="/alerts"{(current == "/alerts" ? " class=\"current\"" : "")}>Alerts</a>
              <span class="who" id="who">{E(who.Username)} · {E(ScopeName(who.Scope))}</span>
              <form method="post" action="/logout">{antiforgery}<button type="submit" id="sign-out">Sign out</button></form>
            </header>
            """;
        return $"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · ResidenceTerminal</title><link rel="stylesheet" href="/static/site.css"></head>
            <body>{nav}<main>{body}</main></body></html>
            """;
    }

    private static string StatusCell(FleetRow r, DateTime now) => r.Status switch
    {
        "online" => $"<span class=\"online\">online</span> <span class=\"muted\">since {Age(now - (r.StatusAt ?? now))}</span>",
        "offline" => $"<span class=\"offline\">offline</span> <span class=\"muted\">for {Age(now - (r.StatusAt ?? now))}</span>",
        _ => "<span class=\"unknown\">unknown</span>",
    };

    public static string ScopeName(OperatorScope scope) => scope.IsProvince ? "all regions" : "region " + scope.Region;

    private static string When(DateTime? at, DateTime now) =>
        at is { } t ? $"{E(Beijing8(t))} <span class=\"muted\">({Age(now - t)} ago)</span>" : "–";

    private static string Beijing8(DateTime utc) => (utc + Beijing).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A short human age: 42 s, 5 min, 3 h, 2 d (negative spans, from a clock ahead of ours, read as 0 s).</summary>
    public static string Age(TimeSpan span) =>
        span < TimeSpan.FromMinutes(1) ? Math.Max(0, (int)span.TotalSeconds) + " s"
        : span < TimeSpan.FromHours(1) ? (int)span.TotalMinutes + " min"
        : span < TimeSpan.FromDays(2) ? (int)span.TotalHours + " h"
        : (int)span.TotalDays + " d";

    /// <summary>Encodes markup characters only; Chinese text stays readable in the page source.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static string E(string text) => Encoder.Encode(text);
}
