using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Terminal.Tests.Toolchain;

/// <summary>
/// Compares a stub assembly's public surface with the API facts in ../shared/nanoframework/api/&lt;assembly&gt;.txt,
/// by the same documentation-comment IDs the facts were written in (Roslyn's GetDocumentationCommentId).
/// </summary>
public static class StubFacts
{
    /// <summary>Documentation-comment IDs of every public or protected type and member the assembly declares.</summary>
    public static IReadOnlyList<string> PublicSurface(string assemblyPath, string mscorlibPath)
    {
        var stubReference = MetadataReference.CreateFromFile(assemblyPath);
        var compilation = CSharpCompilation.Create("StubSurface", references: [MetadataReference.CreateFromFile(mscorlibPath), stubReference]);
        var assembly = (IAssemblySymbol?)compilation.GetAssemblyOrModuleSymbol(stubReference)
            ?? throw new InvalidOperationException("Roslyn could not load " + assemblyPath);
        var ids = new List<string>();
        Walk(assembly.GlobalNamespace, ids);
        return ids;
    }

    /// <summary>Facts file lines (comments dropped) as a set.</summary>
    public static HashSet<string> LoadFacts(string factsPath) =>
        File.ReadAllLines(factsPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

    private static void Walk(INamespaceSymbol ns, List<string> ids)
    {
        foreach (var child in ns.GetNamespaceMembers())
        {
            Walk(child, ids);
        }

        foreach (var type in ns.GetTypeMembers())
        {
            WalkType(type, ids);
        }
    }

    private static void WalkType(INamedTypeSymbol type, List<string> ids)
    {
        if (!IsVisible(type))
        {
            return;
        }

        ids.Add(type.GetDocumentationCommentId()!);
        foreach (var member in type.GetMembers())
        {
            if (member is INamedTypeSymbol nested)
            {
                WalkType(nested, ids);
            }
            else if (IsVisible(member))
            {
                ids.Add(member.GetDocumentationCommentId()!);
            }
        }
    }

    private static bool IsVisible(ISymbol symbol) =>
        symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal;
}
