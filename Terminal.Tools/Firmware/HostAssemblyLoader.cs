using System.Reflection;
using System.Runtime.Loader;
using Terminal.Core.Update;

namespace Terminal.Tools.Firmware;

/// <summary>
/// The host twin of the device's <c>AssemblyLoader</c>: loads the booted bundle's assemblies (net10.0 builds of the
/// application) into a collectible <see cref="AssemblyLoadContext"/> in load order, each read back hash-checked by
/// <see cref="UpdateSlots.ReadAssembly"/>, and calls the entry type's <c>public static void Run(object host)</c> with
/// <paramref name="host"/>: the bootstrap's <c>ApplicationHost</c>, as on the board (tests of the update core alone
/// may pass the slots). Assemblies the bundle does not carry (Terminal.Firmware with the update core itself) resolve to the host's,
/// as on the device, where the bootstrap's assemblies are already loaded.
/// </summary>
public static class HostAssemblyLoader
{
    public static UpdateError LoadAndRun(UpdateSlots slots, object host)
    {
        var booted = slots.Booted;
        if (booted?.Manifest == null || booted.Kind == BootKind.NoApplication)
        {
            return UpdateError.NoBundle;
        }

        var context = new AssemblyLoadContext("application-v" + booted.Version, isCollectible: true);
        try
        {
            MethodInfo? run = null;
            for (int i = 0; i < booted.Manifest.AssemblyCount; i++)
            {
                var image = new byte[booted.Manifest.Assemblies[i].Size];
                var read = slots.ReadAssembly(i, image);
                if (read != UpdateError.None)
                {
                    slots.ReportLoadFailure(read);
                    return read;
                }

                Assembly loaded;
                try
                {
                    loaded = context.LoadFromStream(new MemoryStream(image));
                }
                catch (BadImageFormatException)
                {
                    slots.ReportLoadFailure(UpdateError.LoadFailed);
                    return UpdateError.LoadFailed;
                }

                run ??= loaded.GetType(booted.Manifest.EntryType)?.GetMethod("Run", BindingFlags.Public | BindingFlags.Static, [typeof(object)]);
            }

            if (run == null)
            {
                slots.ReportLoadFailure(UpdateError.LoadFailed);
                return UpdateError.LoadFailed;
            }

            run.Invoke(null, [host]);
            return UpdateError.None;
        }
        finally
        {
            context.Unload();
        }
    }
}
