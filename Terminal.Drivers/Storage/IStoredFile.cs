namespace Terminal.Drivers.Storage
{
    /// <summary>
    /// An open file with positioned reads and writes. There is no SetLength: nanoFramework's FileStream.SetLength
    /// throws NotImplementedException, so a file is shortened only by <see cref="IFileStore.Create"/> (recreate empty).
    /// Writes never leave holes: a write must start at or before <see cref="Length"/>.
    /// </summary>
    public interface IStoredFile
    {
        /// <summary>Current length in bytes.</summary>
        long Length { get; }

        /// <summary>
        /// Reads up to count bytes at position; returns the number read (fewer only at the end of the file),
        /// or -1 on an I/O error.
        /// </summary>
        int Read(long position, byte[] buffer, int offset, int count);

        /// <summary>Writes count bytes at position (0 ≤ position ≤ Length); false when the flash is full or failed.</summary>
        bool Write(long position, byte[] data, int offset, int count);

        /// <summary>Makes every write so far durable (survives a power cut); false on an I/O error.</summary>
        bool Flush();

        /// <summary>Flushes and releases the handle.</summary>
        void Close();
    }
}
