using System.Diagnostics;
using Terminal.Tools.Platform;

namespace Terminal.Tests.Interop;

/// <summary>
/// A throwaway Mosquitto (Debian's package) on 127.0.0.1 and a free port, configured for the platform: persistence on
/// (queued QoS 1 messages of the ingest's persistent session survive a restart), generous queues, optionally TLS with a
/// client-certificate requirement.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly string _directory;
    private readonly string _executable;
    private Process? _process;

    public MosquittoBroker(string? caFile = null, string? certFile = null, string? keyFile = null)
    {
        _executable = ExternalProcess.Require("mosquitto", "mosquitto");
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
            "max_inflight_messages 100",
            "message_size_limit 0",
        };
        if (ExternalProcess.IsRoot)
        {
            config.Add("user root");
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

    public async Task StartAsync()
    {
        _process = ExternalProcess.Start(_executable, ["-c", ConfigPath]);
        await ExternalProcess.WaitForPortAsync(Port, _process, "mosquitto");
    }

    /// <summary>Clean stop (SIGTERM: Mosquitto saves its persistence file), then a start on the same port.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        Stop();
        await Task.Delay(downtime);
        await StartAsync();
    }

    public void Stop()
    {
        if (_process != null)
        {
            ExternalProcess.Terminate(_process);
            _process.Dispose();
            _process = null;
        }
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
