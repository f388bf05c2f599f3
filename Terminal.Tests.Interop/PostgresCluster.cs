using Terminal.Tools.Platform;

namespace Terminal.Tests.Interop;

/// <summary>
/// A throwaway PostgreSQL cluster for one test: <see cref="PostgresProcess"/> (shared with the fleet benchmark); the
/// suite fails (never skips) when PostgreSQL is not installed.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly PostgresProcess _process;

    private PostgresCluster(PostgresProcess process)
    {
        _process = process;
    }

    public int Port => _process.Port;

    public string ConnectionString => _process.ConnectionString;

    public static async Task<PostgresCluster> StartAsync(params string[] settings)
    {
        if (PostgresProcess.FindExecutable("initdb") == null || PostgresProcess.FindExecutable("postgres") == null)
        {
            Assert.Fail("postgresql is not installed: the interop suite needs it (apt-get update && apt-get install -y postgresql)");
        }

        return new PostgresCluster(await PostgresProcess.StartAsync(settings));
    }

    public void Dispose() => _process.Dispose();
}
