using Npgsql;
using NpgsqlTypes;

namespace Terminal.Tools.Platform;

/// <summary>The scale-out store: PostgreSQL, shared by several ingest processes; duplicates skipped by the primary key.</summary>
public sealed class PostgresUsageStore(string connectionString) : IUsageStore
{
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS usage_events (
              terminal TEXT NOT NULL, seq BIGINT NOT NULL, ts TIMESTAMPTZ NOT NULL, clock TEXT NOT NULL, point TEXT NOT NULL,
              profile TEXT NOT NULL, permit TEXT NULL, gen SMALLINT NULL, verdict TEXT NOT NULL, list_seq BIGINT NOT NULL,
              fw TEXT NOT NULL, received_at TIMESTAMPTZ NOT NULL DEFAULT now(), PRIMARY KEY (terminal, seq))
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> StoreAsync(IReadOnlyList<StoredUsageEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return 0;
        }

        // One statement per batch: arrays unnested server-side.
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO usage_events (terminal, seq, ts, clock, point, profile, permit, gen, verdict, list_seq, fw)
            SELECT * FROM unnest($1::text[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
                                 $8::smallint[], $9::text[], $10::bigint[], $11::text[])
            ON CONFLICT (terminal, seq) DO NOTHING
            """);
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
        return await command.ExecuteNonQueryAsync(cancellationToken);
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
