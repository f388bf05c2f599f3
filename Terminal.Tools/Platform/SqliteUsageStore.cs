using Microsoft.Data.Sqlite;

namespace Terminal.Tools.Platform;

/// <summary>The default store: one SQLite file (WAL), the event id as primary key.</summary>
public sealed class SqliteUsageStore(string path) : IUsageStore
{
    private readonly SqliteConnection _connection = new(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _connection.OpenAsync(cancellationToken);
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            PRAGMA synchronous=NORMAL;
            PRAGMA busy_timeout=10000;
            CREATE TABLE IF NOT EXISTS usage_events (
              terminal TEXT NOT NULL, seq INTEGER NOT NULL, ts TEXT NOT NULL, clock TEXT NOT NULL, point TEXT NOT NULL,
              profile TEXT NOT NULL, permit TEXT NULL, gen INTEGER NULL, verdict TEXT NOT NULL, list_seq INTEGER NOT NULL,
              fw TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (terminal, seq)) WITHOUT ROWID;
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> StoreAsync(IReadOnlyList<StoredUsageEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
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
                INSERT OR IGNORE INTO usage_events (terminal, seq, ts, clock, point, profile, permit, gen, verdict, list_seq, fw, received_at)
                VALUES ($terminal, $seq, $ts, $clock, $point, $profile, $permit, $gen, $verdict, $list, $fw, $received)
                """;
            var p = new[] { "$terminal", "$seq", "$ts", "$clock", "$point", "$profile", "$permit", "$gen", "$verdict", "$list", "$fw", "$received" }
                .Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
            string received = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            int inserted = 0;
            foreach (var e in events)
            {
                p[0].Value = e.Terminal;
                p[1].Value = e.Sequence;
                p[2].Value = e.Timestamp.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
                p[3].Value = e.Clock;
                p[4].Value = e.Point;
                p[5].Value = e.Profile;
                p[6].Value = (object?)e.Permit ?? DBNull.Value;
                p[7].Value = (object?)e.Generation ?? DBNull.Value;
                p[8].Value = e.Verdict;
                p[9].Value = e.ListSequence;
                p[10].Value = e.Firmware;
                p[11].Value = received;
                inserted += await command.ExecuteNonQueryAsync(cancellationToken);
            }

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
