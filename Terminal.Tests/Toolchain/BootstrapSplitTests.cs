using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Terminal.Tests.Toolchain;

/// <summary>
/// The bootstrap/application split holds on the device builds: the bootstrap (deployed once with nanoff) never
/// references or carries the application, so the runtime can load any later Terminal.App from a bundle (it refuses a
/// second assembly with a loaded one's name), and the application's entry point is the one the loader calls.
/// </summary>
public sealed class BootstrapSplitTests
{
    private const string Bootstrap = "Terminal.Firmware.DeviceCompile";
    private const string Application = "Terminal.App.DeviceCompile";

    /// <summary>Namespaces that belong to the application only (the bootstrap keeps Rules' configuration vocabulary).</summary>
    private static readonly string[] ApplicationNamespaces =
        ["Terminal.Core.Tap", "Terminal.Core.Reporting", "Terminal.Core.Permits", "Terminal.Core.Revocation", "Terminal.App"];

    private static DeviceCompileOutput Output(string project) => DeviceCompileOutputs.All().Single(o => o.ProjectName == project);

    private static (List<string> AssemblyRefs, List<(string Namespace, string Name)> Types) Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var refs = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();
        var types = md.TypeDefinitions.Select(h => md.GetTypeDefinition(h)).Select(t => (md.GetString(t.Namespace), md.GetString(t.Name))).ToList();
        return (refs, types);
    }

    [Fact]
    public void The_bootstrap_assembly_neither_references_nor_defines_application_code()
    {
        var (refs, types) = Read(Output(Bootstrap).AssemblyPath);
        Assert.DoesNotContain("Terminal.App", refs);
        var leaked = types.Where(t => ApplicationNamespaces.Contains(t.Namespace) || t.Name == "TerminalBoot").ToList();
        Assert.True(leaked.Count == 0, "application types in the bootstrap: " + string.Join(", ", leaked.Select(t => t.Namespace + "." + t.Name)));
        Assert.Contains(types, t => t is ("Terminal.Core.Update", "UpdateSlots"));
        Assert.Contains(types, t => t is ("Terminal.Core.App", "ApplicationHost"));
        Assert.Contains(types, t => t is ("Terminal.Device", "AssemblyLoader"));
    }

    [Fact]
    public void The_interpreters_whole_terminal_run_is_bootstrap_side_only()
    {
        // Terminal.Posix runs on the nanoCLR beside the bootstrap; the application must reach it only through the bundle.
        var (refs, types) = Read(Output("Terminal.Posix.DeviceCompile").AssemblyPath);
        Assert.DoesNotContain("Terminal.App", refs);
        Assert.Contains("Terminal.Firmware", refs);
        var leaked = types.Where(t => ApplicationNamespaces.Contains(t.Namespace)).ToList();
        Assert.True(leaked.Count == 0, "application types in Terminal.Posix: " + string.Join(", ", leaked.Select(t => t.Namespace + "." + t.Name)));
        Assert.Contains(types, t => t is ("Terminal.Drivers.Reader.Simulated", "SimulatedRc522")); // the simulated RC522, compiled for the device
    }

    [Fact]
    public void The_application_assembly_builds_on_the_bootstrap_and_carries_the_card_checking_code()
    {
        var app = Output(Application);
        Assert.Equal("Terminal.App.dll", Path.GetFileName(app.AssemblyPath));
        var (refs, types) = Read(app.AssemblyPath);
        Assert.Contains("Terminal.Firmware", refs);
        Assert.Contains(types, t => t is ("Terminal.Core.App", "TerminalBoot"));
        Assert.Contains(types, t => t is ("Terminal.Core.Tap", "TapPipeline"));
        Assert.Contains(types, t => t is ("Terminal.Core.Rules", "PermitRules"));
        Assert.DoesNotContain(types, t => t is ("Terminal.Core.Update", "UpdateSlots"));
    }

    [Fact]
    public void The_application_entry_point_is_the_one_the_bootstrap_loader_calls()
    {
        using var pe = new PEReader(File.OpenRead(Output(Application).AssemblyPath));
        var md = pe.GetMetadataReader();
        var entry = md.TypeDefinitions.Select(h => md.GetTypeDefinition(h))
            .Single(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name) == Terminal.App.Application.EntryType);
        var run = entry.GetMethods().Select(h => md.GetMethodDefinition(h)).Single(m => md.GetString(m.Name) == "Run");
        Assert.True(run.Attributes.HasFlag(System.Reflection.MethodAttributes.Public | System.Reflection.MethodAttributes.Static));
        var signature = run.DecodeSignature(new SignatureNames(), null);
        Assert.Equal("void", signature.ReturnType);
        Assert.True(signature.ParameterTypes is ["object"], "Run takes " + string.Join(", ", signature.ParameterTypes));

        // The loader on the board looks the method up by this name (Terminal.Firmware/Device/AssemblyLoader.cs).
        var loader = File.ReadAllText(Path.Combine(RepoPaths.Root, "Terminal.Firmware", "Device", "AssemblyLoader.cs"));
        Assert.Contains("EntryMethodName = \"Run\"", loader);
    }

    [Fact]
    public void Nothing_deployed_with_the_bootstrap_references_the_application_project()
    {
        var bootstrap = Nfproj.Load(Path.Combine(RepoPaths.Root, "Terminal.Firmware", "Terminal.Firmware.nfproj"));
        Assert.DoesNotContain("Terminal.App", bootstrap.ReferencedAssemblies);
        var drivers = Nfproj.Load(Path.Combine(RepoPaths.Root, "Terminal.Drivers", "Terminal.Drivers.nfproj"));
        Assert.DoesNotContain("Terminal.App", drivers.ReferencedAssemblies);
        var app = Nfproj.Load(Path.Combine(RepoPaths.Root, "Terminal.App", "Terminal.App.nfproj"));
        Assert.Contains("Terminal.Firmware", app.ReferencedAssemblies);
    }

    /// <summary>Just enough of a signature decoder to name void/object parameters.</summary>
    private sealed class SignatureNames : ISignatureTypeProvider<string, object?>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Void => "void",
            PrimitiveTypeCode.Object => "object",
            _ => typeCode.ToString(),
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) => "spec";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[,]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetGenericInstantiation(string genericType, System.Collections.Immutable.ImmutableArray<string> typeArguments) => genericType;
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
    }
}
