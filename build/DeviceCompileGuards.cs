// Compiled only by the Linux device compile (never part of an .nfproj, never deployed).
// nanoFramework's mscorlib has no System.Collections.Generic namespace, so `new System.Collections.Generic.List<int>()`
// would fail with "'Generic' does not exist in the namespace 'System.Collections'". With the namespace present, the
// compiler names the missing type instead: "'List<>' does not exist in the namespace 'System.Collections.Generic'".
namespace System.Collections.Generic
{
    internal static class NanoFrameworkStableHasNoGenerics
    {
    }
}
