using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Terminal.Tests.Toolchain;

/// <summary>
/// The device compile's references (real mscorlib + the namespace guard) turn device-incompatible C# into compiler
/// errors. These compile the same way the device-compile projects do and check the error names the missing API.
/// </summary>
public sealed class DeviceLanguageSubsetTests
{
    [Theory]
    [InlineData("var l = new System.Collections.Generic.List<int>();", "List<>")]
    [InlineData("var d = System.DateTime.Today.AddMonths(1);", "AddMonths")]
    [InlineData("int? x = null;", "System.Nullable`1")]
    [InlineData("System.Threading.Tasks.Task t = null;", "Tasks")]
    [InlineData("var a = new int[] { 1 }; var n = System.Linq.Enumerable.Count(a);", "Linq")]
    [InlineData("var t = (1, 2);", "System.ValueTuple`2")]
    public void Device_incompatible_code_is_a_compile_error_naming_the_missing_api(string statement, string named)
    {
        var errors = CompileForDevice("public static class S { public static void M() { " + statement + " } }");
        Assert.Contains(errors, e => e.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Portable_style_code_compiles_for_the_device()
    {
        var errors = CompileForDevice("""
            public static class S
            {
                public static string M(byte[] data)
                {
                    var list = new System.Collections.ArrayList();
                    list.Add(data.Length);
                    return string.Concat("n=", list.Count.ToString(), " t=", System.DateTime.UtcNow.Ticks.ToString());
                }
            }
            """);
        Assert.Empty(errors);
    }

    private static List<string> CompileForDevice(string source)
    {
        var guards = File.ReadAllText(Path.Combine(RepoPaths.Root, "build", "DeviceCompileGuards.cs"));
        var compilation = CSharpCompilation.Create("DeviceSnippet",
            [CSharpSyntaxTree.ParseText(source), CSharpSyntaxTree.ParseText(guards)],
            [MetadataReference.CreateFromFile(RepoPaths.RealMscorlib)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var sink = new MemoryStream();
        return compilation.Emit(sink).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.GetMessage()).ToList();
    }
}
