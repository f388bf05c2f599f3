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

    [Fact]
    public void Gate_reports_the_RefSafetyRulesAttribute_of_CSharp_11_and_not_of_CSharp_10()
    {
        var version = MetadataGate.AssemblyVersionOf(RealMscorlibPath);
        var allowed = new HashSet<string> { "mscorlib" };
        var source = "public static class Sample { public static int Twice(int v) { return v + v; } }";
        var eleven = MetadataGate.Check(CompileDeviceSnippet(source, Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp11), allowed, version);
        var ten = MetadataGate.Check(CompileDeviceSnippet(source, Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp10), allowed, version);
        Assert.Contains(eleven.Violations, v => v.StartsWith("RefSafetyRulesAttribute", StringComparison.Ordinal));
        Assert.Empty(ten.Violations);
    }

    [Fact]
    public void Gate_reports_String_LastIndexOf_which_the_nanoCLR_answers_wrongly_on_non_ASCII_text()
    {
        var path = CompileDeviceSnippet("public static class Sample { public static int Last(string s) { return s.LastIndexOf('、'); } public static int First(string s) { return s.IndexOf('、'); } }");
        var report = MetadataGate.Check(path, new HashSet<string> { "mscorlib" }, MetadataGate.AssemblyVersionOf(RealMscorlibPath));
        Assert.Equal(["call to System.String.LastIndexOf: the nanoCLR's backward search is wrong on non-ASCII text; use Terminal.Core.Display.TextSearch"], report.Violations);
    }

    [Fact]
    public void Every_nfproj_compiles_with_CSharp_10_like_its_device_compile_twin()
    {
        // The .nfproj files are not built here, so the attribute gate above cannot see their output: pin the setting.
        var nfprojs = Directory.GetFiles(RepoPaths.Root, "*.nfproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar)).ToList();
        Assert.True(nfprojs.Count >= 4, "expected the four .nfproj files, found " + nfprojs.Count);
        foreach (var path in nfprojs)
        {
            var versions = System.Xml.Linq.XDocument.Load(path).Descendants().Where(e => e.Name.LocalName == "LangVersion").Select(e => e.Value).ToList();
            Assert.True(versions.SequenceEqual(["10.0"]), Path.GetFileName(path) + " sets LangVersion [" + string.Join(", ", versions) + "], expected exactly 10.0");
        }

        var props = System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "build", "DeviceCompile.props"));
        Assert.Equal(["10.0"], props.Descendants().Where(e => e.Name.LocalName == "LangVersion").Select(e => e.Value));
    }

    internal static string CompileDeviceSnippet(string source,
        Microsoft.CodeAnalysis.CSharp.LanguageVersion language = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp10)
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Snippet" + Guid.NewGuid().ToString("N"),
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(language))],
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

