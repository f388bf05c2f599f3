using Npgsql;
using NpgsqlTypes;

namespace Terminal.Tools.Platform;

/// <summary>The scale-out store: PostgreSQL, shared by several ingest processes; duplicates skipped by the primary key.</summary>
public sealed class PostgresUsageStore : IUsageStore
{
    /// <summary>Deadlock and serialization failures: the transaction was rolled back whole, so it is retried as is.</summary>
    private const int Attempts = 5;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresUsageStore(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Database = new PlatformDatabase(SqlDialect.Postgres, async cancellationToken => await _dataSource.OpenConnectionAsync(cancellationToken),
            "PostgreSQL " + builder.Host + ":" + builder.Port + "/" + builder.Database);
    }

    public PlatformDatabase Database { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS usage_events (
              region TEXT NOT NULL, terminal TEXT NOT NULL, seq BIGINT NOT NULL, ts TIMESTAMPTZ NOT NULL, clock TEXT NOT NULL, point TEXT NOT NULL,
              profile TEXT NOT NULL, permit TEXT NULL, gen SMALLINT NULL, verdict TEXT NOT NULL, list_seq BIGINT NOT NULL,
              fw TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (terminal, seq))
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
        foreach (var statement in SqlDialect.Postgres.SharedSchema())
        {
            await using var schema = _dataSource.CreateCommand(statement);
            await schema.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<int> StoreAsync(IReadOnlyList<StoredUsageEvent> events, IReadOnlyList<TerminalReport> reports, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && reports.Count == 0)
        {
            return 0;
        }

        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await StoreOnceAsync(events, reports, cancellationToken);
            }
            catch (PostgresException e) when (attempt < Attempts && e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure)
            {
                await Task.Delay(10 * attempt, cancellationToken);
            }
        }
    }

    private async Task<int> StoreOnceAsync(IReadOnlyList<StoredUsageEvent> events, IReadOnlyList<TerminalReport> reports, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        int inserted = 0;
        if (events.Count > 0)
        {
            // One statement per batch: arrays unnested server-side; the rows actually inserted (not the duplicates)
            // are added to their terminal's count in the same statement, terminals in one order for every worker.
            await using var command = new NpgsqlCommand("""
                WITH inserted AS (
                  INSERT INTO usage_events (region, terminal, seq, ts, clock, point, profile, permit, gen, verdict, list_seq, fw)
                  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[],
                                       $9::smallint[], $10::text[], $11::bigint[], $12::text[])
                  ON CONFLICT (terminal, seq) DO NOTHING
                  RETURNING region, terminal),
                counts AS (SELECT terminal, min(region) AS region, count(*) AS n FROM inserted GROUP BY terminal),
                counted AS (
                  INSERT INTO terminals (terminal, region, checks) SELECT terminal, region, n FROM counts ORDER BY terminal
                  ON CONFLICT (terminal) DO UPDATE SET checks = terminals.checks + excluded.checks
                  RETURNING 1)
                SELECT coalesce(sum(n), 0)::int FROM counts
                """, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Region).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Terminal).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Sequence).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Timestamp).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Clock).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Point).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Profile).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Permit).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Generation is { } g ? (short?)g : null).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Verdict).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.ListSequence).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Firmware).ToArray() });
            inserted = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        await TerminalStateWriter.WriteAsync(connection, transaction, SqlDialect.Postgres, reports, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT COUNT(*) FROM usage_events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<List<string>> IdsAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("SELECT terminal, seq FROM usage_events ORDER BY terminal, seq");
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0) + ":" + reader.GetInt64(1));
        }

        return ids;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
