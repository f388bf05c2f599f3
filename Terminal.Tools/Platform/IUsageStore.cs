namespace Terminal.Tools.Platform;

/// <summary>Where the platform keeps usage events: de-duplicated by event id (terminal, sequence).</summary>
public interface IUsageStore : IAsyncDisposable
{
    /// <summary>Creates the schema if needed.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Stores the events in one transaction; an event whose id is already stored is skipped. Returns how many were new.</summary>
    Task<int> StoreAsync(IReadOnlyList<StoredUsageEvent> events, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>Every stored event id as "terminal:sequence" (for tests and benchmarks).</summary>
    Task<List<string>> IdsAsync(CancellationToken cancellationToken);
}

public static class UsageStores
{
    /// <summary>SQLite file by default; a connection string starting with "Host=" selects PostgreSQL.</summary>
    public static IUsageStore Open(string target) =>
        target.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? new PostgresUsageStore(target) : new SqliteUsageStore(target);
}
