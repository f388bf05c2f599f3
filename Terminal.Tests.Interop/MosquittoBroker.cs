using Terminal.Tools.Platform;

namespace Terminal.Tests.Interop;

/// <summary>A throwaway Mosquitto for one test; the suite fails (never skips) when Mosquitto is not installed.</summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly MosquittoProcess _process;

    public MosquittoBroker(string? caFile = null, string? certFile = null, string? keyFile = null)
    {
        var executable = MosquittoProcess.FindExecutable();
        if (executable == null)
        {
            Assert.Fail("mosquitto is not installed: the interop suite needs it (apt-get update && apt-get install -y mosquitto)");
        }

        _process = new MosquittoProcess(executable!, caFile, certFile, keyFile);
    }

    public int Port => _process.Port;

    public Task StartAsync() => _process.StartAsync();

    public Task RestartAsync(TimeSpan downtime) => _process.RestartAsync(downtime);

    public void Dispose() => _process.Dispose();
}
