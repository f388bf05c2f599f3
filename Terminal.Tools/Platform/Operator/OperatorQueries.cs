namespace Terminal.Tools.Platform.Operator;

/// <summary>What one operator may see: one region, or the whole province ("*").</summary>
public sealed record OperatorScope(string Region)
{
    public const string Province = "*";

    public bool IsProvince => Region == Province;

    public bool Covers(string region) => IsProvince || region == Region;
}

/// <summary>One terminal as the fleet page shows it.</summary>
public sealed record FleetRow(string Terminal, string Region, string? Status, DateTime? StatusAt, DateTime? HeartbeatAt, DateTime? HeartbeatReceivedAt,
    string? Clock, string? Firmware, long? ListSequence, long? ListAgeSeconds, long? Queue, long? Unsent, long? Lost, string? FirmwareStatus,
    string? Profile, string? Point, DateTime? LastCheckAt, long Checks)
{
    public bool Online => Status == "online";

    /// <summary>The list's age now: its age at the last heartbeat plus the time since (null without a heartbeat).</summary>
    public TimeSpan? ListAge(DateTime now) =>
        ListAgeSeconds is { } age && HeartbeatReceivedAt is { } at ? TimeSpan.FromSeconds(age) + (now - at) : null;

    /// <summary>Running application version from the firmware status ("running=3;trial=1;..."), else the heartbeat's fw.</summary>
    public string? RunningVersion => TerminalReports.FirmwareField(FirmwareStatus, "running") ?? Firmware;

    /// <summary>"trial" while a new version runs on trial (not yet confirmed), "confirmed" otherwise, null when unknown.</summary>
    public string? TrialState => FirmwareStatus == null ? null : TerminalReports.FirmwareField(FirmwareStatus, "trial") == "1" ? "trial" : "confirmed";
}

/// <summary>One recent check on a terminal's page: no permit number, no generation — nothing about the person (第二十条).</summary>
public sealed record CheckRow(long Sequence, DateTime Timestamp, string Point, string Profile, string Verdict, string Clock, long ListSequence, string Firmware);

/// <summary>Checks per service point and Beijing day.</summary>
public sealed record PointDayCount(string Point, string Day, long Count);

/// <summary>A check that may raise an alert (forgery, not authentic, stale list, untrusted clock).</summary>
public sealed record AlertCheck(string Terminal, string Region, long Sequence, DateTime Timestamp, string Verdict);

/// <summary>
/// The operator view's reads. Every query takes the operator's scope and filters by region in SQL, so a region
/// operator's page can never carry another region's rows, whatever the URL says.
/// </summary>
public sealed class OperatorQueries(PlatformDatabase database)
{
    /// <summary>Verdicts that feed the alerts page.</summary>
    public static readonly string[] AlertVerdicts = ["FORGERY_ALERT", "NOT_AUTHENTIC", "LIST_STALE", "CLOCK_UNTRUSTED"];

    private const string FleetColumns = """
        terminal, region, status, status_at, heartbeat_at, heartbeat_received_at, clock, fw, list_seq, list_age_s, queue, unsent, lost,
        fw_status, profile, point, last_check_at, checks
        """;

    private const string InScope = "(@scope = '*' OR region = @scope)";

    public PlatformDatabase Database => database;

    public async Task<List<FleetRow>> FleetAsync(OperatorScope scope, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null,
            $"SELECT {FleetColumns} FROM terminals WHERE {InScope} ORDER BY region, terminal LIMIT @limit", ("@scope", scope.Region), ("@limit", limit));
        return await ReadFleetAsync(command, cancellationToken);
    }

    public async Task<long> TerminalCountAsync(OperatorScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, $"SELECT COUNT(*) FROM terminals WHERE {InScope}", ("@scope", scope.Region));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    /// <summary>The terminal, or null when it does not exist or is outside the scope (the two look the same).</summary>
    public async Task<FleetRow?> TerminalAsync(OperatorScope scope, string terminal, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, $"SELECT {FleetColumns} FROM terminals WHERE terminal = @terminal AND {InScope}",
            ("@terminal", terminal), ("@scope", scope.Region));
        var rows = await ReadFleetAsync(command, cancellationToken);
        return rows.Count == 1 ? rows[0] : null;
    }

    /// <summary>The newest checks of one terminal in scope (nothing when out of scope).</summary>
    public async Task<List<CheckRow>> RecentChecksAsync(OperatorScope scope, string terminal, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, $"""
            SELECT seq, ts, point, profile, verdict, clock, list_seq, fw FROM usage_events
            WHERE terminal = @terminal AND {InScope} ORDER BY seq DESC LIMIT @limit
            """, ("@terminal", terminal), ("@scope", scope.Region), ("@limit", limit));
        var rows = new List<CheckRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new CheckRow(reader.GetInt64(0), database.Dialect.ReadTime(reader, 1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetInt64(6), reader.GetString(7)));
        }

        return rows;
    }

    public async Task<List<PointDayCount>> UsagePerPointAndDayAsync(OperatorScope scope, DateTime sinceUtc, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, $"""
            SELECT point, {dialect.BeijingDay("ts")} AS day, COUNT(*) FROM usage_events
            WHERE ts >= @since AND {InScope} GROUP BY point, day ORDER BY day, point
            """, ("@since", dialect.Time(sinceUtc)), ("@scope", scope.Region));
        var rows = new List<PointDayCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PointDayCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return rows;
    }

    /// <summary>Checks with an alerting verdict since a time, in scope, oldest first.</summary>
    public async Task<List<AlertCheck>> AlertChecksAsync(OperatorScope scope, DateTime sinceUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, $"""
            SELECT terminal, region, seq, ts, verdict FROM usage_events
            WHERE verdict IN ('{string.Join("', '", AlertVerdicts)}') AND ts >= @since AND {InScope} ORDER BY ts, terminal, seq
            """, ("@since", database.Dialect.Time(sinceUtc)), ("@scope", scope.Region));
        var rows = new List<AlertCheck>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AlertCheck(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), database.Dialect.ReadTime(reader, 3), reader.GetString(4)));
        }

        return rows;
    }

    private async Task<List<FleetRow>> ReadFleetAsync(System.Data.Common.DbCommand command, CancellationToken cancellationToken)
    {
        var d = database.Dialect;
        var rows = new List<FleetRow>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            rows.Add(new FleetRow(r.GetString(0), r.GetString(1), Sql.NullableString(r, 2), Sql.NullableTime(d, r, 3), Sql.NullableTime(d, r, 4),
                Sql.NullableTime(d, r, 5), Sql.NullableString(r, 6), Sql.NullableString(r, 7), Sql.NullableLong(r, 8), Sql.NullableLong(r, 9),
                Sql.NullableLong(r, 10), Sql.NullableLong(r, 11), Sql.NullableLong(r, 12), Sql.NullableString(r, 13), Sql.NullableString(r, 14),
                Sql.NullableString(r, 15), Sql.NullableTime(d, r, 16), r.GetInt64(17)));
        }

        return rows;
    }
}
