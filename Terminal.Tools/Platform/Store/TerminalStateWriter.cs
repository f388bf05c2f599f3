using System.Data.Common;

namespace Terminal.Tools.Platform;

/// <summary>
/// Keeps the terminals table: one upsert per report, each guarded so an older fact never overwrites a newer one
/// (several ingest workers may commit reports of one terminal out of order). Status, heartbeat and firmware status are
/// ordered by the platform's receive time — never by the terminal's clock, which may be the very thing that is wrong —
/// and checks by the event sequence. Same SQL for SQLite and PostgreSQL; rows are written in terminal order so
/// concurrent workers lock them in one order.
/// </summary>
internal static class TerminalStateWriter
{
    private const string Status = """
        INSERT INTO terminals (terminal, region, status, status_at) VALUES (@terminal, @region, @status, @received)
        ON CONFLICT (terminal) DO UPDATE SET region = excluded.region, status = excluded.status, status_at = excluded.status_at
        WHERE terminals.status_at IS NULL OR excluded.status_at >= terminals.status_at
        """;

    private const string Health = """
        INSERT INTO terminals (terminal, region, heartbeat_at, heartbeat_received_at, clock, fw, list_seq, list_age_s, queue, unsent, lost,
                               read_errors, free_heap, uptime_s, reconnects)
        VALUES (@terminal, @region, @ts, @received, @clock, @fw, @list, @list_age, @queue, @unsent, @lost, @read_errors, @free_heap, @uptime, @reconnects)
        ON CONFLICT (terminal) DO UPDATE SET region = excluded.region, heartbeat_at = excluded.heartbeat_at,
          heartbeat_received_at = excluded.heartbeat_received_at, clock = excluded.clock, fw = excluded.fw, list_seq = excluded.list_seq,
          list_age_s = excluded.list_age_s, queue = excluded.queue, unsent = excluded.unsent, lost = excluded.lost,
          read_errors = excluded.read_errors, free_heap = excluded.free_heap, uptime_s = excluded.uptime_s, reconnects = excluded.reconnects
        WHERE terminals.heartbeat_received_at IS NULL OR excluded.heartbeat_received_at >= terminals.heartbeat_received_at
        """;

    private const string Firmware = """
        INSERT INTO terminals (terminal, region, fw_status, fw_status_at) VALUES (@terminal, @region, @status, @received)
        ON CONFLICT (terminal) DO UPDATE SET region = excluded.region, fw_status = excluded.fw_status, fw_status_at = excluded.fw_status_at
        WHERE terminals.fw_status_at IS NULL OR excluded.fw_status_at >= terminals.fw_status_at
        """;

    private const string Checks = """
        INSERT INTO terminals (terminal, region, profile, point, last_check_at, last_check_seq) VALUES (@terminal, @region, @profile, @point, @ts, @seq)
        ON CONFLICT (terminal) DO UPDATE SET region = excluded.region, profile = excluded.profile, point = excluded.point,
          last_check_at = excluded.last_check_at, last_check_seq = excluded.last_check_seq
        WHERE terminals.last_check_seq IS NULL OR excluded.last_check_seq > terminals.last_check_seq
        """;

    /// <summary>Adds newly stored checks to a terminal's count (in the events' own transaction, so the count is exact).</summary>
    public const string AddChecks = """
        INSERT INTO terminals (terminal, region, checks) VALUES (@terminal, @region, @n)
        ON CONFLICT (terminal) DO UPDATE SET checks = terminals.checks + excluded.checks
        """;

    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IEnumerable<TerminalReport> reports,
        CancellationToken cancellationToken)
    {
        var ordered = reports.OrderBy(r => r.Terminal, StringComparer.Ordinal).Select(r => Statement(dialect, r)).ToList();
        if (ordered.Count == 0)
        {
            return;
        }

        if (connection.CanCreateBatch)
        {
            // PostgreSQL: every upsert of the batch in one round trip (one statement each was what bounded a worker at 10^4 terminals).
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var (text, parameters) in ordered)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = text;
                foreach (var (name, value) in parameters)
                {
                    command.Parameters.Add(Sql.Parameter(command.CreateParameter(), name, value));
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        foreach (var (text, parameters) in ordered)
        {
            await using var command = Sql.Command(connection, transaction, text, parameters);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static (string Text, (string, object?)[] Parameters) Statement(SqlDialect d, TerminalReport r)
    {
        (string, object?) terminal = ("@terminal", r.Terminal), region = ("@region", r.Region), received = ("@received", d.Time(r.ReceivedAt));
        switch (r.Kind)
        {
            case TerminalReportKind.Status:
                return (Status, [terminal, region, received, ("@status", r.Online ? "online" : "offline")]);
            case TerminalReportKind.Firmware:
                return (Firmware, [terminal, region, received, ("@status", r.FirmwareStatus)]);
            case TerminalReportKind.Checks:
                var e = r.LatestCheck!;
                return (Checks, [terminal, region, ("@profile", e.Profile), ("@point", e.Point), ("@ts", d.Time(e.Timestamp)), ("@seq", e.Sequence)]);
            default:
                var h = r.Health!;
                return (Health, [terminal, region, received, ("@ts", d.Time(h.Timestamp)), ("@clock", h.Clock),
                    ("@fw", h.Firmware), ("@list", h.ListSequence == 0 && h.ListAgeSeconds < 0 ? null : h.ListSequence), ("@list_age", h.ListAgeSeconds < 0 ? null : h.ListAgeSeconds), ("@queue", h.Queue), ("@unsent", h.Unsent),
                    ("@lost", h.Lost), ("@read_errors", h.ReadErrors), ("@free_heap", h.FreeHeap), ("@uptime", h.UptimeSeconds), ("@reconnects", h.Reconnects)]);
        }
    }
}
