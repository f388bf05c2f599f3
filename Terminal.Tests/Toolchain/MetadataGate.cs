using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Terminal.Tests.Toolchain;

/// <summary>
/// What the C# compiler accepts against nanoFramework's mscorlib but the stable nanoFramework runtime cannot load:
/// user-written generic types or methods (the interpreter crashes loading the assembly), generic instantiations,
/// references to assemblies that are neither the real mscorlib nor a fact-checked stub nor our own, and the
/// RefSafetyRulesAttribute C# 11+ embeds (the real metadata processor's .pe of it fails to load on the nanoCLR), and
/// String.LastIndexOf, which the nanoCLR answers wrongly on non-ASCII strings.
/// </summary>
public static class MetadataGate
{
    public sealed record Report(string Assembly, int Types, int Methods, int MemberReferences, IReadOnlyList<string> Violations);

    public static Report Check(string assemblyPath, IReadOnlySet<string> allowedAssemblyReferences, Version mscorlibVersion)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var violations = new List<string>();

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.GenericParam); row++)
        {
            var gp = md.GetGenericParameter(MetadataTokens.GenericParameterHandle(row));
            var owner = gp.Parent.Kind == HandleKind.TypeDefinition
                ? "generic type definition " + TypeName(md, (TypeDefinitionHandle)gp.Parent)
                : "generic method definition " + MethodName(md, (MethodDefinitionHandle)gp.Parent);
            violations.Add(owner + " (type parameter " + md.GetString(gp.Name) + ")");
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var spec = md.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            violations.Add("generic method instantiation of " + MemberName(md, spec.Method));
        }

        for (int row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var spec = md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row));
            var blob = md.GetBlobReader(spec.Signature);
            if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
            {
                blob.ReadSignatureTypeCode(); // class or value type
                var generic = blob.ReadTypeHandle();
                violations.Add("generic type instantiation of " + TypeName(md, generic));
            }
        }

        foreach (var handle in md.AssemblyReferences)
        {
            var reference = md.GetAssemblyReference(handle);
            var name = md.GetString(reference.Name);
            if (!allowedAssemblyReferences.Contains(name))
            {
                violations.Add("reference to assembly " + name + " " + reference.Version + ", which is neither nanoFramework's mscorlib nor a stub nor ours");
            }
            else if (name == "mscorlib" && reference.Version != mscorlibVersion)
            {
                violations.Add("reference to mscorlib " + reference.Version + " instead of the real nanoFramework mscorlib " + mscorlibVersion);
            }
        }

        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            var name = md.GetString(member.Name);
            if (name.StartsWith("LastIndexOf", StringComparison.Ordinal) && member.Parent.Kind == HandleKind.TypeReference
                && TypeName(md, member.Parent) == "System.String")
            {
                violations.Add("call to System.String." + name + ": the nanoCLR's backward search is wrong on non-ASCII text; use Terminal.Core.Display.TextSearch");
            }
        }

        foreach (var handle in md.TypeDefinitions)
        {
            if (md.GetString(md.GetTypeDefinition(handle).Name) == "RefSafetyRulesAttribute")
            {
                violations.Add("RefSafetyRulesAttribute (emitted by C# 11 and later): the metadata processor's minimisation then corrupts the attribute and native-method tables; device code compiles with LangVersion 10");
            }
        }

        var assemblyName = md.GetString(md.GetAssemblyDefinition().Name);
        return new Report(assemblyName, md.TypeDefinitions.Count, md.MethodDefinitions.Count, md.MemberReferences.Count, violations);
    }

    public static Version AssemblyVersionOf(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        return pe.GetMetadataReader().GetAssemblyDefinition().Version;
    }

    private static string TypeName(MetadataReader md, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                var def = md.GetTypeDefinition((TypeDefinitionHandle)handle);
                var declaring = def.GetDeclaringType();
                var prefix = declaring.IsNil ? Namespaced(md.GetString(def.Namespace)) : TypeName(md, declaring) + "+";
                return prefix + md.GetString(def.Name);
            case HandleKind.TypeReference:
                var reference = md.GetTypeReference((TypeReferenceHandle)handle);
                return Namespaced(md.GetString(reference.Namespace)) + md.GetString(reference.Name);
            default:
                return handle.Kind.ToString();
        }
    }

    private static string Namespaced(string ns) => ns.Length == 0 ? "" : ns + ".";

    private static string MethodName(MetadataReader md, MethodDefinitionHandle handle)
    {
        var method = md.GetMethodDefinition(handle);
        return TypeName(md, method.GetDeclaringType()) + "." + md.GetString(method.Name);
    }

    private static string MemberName(MetadataReader md, EntityHandle handle)
    {
        if (handle.Kind == HandleKind.MethodDefinition)
        {
            return MethodName(md, (MethodDefinitionHandle)handle);
        }

        var member = md.GetMemberReference((MemberReferenceHandle)handle);
        var parent = member.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference ? TypeName(md, member.Parent) : member.Parent.Kind.ToString();
        return parent + "." + md.GetString(member.Name);
    }
}
