using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Core.Persistence;
using Terminal.Core.Update;

namespace Terminal.Core.App
{
    /// <summary>
    /// What the bootstrap hands the application: the <c>host</c> of the entry point <c>Run(object host)</c>. It carries
    /// the drivers the bootstrap built, the options, and the update slots with this power-on's decision already taken
    /// (<see cref="UpdateSlots.DecideBoot"/> runs exactly once per boot: it counts trial boots). The application loaded
    /// from a verified bundle (Terminal.App) passes it to <see cref="TerminalBoot(ApplicationHost)"/>, which reports health
    /// through a <see cref="HealthGate"/> on <see cref="Updates"/>.
    /// </summary>
    public sealed class ApplicationHost
    {
        public BootDrivers Drivers;

        public BootOptions Options;

        /// <summary>The decided slots; null when no configuration (so no keys) could be read: the application says why.</summary>
        public UpdateSlots Updates;

        /// <summary>The flash plan behind <see cref="Mode"/> (null until decided).</summary>
        public FlashBudget Budget;

        private bool _stopRequested;

        /// <summary>
        /// Set by <see cref="RequestStop"/>: the running application returns from its main loop at the next moment no card
        /// is on the reader, as it does for a staged update. The host simulation uses it to end a run; on the board
        /// nothing asks (the board restarts instead).
        /// </summary>
        public bool StopRequested
        {
            get { return _stopRequested; }
        }

        public void RequestStop()
        {
            _stopRequested = true;
        }

        public ApplicationHost(BootDrivers drivers, BootOptions options)
        {
            Drivers = drivers;
            Options = options;
        }

        public UpdateMode Mode
        {
            get { return Budget == null ? UpdateMode.Disabled : Budget.Mode; }
        }

        /// <summary>This boot's decision (null before <see cref="DecideBoot"/>).</summary>
        public BootDecision Booted
        {
            get { return Updates == null ? null : Updates.Booted; }
        }

        /// <summary>
        /// The bootstrap's part of a boot, before any application runs: reads the configuration's keys and decides what
        /// to boot. Without a usable configuration nothing is decided (no key can check a bundle: the bootstrap waits for recovery).
        /// </summary>
        public static ApplicationHost Prepare(BootDrivers drivers, BootOptions options)
        {
            ApplicationHost host = new ApplicationHost(drivers, options);
            ConfigError error = new ConfigError();
            DeviceConfiguration configuration = new ConfigurationStore(drivers.Storage).Load(error);
            KeyRing keys = configuration == null ? null : ConfiguredKeys.BuildKeyRing(configuration, error);
            if (keys != null)
            {
                host.DecideBoot(keys);
            }

            return host;
        }

        /// <summary>Plans the flash (update mode), creates the slots and decides this boot; logs both.</summary>
        public BootDecision DecideBoot(KeyRing keys)
        {
            long drive = Options.DriveBytes > 0 ? Options.DriveBytes : Drivers.Storage.FreeBytes;
            Budget = FlashBudget.Plan(drive, Options.FlashReservedBytes, Options.ListSlotBytes, Options.ListDeltaBytes, Options.OutboxBytes, Options.PlannedBundleBytes);
            UpdatePolicy policy = new UpdatePolicy();
            policy.HardwareId = Options.HardwareId;
            policy.BootstrapVersion = Options.BootstrapVersion;
            policy.MaxTrialBoots = Options.MaxTrialBoots;
            Budget.ApplyTo(policy);
            Log(string.Concat("update: mode ", ModeName(Budget.Mode), " (drive ", drive.ToString(), " bytes, largest bundle ", Budget.MaxBundleBytes.ToString(), ")",
                Budget.Mode == UpdateMode.Disabled ? ": updates by cable only" : ""));

            Updates = new UpdateSlots(Drivers.Storage, keys, new Ed25519Verifier(), policy);
            BootDecision decision = Updates.DecideBoot();
            string booted = decision.Kind == BootKind.NoApplication
                ? "update: no application installed; running the built-in application"
                : string.Concat("update: booting version ", decision.Version.ToString(), decision.Kind == BootKind.Trial ? " on trial" : "", " from slot ", decision.Slot.ToString());
            Log(booted);
            if (decision.RolledBackVersion != 0)
            {
                Log(string.Concat("update: ROLLBACK of version ", decision.RolledBackVersion.ToString(), " (", UpdateErrorNames.Name(decision.Reason), ")"));
            }

            return decision;
        }

        public static string ModeName(UpdateMode mode)
        {
            switch (mode)
            {
                case UpdateMode.DualSlot: return "dual-slot";
                case UpdateMode.SingleSlot: return "single-slot";
                default: return "disabled";
            }
        }

        private void Log(string line)
        {
            if (Drivers.Log != null)
            {
                Drivers.Log.Line(line);
            }
        }
    }
}
