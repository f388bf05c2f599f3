using System.Reflection;
using System.Reflection.Emit;
using Terminal.Core.App;

namespace Terminal.Tools.Firmware;

/// <summary>
/// A real net10.0 application assembly (<c>Terminal.App</c>, entry type <c>Terminal.App.Application</c>) whose
/// <c>Run(object host)</c> starts, says so on the console and then idles until the host stops it, without ever
/// creating a health gate: a broken release as the bootstrap sees one. It is emitted with the runtime's own
/// <see cref="PersistedAssemblyBuilder"/> (no compiler needed); the IL is this C#:
/// <code>
/// public static void Run(object host)
/// {
///     ApplicationHost h = (ApplicationHost)host;
///     h.Drivers.Log.Line(Banner);
///     while (!h.StopRequested) { Thread.Sleep(5); }
/// }
/// </code>
/// </summary>
public static class NeverHealthyApplication
{
    public const string Banner = "app: this build starts but never reports healthy (it never builds a HealthGate)";

    public static byte[] Build()
    {
        var name = new AssemblyName(Terminal.App.Application.AssemblyName);
        var assembly = new PersistedAssemblyBuilder(name, typeof(object).Assembly);
        var module = assembly.DefineDynamicModule(name.Name!);
        var type = module.DefineType(Terminal.App.Application.EntryType,
            TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class, typeof(object));
        var run = type.DefineMethod("Run", MethodAttributes.Public | MethodAttributes.Static | MethodAttributes.HideBySig, typeof(void), [typeof(object)]);

        var il = run.GetILGenerator();
        var host = il.DeclareLocal(typeof(ApplicationHost));
        var sleep = il.DefineLabel();
        var check = il.DefineLabel();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Castclass, typeof(ApplicationHost));
        il.Emit(OpCodes.Stloc, host);
        il.Emit(OpCodes.Ldloc, host);
        il.Emit(OpCodes.Ldfld, typeof(ApplicationHost).GetField(nameof(ApplicationHost.Drivers))!);
        il.Emit(OpCodes.Ldfld, typeof(BootDrivers).GetField(nameof(BootDrivers.Log))!);
        il.Emit(OpCodes.Ldstr, Banner);
        il.Emit(OpCodes.Callvirt, typeof(IBootLog).GetMethod(nameof(IBootLog.Line))!);
        il.Emit(OpCodes.Br, check);
        il.MarkLabel(sleep);
        il.Emit(OpCodes.Ldc_I4_5);
        il.Emit(OpCodes.Call, typeof(Thread).GetMethod(nameof(Thread.Sleep), [typeof(int)])!);
        il.MarkLabel(check);
        il.Emit(OpCodes.Ldloc, host);
        il.Emit(OpCodes.Callvirt, typeof(ApplicationHost).GetProperty(nameof(ApplicationHost.StopRequested))!.GetMethod!);
        il.Emit(OpCodes.Brfalse, sleep);
        il.Emit(OpCodes.Ret);
        type.CreateType();

        using var image = new MemoryStream();
        assembly.Save(image);
        return image.ToArray();
    }
}
