using System.Diagnostics;
using System.Net.Sockets;

namespace Terminal.Tools.Platform;

/// <summary>
/// A throwaway PostgreSQL cluster (Debian's `postgresql` package binaries, /usr/lib/postgresql/*/bin) in a temporary
/// directory on 127.0.0.1 and a free port, trust authentication, fsync off, stopped and deleted on Dispose. As root it
/// runs as the `postgres` user (PostgreSQL refuses to run as root). Used by the interop suite and the fleet benchmark.
/// </summary>
public sealed class PostgresProcess : IDisposable
{
    private readonly string _directory;
    private readonly string? _user;
    private Process? _process;

    private PostgresProcess(string directory, string? user, int port)
    {
        _directory = directory;
        _user = user;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The postmaster's process id (from its pid file; it runs under runuser as root), or null before it writes one.</summary>
    public int? ServerProcessId
    {
        get
        {
            var pidFile = Path.Combine(_directory, "data", "postmaster.pid");
            return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First().Trim(), out int pid) ? pid : null;
        }
    }

    public string ConnectionString => "Host=127.0.0.1;Port=" + Port + ";Username=postgres;Database=postgres;Pooling=true";

    private static string[] BinaryDirectories =>
        Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")).ToArray() : [];

    /// <summary>initdb's path, or null when PostgreSQL is not installed.</summary>
    public static string? FindExecutable(string program = "initdb") => Find(program, BinaryDirectories);

    /// <summary>Starts a cluster; <paramref name="settings"/> are extra `-c name=value` server settings (e.g. max_connections=200).</summary>
    public static async Task<PostgresProcess> StartAsync(params string[] settings)
    {
        var initdb = FindExecutable("initdb") ?? throw new InvalidOperationException("initdb is not installed (apt-get install -y postgresql)");
        var postgres = FindExecutable("postgres") ?? throw new InvalidOperationException("postgres is not installed (apt-get install -y postgresql)");
        var directory = Path.Combine(Path.GetTempPath(), "rp-postgres-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        string? user = IsRoot ? "postgres" : null;
        if (user != null)
        {
            Run("chown", ["-R", user, directory]);
        }

        var data = Path.Combine(directory, "data");
        Run(initdb, ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"], user);
        var cluster = new PostgresProcess(directory, user, EmbeddedBroker.FreePort());
        var arguments = new List<string> { "-D", data, "-p", cluster.Port.ToString(), "-k", directory, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off" };
        foreach (var setting in settings)
        {
            arguments.Add("-c");
            arguments.Add(setting);
        }

        cluster._process = Start(postgres, arguments, user);
        await WaitForPortAsync(cluster.Port, cluster._process, "postgres");
        await cluster.WaitUntilReadyAsync();
        return cluster;
    }

    /// <summary>
    /// The port listens before the server takes sessions: until recovery ends it answers "57P03 the database system
    /// is starting up" (seen failing a test on a loaded machine). Ready means a query ran.
    /// </summary>
    private async Task WaitUntilReadyAsync()
    {
        var deadline = Environment.TickCount64 + 30_000;
        while (true)
        {
            try
            {
                await using var connection = new Npgsql.NpgsqlConnection(ConnectionString + ";Pooling=false");
                await connection.OpenAsync();
                await using var command = new Npgsql.NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync();
                return;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.CannotConnectNow && Environment.TickCount64 < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public void Dispose()
    {
        if (_process != null)
        {
            // The postmaster runs under runuser: signal it by its pid file's pid as well as the wrapper.
            if (ServerProcessId is int pid)
            {
                Run("kill", ["-INT", pid.ToString()]);
            }

            if (!_process.WaitForExit(15_000))
            {
                _process.Kill(true);
            }

            _process.Dispose();
            _process = null;
        }

        try
        {
            Directory.Delete(_directory, true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    // External-process helpers (no test framework here: failures are exceptions).

    public static bool IsRoot => Environment.UserName == "root";

    public static string? Find(string program, params string[] extraDirectories) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/usr/local/sbin", "/usr/local/bin"]).Concat(extraDirectories)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);

    public static Process Start(string fileName, IEnumerable<string> arguments, string? runAsUser = null)
    {
        var info = new ProcessStartInfo(runAsUser == null ? fileName : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (runAsUser != null)
        {
            foreach (var a in new[] { "-u", runAsUser, "--", fileName })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs to completion; throws with its output when the exit code is not 0.</summary>
    public static void Run(string fileName, IEnumerable<string> arguments, string? runAsUser = null)
    {
        var info = new ProcessStartInfo(runAsUser == null ? fileName : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (runAsUser != null)
        {
            foreach (var a in new[] { "-u", runAsUser, "--", fileName })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(fileName + " " + string.Join(' ', arguments) + " exited " + process.ExitCode + ":\n" + output.Result + error.Result);
        }
    }

    public static async Task WaitForPortAsync(int port, Process process, string what, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(what + " exited with code " + process.ExitCode + " before listening on port " + port);
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException(what + " did not listen on port " + port + " within " + timeoutMs + " ms");
    }
}
