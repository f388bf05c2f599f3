// Reference stub: signatures only, each checked against ../shared/nanoframework/api/nanoFramework.Runtime.Native.txt.
namespace nanoFramework.Runtime.Native
{
    public enum RebootOption
    {
        NormalReboot = 0,
        EnterNanoBooter = 1,
        ClrOnly = 2,
        EnterProprietaryBooter = 8,
    }

    public class Power
    {
        public static void RebootDevice(RebootOption rebootOption) { throw null; }
    }

    public static class GC
    {
        public static uint Run(bool compactHeap) { throw null; }
    }
}

namespace System
{
    public static class Environment
    {
        public static long TickCount64 { get { throw null; } }
    }
}
