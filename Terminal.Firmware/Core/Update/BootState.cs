using Terminal.Core.Binary;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Update
{
    /// <summary>
    /// The bootstrap's record of which slot to boot, kept as two 64-byte copies in one small file (generation + CRC,
    /// like the list's slot selector and the outbox state). A change writes the next generation over the copy that is
    /// not the newest valid one and flushes, so a write torn by a power cut only damages the copy being replaced: the
    /// record read at boot is always either the previous or the new one. Activating an update is one such write.
    /// </summary>
    public sealed class BootState
    {
        public const int NoSlot = 0xFF;

        public const int RecordLength = 64;

        private static readonly byte[] Magic = new byte[] { (byte)'R', (byte)'T', (byte)'B', (byte)'S' };

        public uint Generation;

        /// <summary>The slot holding the confirmed (healthy) application, or <see cref="NoSlot"/>.</summary>
        public int ActiveSlot = NoSlot;

        public ulong ActiveVersion;

        /// <summary>First 8 bytes of the active bundle's signature: binds the record to the slot's content cheaply.</summary>
        public ulong ActiveTag;

        /// <summary>The slot holding a staged version on trial, or <see cref="NoSlot"/>.</summary>
        public int PendingSlot = NoSlot;

        public ulong PendingVersion;

        public ulong PendingTag;

        /// <summary>Boots the pending version has started (counted before it is loaded).</summary>
        public int TrialBoots;

        /// <summary>The last version rolled back or refused at boot (0: none), reported in the status.</summary>
        public ulong LastFailedVersion;

        /// <summary>Why it failed (<see cref="UpdateError"/>).</summary>
        public int LastFailure;

        /// <summary>The highest version ever staged: the replay floor (only higher versions are accepted).</summary>
        public ulong HighestVersion;

        /// <summary>Which copy (0 or 1) this record was read from; -1 for a record never stored.</summary>
        public int Copy = -1;

        public bool HasActive { get { return ActiveSlot != NoSlot; } }

        public bool HasPending { get { return PendingSlot != NoSlot; } }

        public BootState Clone()
        {
            BootState copy = new BootState();
            copy.Generation = Generation;
            copy.ActiveSlot = ActiveSlot;
            copy.ActiveVersion = ActiveVersion;
            copy.ActiveTag = ActiveTag;
            copy.PendingSlot = PendingSlot;
            copy.PendingVersion = PendingVersion;
            copy.PendingTag = PendingTag;
            copy.TrialBoots = TrialBoots;
            copy.LastFailedVersion = LastFailedVersion;
            copy.LastFailure = LastFailure;
            copy.HighestVersion = HighestVersion;
            copy.Copy = Copy;
            return copy;
        }

        /// <summary>The newest valid record in the file, or null when there is none (first boot, or both copies damaged).</summary>
        public static BootState ReadNewest(IFileStore store, string name)
        {
            if (!store.Exists(name))
            {
                return null;
            }

            IStoredFile file = store.Open(name);
            if (file == null)
            {
                return null;
            }

            byte[] bytes = new byte[2 * RecordLength];
            int read = file.Read(0, bytes, 0, bytes.Length);
            file.Close();
            BootState newest = null;
            for (int copy = 0; copy < 2; copy++)
            {
                BootState record = Parse(bytes, copy, read);
                if (record != null && (newest == null || record.Generation > newest.Generation))
                {
                    newest = record;
                }
            }

            return newest;
        }

        /// <summary>
        /// Stores this record as the generation after current's (current: the newest record read, or null) and makes it
        /// durable. On success this instance carries the new generation and copy.
        /// </summary>
        public bool Write(IFileStore store, string name, BootState current)
        {
            IStoredFile file = store.Exists(name) ? store.Open(name) : store.Create(name);
            if (file == null)
            {
                return false;
            }

            int copy = current == null || current.Copy < 0 ? 0 : 1 - current.Copy;
            long position = copy * RecordLength;
            if (position > file.Length)
            {
                copy = 0;
                position = 0;
            }

            uint generation = current == null ? 1 : current.Generation + 1;
            byte[] record = new byte[RecordLength];
            System.Array.Copy(Magic, 0, record, 0, 4);
            LittleEndian.WriteUInt32(record, 4, generation);
            record[8] = (byte)ActiveSlot;
            record[9] = (byte)PendingSlot;
            record[10] = (byte)TrialBoots;
            record[11] = (byte)LastFailure;
            LittleEndian.WriteUInt64(record, 12, ActiveVersion);
            LittleEndian.WriteUInt64(record, 20, PendingVersion);
            LittleEndian.WriteUInt64(record, 28, LastFailedVersion);
            LittleEndian.WriteUInt64(record, 36, HighestVersion);
            LittleEndian.WriteUInt64(record, 44, ActiveTag);
            LittleEndian.WriteUInt64(record, 52, PendingTag);
            LittleEndian.WriteUInt32(record, 60, Crc32.Compute(record, 0, 60));
            bool ok = file.Write(position, record, 0, RecordLength) && file.Flush();
            file.Close();
            if (ok)
            {
                Generation = generation;
                Copy = copy;
            }

            return ok;
        }

        private static BootState Parse(byte[] bytes, int copy, int available)
        {
            int offset = copy * RecordLength;
            if (available < offset + RecordLength)
            {
                return null;
            }

            for (int i = 0; i < 4; i++)
            {
                if (bytes[offset + i] != Magic[i])
                {
                    return null;
                }
            }

            if (LittleEndian.ReadUInt32(bytes, offset + 60) != Crc32.Compute(bytes, offset, 60)
                || !IsSlotOrNone(bytes[offset + 8]) || !IsSlotOrNone(bytes[offset + 9]))
            {
                return null;
            }

            BootState record = new BootState();
            record.Copy = copy;
            record.Generation = LittleEndian.ReadUInt32(bytes, offset + 4);
            record.ActiveSlot = bytes[offset + 8];
            record.PendingSlot = bytes[offset + 9];
            record.TrialBoots = bytes[offset + 10];
            record.LastFailure = bytes[offset + 11];
            record.ActiveVersion = LittleEndian.ReadUInt64(bytes, offset + 12);
            record.PendingVersion = LittleEndian.ReadUInt64(bytes, offset + 20);
            record.LastFailedVersion = LittleEndian.ReadUInt64(bytes, offset + 28);
            record.HighestVersion = LittleEndian.ReadUInt64(bytes, offset + 36);
            record.ActiveTag = LittleEndian.ReadUInt64(bytes, offset + 44);
            record.PendingTag = LittleEndian.ReadUInt64(bytes, offset + 52);
            return record;
        }

        private static bool IsSlotOrNone(int value)
        {
            return value == 0 || value == 1 || value == NoSlot;
        }
    }
}
