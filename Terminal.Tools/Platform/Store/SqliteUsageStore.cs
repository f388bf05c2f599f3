using Microsoft.Data.Sqlite;

namespace Terminal.Tools.Platform;

/// <summary>The default store: one SQLite file (WAL), the event id as primary key.</summary>
public sealed class SqliteUsageStore : IUsageStore
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteUsageStore(string path)
    {
        string connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        _connection = new SqliteConnection(connectionString);
        Database = new PlatformDatabase(SqlDialect.Sqlite, async cancellationToken =>
        {
            var reader = new SqliteConnection(connectionString);
            await reader.OpenAsync(cancellationToken);
            await using var busy = reader.CreateCommand();
            busy.CommandText = "PRAGMA busy_timeout=10000";
            await busy.ExecuteNonQueryAsync(cancellationToken);
            return reader;
        }, "SQLite " + path);
    }

    public PlatformDatabase Database { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _connection.OpenAsync(cancellationToken);
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            PRAGMA busy_timeout=10000;
            CREATE TABLE IF NOT EXISTS usage_events (
              region TEXT NOT NULL, terminal TEXT NOT NULL, seq INTEGER NOT NULL, ts TEXT NOT NULL, clock TEXT NOT NULL, point TEXT NOT NULL,
              profile TEXT NOT NULL, permit TEXT NULL, gen INTEGER NULL, verdict TEXT NOT NULL, list_seq INTEGER NOT NULL,
              fw TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (terminal, seq)) WITHOUT ROWID;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        foreach (var statement in SqlDialect.Sqlite.SharedSchema())
        {
            await using var schema = Sql.Command(_connection, null, statement);
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<int> StoreAsync(IReadOnlyList<StoredUsageEvent> events, IReadOnlyList<TerminalReport> reports, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && reports.Count == 0)
        {
            return 0;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            await using var command = _connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT OR IGNORE INTO usage_events (region, terminal, seq, ts, clock, point, profile, permit, gen, verdict, list_seq, fw, received_at)
                VALUES ($region, $terminal, $seq, $ts, $clock, $point, $profile, $permit, $gen, $verdict, $list, $fw, $received)
                """;
            var p = new[] { "$region", "$terminal", "$seq", "$ts", "$clock", "$point", "$profile", "$permit", "$gen", "$verdict", "$list", "$fw", "$received" }
                .Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            object received = SqlDialect.Sqlite.Time(DateTime.UtcNow);
            int inserted = 0;
            var newPerTerminal = new Dictionary<string, (string Region, long Count)>();
            foreach (var e in events)
            {
                p[0].Value = e.Region;
                p[1].Value = e.Terminal;
                p[2].Value = e.Sequence;
                p[3].Value = SqlDialect.Sqlite.Time(e.Timestamp);
                p[4].Value = e.Clock;
                p[5].Value = e.Point;
                p[6].Value = e.Profile;
                p[7].Value = (object?)e.Permit ?? DBNull.Value;
                p[8].Value = (object?)e.Generation ?? DBNull.Value;
                p[9].Value = e.Verdict;
                p[10].Value = e.ListSequence;
                p[11].Value = e.Firmware;
                p[12].Value = received;
                if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
                {
                    inserted++;
                    newPerTerminal[e.Terminal] = (e.Region, newPerTerminal.GetValueOrDefault(e.Terminal).Count + 1);
                }
            }

            foreach (var (terminal, (region, count)) in newPerTerminal.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                await using var add = Sql.Command(_connection, transaction, TerminalStateWriter.AddChecks, ("@terminal", terminal), ("@region", region), ("@n", count));
                await add.ExecuteNonQueryAsync(cancellationToken);
            }

            await TerminalStateWriter.WriteAsync(_connection, transaction, SqlDialect.Sqlite, reports, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return inserted;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM usage_events";
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<List<string>> IdsAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "SELECT terminal, seq FROM usage_events ORDER BY terminal, seq";
            var ids = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0) + ":" + reader.GetInt64(1));
            }

            return ids;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
