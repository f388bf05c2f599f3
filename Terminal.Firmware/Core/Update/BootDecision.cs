namespace Terminal.Core.Update
{
    /// <summary>What the bootstrap boots.</summary>
    public enum BootKind
    {
        /// <summary>No bootable application: the bootstrap shows it and waits for a bundle copied by cable (it has no network code).</summary>
        NoApplication = 0,

        /// <summary>The confirmed application.</summary>
        Active = 1,

        /// <summary>A staged version on trial: it must report healthy before it becomes the active one.</summary>
        Trial = 2,
    }

    /// <summary>The bootstrap's choice for this boot, and what it rolled back on the way.</summary>
    public sealed class BootDecision
    {
        public BootKind Kind;

        /// <summary>0 or 1 (-1 with NoApplication).</summary>
        public int Slot = -1;

        public ulong Version;

        /// <summary>The manifest of the booted bundle (load order, entry type); null with NoApplication.</summary>
        public BundleManifest Manifest;

        /// <summary>Why the preferred slot was not booted (None when it was).</summary>
        public UpdateError Reason;

        /// <summary>The version this boot gave up on (a trial that never reported healthy or failed its check), or 0.</summary>
        public ulong RolledBackVersion;
    }
}
