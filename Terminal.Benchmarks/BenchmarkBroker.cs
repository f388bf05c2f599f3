using Terminal.Tools.Platform;

namespace Terminal.Benchmarks;

/// <summary>
/// The broker a reporting benchmark runs against, on loopback: Mosquitto when installed (what a province would run),
/// MQTTnet's embedded broker otherwise, or an external one (--broker-port). --broker mosquitto|embedded forces a choice.
/// </summary>
internal sealed class BenchmarkBroker : IAsyncDisposable
{
    private MosquittoProcess? _mosquitto;
    private EmbeddedBroker? _embedded;

    public int Port { get; private set; }

    public string Description { get; private set; } = "";

    /// <summary>Mosquitto's process id when this benchmark started it.</summary>
    public int? ProcessId => _mosquitto?.ProcessId;

    /// <summary>Mosquitto's newest log lines (empty for the other brokers).</summary>
    public string[] RecentLog() => _mosquitto?.RecentLog() ?? [];

    public static async Task<BenchmarkBroker> StartAsync(string[] args, string preferred)
    {
        var broker = new BenchmarkBroker();
        int external = ReportingBench.IntOption(args, "--broker-port", 0);
        string choice = ReportingBench.StringOption(args, "--broker") ?? preferred;
        string? mosquitto = MosquittoProcess.FindExecutable();
        if (external != 0)
        {
            broker.Port = external;
            broker.Description = "external broker on 127.0.0.1:" + external;
        }
        else if (choice == "mosquitto" && mosquitto != null)
        {
            broker._mosquitto = new MosquittoProcess(mosquitto);
            await broker._mosquitto.StartAsync();
            broker.Port = broker._mosquitto.Port;
            broker.Description = "Mosquitto (" + mosquitto + ") on 127.0.0.1:" + broker.Port;
        }
        else
        {
            broker._embedded = new EmbeddedBroker();
            await broker._embedded.StartAsync();
            broker.Port = broker._embedded.Port;
            broker.Description = "MQTTnet embedded broker on 127.0.0.1:" + broker.Port + (choice == "mosquitto" ? " (mosquitto not installed)" : "");
        }

        Console.WriteLine("broker: " + broker.Description);
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        _mosquitto?.Dispose();
        if (_embedded != null)
        {
            await _embedded.DisposeAsync();
        }
    }
}
