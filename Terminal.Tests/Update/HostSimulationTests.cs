using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Terminal.Core.Update;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tools.Firmware;

namespace Terminal.Tests.Update;

/// <summary>
/// The whole update path with real net10.0 application assemblies loaded through an AssemblyLoadContext: boot, stage,
/// reboot into the trial, health confirmation by the application itself, a version that never reports healthy rolled
/// back, and a fixed version going live.
/// </summary>
public sealed class HostSimulationTests
{
    private const string EntryType = "Terminal.App.Application";

    /// <summary>An application assembly whose Run records its version and, if healthy, reports health through the gate.</summary>
    private static byte[] CompileApplication(int version, bool healthy)
    {
        string source = @"
namespace Terminal.App
{
    public static class Application
    {
        public static void Run(object host)
        {
            System.AppContext.SetData(""rt.app.ran"", " + version + @");
            var gate = new Terminal.Core.Update.HealthGate((Terminal.Core.Update.UpdateSlots)host);
            gate.ReaderAnswered();
            gate.ListLoaded();
            " + (healthy ? "gate.BrokerReachedOrOffline();" : "// the broker is never reached and offline mode never entered") + @"
        }
    }
}";
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p)).Append(MetadataReference.CreateFromFile(typeof(UpdateSlots).Assembly.Location));
        var compilation = CSharpCompilation.Create("Terminal.App", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return stream.ToArray();
    }

    private static byte[] Bundle(int version, bool healthy)
    {
        return FirmwareBundleBuilder.Build([new BundleInput("Terminal.App.dll", CompileApplication(version, healthy))],
            UpdateFixtures.Parameters((ulong)version) with { EntryType = EntryType }, UpdateFixtures.FirmwareSeed);
    }

    /// <summary>One power-on: decide, load, run; returns the decision and the version that actually ran.</summary>
    private static (BootDecision Decision, int Ran, UpdateSlots Slots) PowerOn(SimulatedFlash flash)
    {
        AppContext.SetData("rt.app.ran", 0);
        var slots = UpdateFixtures.Slots(flash);
        var decision = slots.DecideBoot();
        if (decision.Kind != BootKind.NoApplication)
        {
            Assert.Equal(UpdateError.None, HostAssemblyLoader.LoadAndRun(slots, slots));
        }

        return (decision, (int)AppContext.GetData("rt.app.ran")!, slots);
    }

    [Fact]
    public void Announce_download_verify_switch_reboot_health_check_and_rollback_with_real_assemblies()
    {
        var flash = new SimulatedFlash();
        flash.WriteAllBytes(UpdateSlots.SlotName(0), Bundle(1, healthy: true));
        var boot = PowerOn(flash);
        Assert.Equal(1, boot.Ran);

        // Version 2 never reports healthy: it runs on trial MaxTrialBoots times, then version 1 is back.
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(boot.Slots, Bundle(2, healthy: false), 2));
        var ran = new List<int>();
        for (int i = 0; i <= UpdateFixtures.Policy().MaxTrialBoots; i++)
        {
            flash = flash.Reboot();
            boot = PowerOn(flash);
            ran.Add(boot.Ran);
        }

        Assert.Equal(Enumerable.Repeat(2, UpdateFixtures.Policy().MaxTrialBoots).Append(1), ran);
        Assert.Equal(2UL, boot.Decision.RolledBackVersion);
        Assert.Equal(2UL, boot.Slots.State.LastFailedVersion);

        // Version 3 is healthy: one trial boot, confirmed by the application itself, then it stays.
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(boot.Slots, Bundle(3, healthy: true), 3));
        flash = flash.Reboot();
        boot = PowerOn(flash);
        Assert.Equal(BootKind.Active, boot.Slots.Booted!.Kind); // confirmed during Run
        Assert.Equal(3, boot.Ran);
        for (int i = 0; i < 4; i++)
        {
            flash = flash.Reboot();
            boot = PowerOn(flash);
            Assert.Equal(BootKind.Active, boot.Decision.Kind);
            Assert.Equal(3, boot.Ran);
        }
    }

    [Fact]
    public void A_bundle_whose_entry_type_is_missing_is_given_up_at_once()
    {
        var flash = new SimulatedFlash();
        flash.WriteAllBytes(UpdateSlots.SlotName(0), Bundle(1, healthy: true));
        var boot = PowerOn(flash);
        byte[] wrongEntry = FirmwareBundleBuilder.Build([new BundleInput("Terminal.App.dll", CompileApplication(2, true))],
            UpdateFixtures.Parameters(2) with { EntryType = "Terminal.App.Missing" }, UpdateFixtures.FirmwareSeed);
        Assert.Equal(UpdateError.None, UpdateFixtures.Stage(boot.Slots, wrongEntry, 2));
        flash = flash.Reboot();
        var slots = UpdateFixtures.Slots(flash);
        Assert.Equal(BootKind.Trial, slots.DecideBoot().Kind);
        Assert.Equal(UpdateError.LoadFailed, HostAssemblyLoader.LoadAndRun(slots, slots));
        boot = PowerOn(flash.Reboot());
        Assert.Equal(BootKind.Active, boot.Decision.Kind);
        Assert.Equal(1, boot.Ran);
        Assert.Equal((int)UpdateError.LoadFailed, boot.Slots.State.LastFailure);
    }
}
