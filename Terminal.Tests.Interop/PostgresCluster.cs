using System.Diagnostics;
using Terminal.Tools.Platform;

namespace Terminal.Tests.Interop;

/// <summary>
/// A throwaway PostgreSQL cluster (Debian's `postgresql` package binaries) in a temporary directory on 127.0.0.1 and a
/// free port, trust authentication, stopped and deleted afterwards. As root it runs as the `postgres` user (PostgreSQL
/// refuses to run as root).
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _directory;
    private readonly string? _user;
    private Process? _process;

    private PostgresCluster(string directory, string? user, int port)
    {
        _directory = directory;
        _user = user;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => "Host=127.0.0.1;Port=" + Port + ";Username=postgres;Database=postgres;Pooling=true";

    public static async Task<PostgresCluster> StartAsync()
    {
        var binaries = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).ToArray() : [];
        var initdb = ExternalProcess.Require("initdb", "postgresql", binaries);
        var postgres = ExternalProcess.Require("postgres", "postgresql", binaries);
        var directory = Path.Combine(Path.GetTempPath(), "rp-postgres-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string? user = ExternalProcess.IsRoot ? "postgres" : null;
        if (user != null)
        {
            ExternalProcess.Run("chown", ["-R", user, directory]);
        }

        var data = Path.Combine(directory, "data");
        ExternalProcess.Run(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"], user);
        var cluster = new PostgresCluster(directory, user, EmbeddedBroker.FreePort());
        cluster._process = ExternalProcess.Start(postgres,
            ["-D", data, "-p", cluster.Port.ToString(), "-k", directory, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"], user);
        await ExternalProcess.WaitForPortAsync(cluster.Port, cluster._process, "postgres");
        return cluster;
    }

    public void Dispose()
    {
        if (_process != null)
        {
            // The postmaster runs under runuser: signal it by its pid file's pid as well as the wrapper.
            var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
            if (File.Exists(pidFile))
            {
                var pid = File.ReadLines(pidFile).First().Trim();
                ExternalProcess.Run("kill", ["-INT", pid]);
            }

            if (!_process.WaitForExit(15_000))
            {
                _process.Kill(true);
            }

            _process.Dispose();
        }

        try
        {
            Directory.Delete(_directory, true);
        }
        catch (IOException)
        {
        }
    }
}
