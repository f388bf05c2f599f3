using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace Terminal.Tests.Toolchain;

/// <summary>
/// The on-device test project (Terminal.Tests.Device) cannot run here, so: its IL-rate kernel is recounted from the
/// device-compiled assembly, and its tests that need no hardware (crypto vectors, the embedded list, the timing test)
/// are compiled again for the host against Terminal.Firmware and a minimal stand-in for nanoFramework.TestFramework,
/// and run. A wrong expected value in those tests fails here, before anyone takes them to a board. The host run does
/// field arithmetic, so the class joins the field-multiplication counter's collection.
/// </summary>
[Collection(Terminal.Tests.Support.WorkCounterCollection.Name)]
public sealed class DeviceTestProjectTests(ITestOutputHelper output)
{
    private static string ProjectRoot => Path.Combine(RepoPaths.Root, "Terminal.Tests.Device");

    /// <summary>Tests that need the board's flash or reader.</summary>
    private static readonly string[] HardwareOnly = ["OutboxFlashTests.cs", "ReaderSelfTests.cs"];

    [Fact]
    public void IlKernel_states_the_instruction_count_its_compiled_loop_executes()
    {
        var assembly = DeviceCompileOutputs.All().Single(o => o.ProjectName == "Terminal.Tests.Device.DeviceCompile").AssemblyPath;
        using var stream = File.OpenRead(assembly);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var kernel = md.TypeDefinitions.Select(md.GetTypeDefinition).Single(t => md.GetString(t.Name) == "IlKernel");
        var methods = kernel.GetMethods().Select(md.GetMethodDefinition).ToDictionary(m => md.GetString(m.Name));

        var step = Decode(pe.GetMethodBody(methods["Step"].RelativeVirtualAddress).GetILBytes()!);
        var run = Decode(pe.GetMethodBody(methods["Run"].RelativeVirtualAddress).GetILBytes()!);
        var backward = run.Single(i => i.Target is int target && target < i.Offset);
        int loop = run.Count(i => i.Offset >= backward.Target && i.Offset <= backward.Offset);
        output.WriteLine($"IlKernel: loop {loop} instructions ({string.Join(" ", run.Where(i => i.Offset >= backward.Target && i.Offset <= backward.Offset).Select(i => i.Name))}), Step {step.Count} ({string.Join(" ", step.Select(i => i.Name))})");

        int stated = StatedIlPerIteration();
        Assert.Equal(stated, loop + step.Count);
    }

    [Fact]
    public void Portable_on_device_tests_pass_on_the_host()
    {
        var sources = Directory.EnumerateFiles(ProjectRoot, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "DeviceCompile" + Path.DirectorySeparatorChar)
                && !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                && !HardwareOnly.Contains(Path.GetFileName(p)))
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), path: p))
            .Append(CSharpSyntaxTree.ParseText(TestFrameworkStandIn))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(typeof(Terminal.Core.Crypto.Sha512).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Terminal.Drivers.Storage.IStoredFile).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(Terminal.Core.Display.ScreenLayout).Assembly.Location));
        var compilation = CSharpCompilation.Create("Terminal.Tests.Device.OnHost", sources, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        var assembly = Assembly.Load(image.ToArray());
        var failures = new List<string>();
        int run = 0;
        foreach (var type in assembly.GetTypes().Where(t => t.GetCustomAttributes().Any(a => a.GetType().Name == "TestClassAttribute")))
        {
            foreach (var method in type.GetMethods().Where(m => m.GetCustomAttributes().Any(a => a.GetType().Name == "TestMethodAttribute")))
            {
                run++;
                try
                {
                    method.Invoke(Activator.CreateInstance(type), null);
                    output.WriteLine("passed " + type.Name + "." + method.Name);
                }
                catch (TargetInvocationException e)
                {
                    failures.Add(type.Name + "." + method.Name + ": " + e.InnerException!.Message);
                }
            }
        }

        var log = (IEnumerable<string>)assembly.GetType("nanoFramework.TestFramework.OutputHelper")!.GetProperty("Lines")!.GetValue(null)!;
        foreach (var line in log)
        {
            output.WriteLine(line);
        }

        output.WriteLine($"{run} on-device tests run on the host, {failures.Count} failed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(run >= 12, "expected the crypto, list and timing tests, ran " + run);
        Assert.Contains(log, l => l.StartsWith("TIMING il_per_s=", StringComparison.Ordinal));
    }

    private static int StatedIlPerIteration()
    {
        var text = File.ReadAllText(Path.Combine(ProjectRoot, "IlKernel.cs"));
        var marker = "public const int IlPerIteration = ";
        int start = text.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return int.Parse(text[start..text.IndexOf(';', start)]);
    }

    private sealed record Instruction(int Offset, string Name, int? Target);

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The instructions of a method body, with the absolute target of each branch.</summary>
    private static List<Instruction> Decode(byte[] il)
    {
        var result = new List<Instruction>();
        int pc = 0;
        while (pc < il.Length)
        {
            int offset = pc;
            short value = il[pc] == 0xFE ? (short)(0xFE00 | il[pc + 1]) : il[pc];
            pc += il[pc] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            int? target = null;
            switch (op.OperandType)
            {
                case OperandType.ShortInlineBrTarget: target = pc + 1 + (sbyte)il[pc]; pc += 1; break;
                case OperandType.InlineBrTarget: target = pc + 4 + BitConverter.ToInt32(il, pc); pc += 4; break;
                case OperandType.ShortInlineI or OperandType.ShortInlineVar: pc += 1; break;
                case OperandType.InlineVar: pc += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: pc += 8; break;
                case OperandType.InlineSwitch: pc += 4 + 4 * BitConverter.ToInt32(il, pc); break;
                case OperandType.InlineNone: break;
                default: pc += 4; break;
            }

            result.Add(new Instruction(offset, op.Name!, target));
        }

        return result;
    }

    /// <summary>Just enough of nanoFramework.TestFramework's surface (the stub's) to run the tests on the host.</summary>
    private const string TestFrameworkStandIn = """
        namespace nanoFramework.TestFramework
        {
            [System.AttributeUsage(System.AttributeTargets.Class)] public class TestClassAttribute : System.Attribute { }
            [System.AttributeUsage(System.AttributeTargets.Method)] public class TestMethodAttribute : System.Attribute { }
            public sealed class Assert
            {
                public static void AreEqual(int expected, int actual, string message = "") { if (expected != actual) Fail(message, expected, actual); }
                public static void AreEqual(long expected, long actual, string message = "") { if (expected != actual) Fail(message, expected, actual); }
                public static void AreEqual(string expected, string actual, string message = "") { if (expected != actual) Fail(message, expected, actual); }
                public static void IsTrue(bool condition, string message = "") { if (!condition) Fail(message, true, false); }
                public static void IsFalse(bool condition, string message = "") { if (condition) Fail(message, false, true); }
                public static void IsNotNull(object value, string message = "") { if (value == null) Fail(message, "not null", null); }
                private static void Fail(string message, object expected, object actual) =>
                    throw new System.Exception(message + ": expected " + expected + ", got " + actual);
            }
            public static class OutputHelper
            {
                public static System.Collections.Generic.List<string> Lines { get; } = new System.Collections.Generic.List<string>();
                public static void WriteLine(string message) => Lines.Add(message);
            }
        }
        """;
}
