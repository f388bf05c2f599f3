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
/// are compiled again for the host against Terminal.Firmware and the TestFramework stand-in, and run by the same
/// runner the nanoCLR runs (Terminal.Tests.Device.Runner). A wrong expected value in those tests fails here, before anyone takes them to a board. The host run does
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
        // The same runner and TestFramework stand-in the nanoCLR runs (build/nanoclr/nanoclr.sh), so the TEST lines compare.
        var runnerRoot = Path.Combine(RepoPaths.Root, "Terminal.Tests.Device.Runner");
        var sources = Directory.EnumerateFiles(ProjectRoot, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "DeviceCompile" + Path.DirectorySeparatorChar)
                && !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                && !HardwareOnly.Contains(Path.GetFileName(p)))
            .Append(Path.Combine(runnerRoot, "DeviceTestRunner.cs"))
            .Append(Path.Combine(runnerRoot, "TestFramework", "TestFramework.cs"))
            .Select(p => CSharpSyntaxTree.ParseText(File.ReadAllText(p), path: p))
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
        var runner = assembly.GetType("Terminal.Tests.Device.Runner.DeviceTestRunner")!;
        runner.GetMethod("Run")!.Invoke(null, [assembly, false]);
        int passed = (int)runner.GetField("Passed")!.GetValue(null)!;
        int failed = (int)runner.GetField("Failed")!.GetValue(null)!;

        var log = ((System.Collections.IEnumerable)assembly.GetType("nanoFramework.TestFramework.OutputHelper")!.GetField("Lines")!.GetValue(null)!)
            .Cast<string>().ToList();
        foreach (var line in log)
        {
            output.WriteLine(line);
        }

        output.WriteLine($"{passed + failed} on-device tests run on the host, {failed} failed");
        Assert.True(failed == 0, string.Join("\n", log.Where(l => l.Contains(" FAIL ", StringComparison.Ordinal))));
        Assert.True(passed >= 12, "expected the crypto, list, display and timing tests, ran " + passed);
        Assert.Equal(passed, log.Count(l => l.StartsWith("TEST ", StringComparison.Ordinal) && l.EndsWith(" PASS", StringComparison.Ordinal)));
        Assert.Contains(log, l => l.StartsWith("TIMING il_per_s=", StringComparison.Ordinal));

        // The runner leaves out on the nanoCLR exactly the classes left out here (it names classes, this list files).
        var runnerHardwareOnly = ((string[])runner.GetField("HardwareOnly")!.GetValue(null)!).Select(c => c + ".cs");
        Assert.Equal(HardwareOnly.Order(), runnerHardwareOnly.Order());
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
}
