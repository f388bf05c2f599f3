using Xunit.Abstractions;

namespace Terminal.Tests.Toolchain;

public sealed class StubFactsTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_public_member_of_every_stub_is_a_documented_nanoFramework_API()
    {
        var stubs = DeviceCompileOutputs.All().Where(o => o.IsStub).ToList();
        Assert.NotEmpty(stubs);
        var mscorlib = RepoPaths.RealMscorlib;
        var problems = new List<string>();
        int checkedIds = 0;
        foreach (var stub in stubs)
        {
            var assemblyName = Path.GetFileNameWithoutExtension(stub.AssemblyPath);
            var factsPath = Path.Combine(RepoPaths.ApiFacts, assemblyName + ".txt");
            if (!File.Exists(factsPath))
            {
                problems.Add(assemblyName + ": no API facts file " + factsPath + " (is the stub named after the real assembly?)");
                continue;
            }

            var facts = StubFacts.LoadFacts(factsPath);
            var surface = StubFacts.PublicSurface(stub.AssemblyPath, mscorlib);
            checkedIds += surface.Count;
            problems.AddRange(surface.Where(id => !facts.Contains(id)).Select(id => assemblyName + ": " + id + " is not in " + Path.GetFileName(factsPath)));
            output.WriteLine($"stub facts: {assemblyName}: {surface.Count} public IDs, all in the facts: {surface.All(facts.Contains)}");
        }

        output.WriteLine($"stub facts: {stubs.Count} stubs, {checkedIds} IDs checked");
        Assert.True(problems.Count == 0, "Stubs declare APIs the real nanoFramework packages do not have:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Every_stub_folder_builds_an_assembly_of_its_own_name()
    {
        var built = DeviceCompileOutputs.All().Where(o => o.IsStub).Select(o => Path.GetFileNameWithoutExtension(o.AssemblyPath)).ToHashSet();
        foreach (var folder in Directory.GetDirectories(RepoPaths.Stubs))
        {
            var name = Path.GetFileName(folder);
            Assert.True(File.Exists(Path.Combine(folder, name + ".csproj")), "stub folder " + name + " has no " + name + ".csproj");
            Assert.True(built.Contains(name), "stub " + name + " was not built by the device compile (is it referenced?)");
        }
    }

    [Fact]
    public void A_changed_parameter_type_is_caught()
    {
        // GpioPin.Write takes a PinValue; a stub that declares Write(int) must be reported.
        var path = MetadataGateTests.CompileDeviceSnippet(
            "namespace System.Device.Gpio { public class GpioPin { internal GpioPin() { } public void Write(int value) { } } }");
        var facts = StubFacts.LoadFacts(Path.Combine(RepoPaths.ApiFacts, "System.Device.Gpio.txt"));
        var surface = StubFacts.PublicSurface(path, RepoPaths.RealMscorlib);
        Assert.Contains("M:System.Device.Gpio.GpioPin.Write(System.Int32)", surface);
        Assert.DoesNotContain("M:System.Device.Gpio.GpioPin.Write(System.Int32)", facts);
        Assert.Contains("M:System.Device.Gpio.GpioPin.Write(System.Device.Gpio.PinValue)", facts);
    }
}
