using System.Diagnostics;
using System.Net.Sockets;

namespace Terminal.Tools.Platform;

/// <summary>
/// Mosquitto (Debian's `mosquitto` package) started as a child process on 127.0.0.1 and a free port, configured for the
/// platform: persistence on (the ingest's persistent session and its queued QoS 1 messages survive a clean restart),
/// large queues, optionally TLS requiring a client certificate. Used by the interop suite and the benchmarks.
/// </summary>
public sealed class MosquittoProcess : IDisposable
{
    private readonly string _executable;
    private readonly string _directory;
    private Process? _process;

    public MosquittoProcess(string executable, string? caFile = null, string? certFile = null, string? keyFile = null)
    {
        _executable = executable;
        _directory = Directory.CreateTempSubdirectory("rp-mosquitto-").FullName;
        Port = EmbeddedBroker.FreePort();
        var config = new List<string>
        {
            "listener " + Port + " 127.0.0.1",
            "allow_anonymous true",
            "persistence true",
            "persistence_location " + _directory + "/",
            "autosave_interval 1",
            "max_queued_messages 1000000",
            // The ingest acknowledges after each group commit (up to 2 000 messages), so the window towards it must be as
            // wide: at 100 a worker commits 100 messages per round trip to the database and falls behind a large fleet.
            "max_inflight_messages 2000",
            "max_connections -1",
        };
        if (Environment.UserName == "root")
        {
            config.Add("user root"); // otherwise it drops to user mosquitto, which cannot write the temporary directory
        }

        if (certFile != null)
        {
            config.Add("cafile " + caFile);
            config.Add("certfile " + certFile);
            config.Add("keyfile " + keyFile);
            config.Add("require_certificate true");
            config.Add("tls_version tlsv1.2");
        }

        ConfigPath = Path.Combine(_directory, "mosquitto.conf");
        File.WriteAllLines(ConfigPath, config);
    }

    public int Port { get; }

    public string ConfigPath { get; }

    /// <summary>The broker's newest log lines (at most 200), oldest first: what it said when it refused something.</summary>
    public string[] RecentLog()
    {
        lock (_log)
        {
            return _log.ToArray();
        }
    }

    private readonly Queue<string> _log = new();

    private void Remember(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (_log)
        {
            _log.Enqueue(line);
            while (_log.Count > 200)
            {
                _log.Dequeue();
            }
        }
    }

    /// <summary>The broker's process id while it runs (for resource figures), else null.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>The mosquitto executable on PATH or in /usr/sbin, or null when it is not installed.</summary>
    public static string? FindExecutable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/usr/local/sbin"])
            .Select(dir => Path.Combine(dir, "mosquitto")).FirstOrDefault(File.Exists);

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(_executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(ConfigPath);
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + _executable);
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Environment.TickCount64 + 20_000;
        while (Environment.TickCount64 < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("mosquitto exited with code " + _process.ExitCode + " (config " + ConfigPath + ")");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("mosquitto did not listen on port " + Port);
    }

    /// <summary>Clean stop (SIGTERM: Mosquitto writes its persistence file), a pause, and a start on the same port.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        Stop();
        await Task.Delay(downtime);
        await StartAsync();
    }

    public void Stop()
    {
        var process = _process;
        _process = null;
        if (process == null)
        {
            return;
        }

        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                kill?.WaitForExit();
            }

            if (!process.WaitForExit(10_000))
            {
                process.Kill(true);
                process.WaitForExit();
            }
        }

        process.Dispose();
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_directory, true);
        }
        catch (IOException)
        {
        }
    }
}
