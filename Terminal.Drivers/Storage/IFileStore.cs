namespace Terminal.Drivers.Storage
{
    /// <summary>
    /// A flat set of named files on the terminal's flash: the one storage abstraction shared by everything that must
    /// survive a power cut (revocation list slots, outbox, configuration, counters). Failures are return values, never
    /// exceptions, so callers decide what a full or failing flash means for them.
    /// </summary>
    public interface IFileStore
    {
        /// <summary>True when a file of that name exists.</summary>
        bool Exists(string name);

        /// <summary>Opens an existing file for reading and writing; null when it does not exist or cannot be opened.</summary>
        IStoredFile Open(string name);

        /// <summary>Creates an empty file, replacing any file of that name; null when it cannot be created.</summary>
        IStoredFile Create(string name);

        /// <summary>Deletes the file if it exists; true when no file of that name is left.</summary>
        bool Delete(string name);

        /// <summary>Bytes still free on the volume, or -1 when the platform cannot tell (nanoFramework reports only the total).</summary>
        long FreeBytes { get; }
    }
}
