using System;
using System.Reflection;
using Terminal.Core.Update;

namespace Terminal.Device
{
    /// <summary>
    /// The bootstrap's one device-only step of an update: loads the booted bundle's .pe files from the internal drive
    /// with <c>Assembly.Load(byte[])</c> in the manifest's load order (each read whole and checked against its signed
    /// SHA-512 by <see cref="UpdateSlots.ReadAssembly"/>), then calls the entry type's
    /// <c>public static void Run(object host)</c> with the bootstrap's <see cref="Terminal.Core.App.ApplicationHost"/> (drivers,
    /// options, and these decided slots, so the application reports health through a <see cref="HealthGate"/>).
    /// Everything else of the update path is portable core.
    /// </summary>
    public static class AssemblyLoader
    {
        public const string EntryMethodName = "Run";

        /// <summary>
        /// Loads and runs the booted application; returns only if it could not be loaded or its Run returned. A load
        /// failure is recorded (<see cref="UpdateSlots.ReportLoadFailure"/>), so the next boot rolls back or falls back:
        /// the caller reboots.
        /// </summary>
        public static UpdateError LoadAndRun(UpdateSlots slots, object host)
        {
            BootDecision booted = slots.Booted;
            if (booted == null || booted.Kind == BootKind.NoApplication || booted.Manifest == null)
            {
                return UpdateError.NoBundle;
            }

            BundleManifest manifest = booted.Manifest;
            Assembly entryAssembly = null;
            for (int i = 0; i < manifest.AssemblyCount; i++)
            {
                byte[] image = new byte[manifest.Assemblies[i].Size];
                UpdateError read = slots.ReadAssembly(i, image);
                if (read != UpdateError.None)
                {
                    slots.ReportLoadFailure(read);
                    return read;
                }

                Assembly loaded = LoadImage(image);
                image = null; // the runtime keeps its own copy; let the buffer go before the next one is read
                if (loaded == null)
                {
                    slots.ReportLoadFailure(UpdateError.LoadFailed);
                    return UpdateError.LoadFailed;
                }

                if (entryAssembly == null && loaded.GetType(manifest.EntryType) != null)
                {
                    entryAssembly = loaded;
                }
            }

            MethodInfo run = null;
            if (entryAssembly != null)
            {
                Type entry = entryAssembly.GetType(manifest.EntryType);
                run = entry.GetMethod(EntryMethodName);
            }

            if (run == null || !run.IsStatic)
            {
                slots.ReportLoadFailure(UpdateError.LoadFailed);
                return UpdateError.LoadFailed;
            }

            // An exception inside the application is not a load failure: the boot simply does not confirm, and the
            // trial counter rolls it back if it keeps failing.
            run.Invoke(null, new object[] { host });
            return UpdateError.None;
        }

        private static Assembly LoadImage(byte[] image)
        {
            try
            {
                return Assembly.Load(image);
            }
            catch (Exception)
            {
                return null;
            }
        }
    }
}
