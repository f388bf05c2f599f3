using System.Reflection;
using Terminal.Core.App;
using Terminal.Core.Update;

namespace Terminal.Tools.Firmware;

/// <summary>
/// The host twin of the bootstrap's <c>Program.Main</c> (Terminal.Firmware/Device/Program.cs), for one power-on:
/// <see cref="ApplicationHost.Prepare"/> decides the slot (counting a trial boot) before any application code runs,
/// then <see cref="HostAssemblyLoader"/> loads the slot's net10.0 application through an AssemblyLoadContext and runs
/// its entry point on its own thread. The run ends when the application returns (a staged update or an installed
/// configuration asks for a restart) or <see cref="Stop"/> asks it to; the next power-on is a new instance.
/// </summary>
public sealed class HostBootstrap
{
    private readonly Thread? _thread;

    private HostBootstrap(ApplicationHost host)
    {
        Host = host;
        if (host.Booted != null && host.Booted.Kind != BootKind.NoApplication)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "application v" + host.Booted.Version };
            _thread.Start();
        }
        else
        {
            Ended = UpdateError.NoBundle;
            host.Drivers.Log?.Line(host.Updates == null
                ? "bootstrap: no usable configuration, so no key to check an application with"
                : "bootstrap: no verified application in slot A or B; recover by cable");
        }
    }

    public ApplicationHost Host { get; }

    /// <summary>This power-on's decision (null without a usable configuration).</summary>
    public BootDecision? Decision => Host.Booted;

    /// <summary>Whether an application was loaded and started.</summary>
    public bool Started => _thread != null;

    /// <summary>How the application's run ended (<see cref="UpdateError.None"/>: it returned normally).</summary>
    public UpdateError Ended { get; private set; }

    /// <summary>What the application threw, if it did (then a trial version is given up, as on the board).</summary>
    public Exception? Failure { get; private set; }

    public static HostBootstrap PowerOn(BootDrivers drivers, BootOptions options) => new(ApplicationHost.Prepare(drivers, options));

    /// <summary>Waits for the application to return by itself (e.g. into a staged update); false on timeout.</summary>
    public bool WaitForReturn(TimeSpan timeout) => _thread == null || _thread.Join(timeout);

    /// <summary>Asks the application to return between taps and waits for it (power off).</summary>
    public void Stop(TimeSpan? timeout = null)
    {
        Host.RequestStop();
        if (_thread != null && !_thread.Join(timeout ?? TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("the application did not return after a stop request");
        }
    }

    private void Run()
    {
        try
        {
            Ended = HostAssemblyLoader.LoadAndRun(Host.Updates!, Host);
        }
        catch (TargetInvocationException e)
        {
            Failure = e.InnerException ?? e;
            Ended = UpdateError.LoadFailed;
            Host.Drivers.Log?.Line("update: application failed: " + Failure.Message);
            if (Host.Booted!.Kind == BootKind.Trial)
            {
                Host.Updates!.ReportLoadFailure(UpdateError.LoadFailed);
            }
        }
    }
}
