using System.Data.Common;

namespace Terminal.Tools.Platform;

/// <summary>
/// Where the platform keeps usage events, de-duplicated by event id (terminal, sequence), and what the ingest learns
/// about each terminal (status, heartbeat, firmware status, newest check, count of stored checks).
/// </summary>
public interface IUsageStore : IAsyncDisposable
{
    /// <summary>Creates the schema if needed.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the events and applies the terminal reports in one transaction; an event whose id is already stored is
    /// skipped (and not counted again). Returns how many events were new.
    /// </summary>
    Task<int> StoreAsync(IReadOnlyList<StoredUsageEvent> events, IReadOnlyList<TerminalReport> reports, CancellationToken cancellationToken);

    Task<int> StoreAsync(IReadOnlyList<StoredUsageEvent> events, CancellationToken cancellationToken) => StoreAsync(events, [], cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Every stored event id as "terminal:sequence" (for tests and benchmarks).</summary>
    Task<List<string>> IdsAsync(CancellationToken cancellationToken);

    /// <summary>The same database for readers (the operator view): fresh connections, never the ingest's own.</summary>
    PlatformDatabase Database { get; }
}

/// <summary>How readers reach the platform's database: a connection per use, and the dialect to speak.</summary>
public sealed class PlatformDatabase(SqlDialect dialect, Func<CancellationToken, Task<DbConnection>> open, string description)
{
    public SqlDialect Dialect { get; } = dialect;

    /// <summary>"SQLite usage.db" or "PostgreSQL 127.0.0.1:5432/rp", for logs (never the password).</summary>
    public string Description { get; } = description;

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => open(cancellationToken);
}

public static class UsageStores
{
    /// <summary>SQLite file by default; a connection string starting with "Host=" selects PostgreSQL.</summary>
    public static IUsageStore Open(string target) =>
        IsPostgres(target) ? new PostgresUsageStore(target) : new SqliteUsageStore(target);

    public static bool IsPostgres(string target) => target.StartsWith("Host=", StringComparison.OrdinalIgnoreCase);
}
