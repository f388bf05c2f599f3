using Xunit.Abstractions;

namespace Terminal.Tests.Toolchain;

public sealed class MetadataGateTests(ITestOutputHelper output)
{
    private static string RealMscorlibPath => RepoPaths.RealMscorlib;

    [Fact]
    public void Device_compile_assemblies_hold_nothing_the_stable_nanoFramework_runtime_cannot_load()
    {
        var outputs = DeviceCompileOutputs.All();
        Assert.Contains(outputs, o => o.ProjectName == "Terminal.Firmware.DeviceCompile");
        Assert.Contains(outputs, o => o.ProjectName == "Terminal.Drivers.DeviceCompile");

        var mscorlibVersion = MetadataGate.AssemblyVersionOf(RealMscorlibPath);
        var allowed = new HashSet<string>(StringComparer.Ordinal) { "mscorlib" };
        foreach (var o in outputs)
        {
            allowed.Add(Path.GetFileNameWithoutExtension(o.AssemblyPath));
        }

        var failures = new List<string>();
        int types = 0, methods = 0, memberRefs = 0;
        foreach (var o in outputs)
        {
            var report = MetadataGate.Check(o.AssemblyPath, allowed, mscorlibVersion);
            types += report.Types;
            methods += report.Methods;
            memberRefs += report.MemberReferences;
            output.WriteLine($"metadata gate: {report.Assembly}: {report.Types} types, {report.Methods} methods, {report.MemberReferences} member references, {report.Violations.Count} violations");
            failures.AddRange(report.Violations.Select(v => report.Assembly + ": " + v));
        }

        output.WriteLine($"metadata gate: {outputs.Count} assemblies, {types} types, {methods} methods, {memberRefs} member references checked against mscorlib {mscorlibVersion}");
        Console.WriteLine($"metadata gate: {outputs.Count} assemblies, {types} types, {methods} methods, {memberRefs} member references checked");
        Assert.True(failures.Count == 0, "Device code uses what the stable nanoFramework runtime cannot load:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Gate_reports_a_generic_method_by_name()
    {
        // A compiled twin of the forbidden pattern proves the gate would see it (the real check runs on device outputs).
        var path = CompileDeviceSnippet("public static class Sample { public static T Id<T>(T v) { return v; } }");
        var report = MetadataGate.Check(path, new HashSet<string> { "mscorlib" }, MetadataGate.AssemblyVersionOf(RealMscorlibPath));
        Assert.Contains(report.Violations, v => v.Contains("generic method definition Sample.Id"));
    }

    [Fact]
    public void Gate_reports_a_generic_type_and_a_foreign_assembly()
    {
        var path = CompileDeviceSnippet("public class Box<T> { public T Value; } public static class Use { public static object Make() { return new Box<int>(); } }");
        var report = MetadataGate.Check(path, new HashSet<string>(), MetadataGate.AssemblyVersionOf(RealMscorlibPath));
        Assert.Contains(report.Violations, v => v.Contains("generic type definition Box`1"));
        Assert.Contains(report.Violations, v => v.Contains("generic type instantiation of Box`1"));
        Assert.Contains(report.Violations, v => v.Contains("reference to assembly mscorlib"));
    }

    internal static string CompileDeviceSnippet(string source)
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Snippet" + Guid.NewGuid().ToString("N"),
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source)],
            [Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(RealMscorlibPath)],
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        var path = Path.Combine(Path.GetTempPath(), compilation.AssemblyName + ".dll");
        Microsoft.CodeAnalysis.Emit.EmitResult result;
        using (var file = File.Create(path))
        {
            result = compilation.Emit(file);
        }

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return path;
    }
}

