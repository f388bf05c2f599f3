using Terminal.Core.Binary;
using Terminal.Core.Persistence;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Update
{
    /// <summary>
    /// The bootstrap's record of which slot to boot, a 64-byte <see cref="TwoCopyRecord"/> (like the list's slot
    /// selector): the record read at boot is always either the previous or the new one, so activating an update is one
    /// crash-safe record write.
    /// </summary>
    public sealed class BootState : TwoCopyRecord
    {
        public const int NoSlot = 0xFF;

        public const int RecordLength = 64;

        private static readonly byte[] Magic = new byte[] { (byte)'R', (byte)'T', (byte)'B', (byte)'S' };

        public BootState()
            : base(Magic, RecordLength)
        {
        }

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
            BootState record = new BootState();
            return record.LoadNewest(store, name) ? record : null;
        }

        /// <summary>
        /// Stores this record as the generation after current's (current: the newest record read, or null) and makes it
        /// durable. On success this instance carries the new generation and copy.
        /// </summary>
        public bool Write(IFileStore store, string name, BootState current)
        {
            return WriteNext(store, name, current);
        }

        protected override bool IsValidPayload(byte[] bytes, int offset)
        {
            return IsSlotOrNone(bytes[offset]) && IsSlotOrNone(bytes[offset + 1]);
        }

        protected override void DecodePayload(byte[] bytes, int offset)
        {
            ActiveSlot = bytes[offset];
            PendingSlot = bytes[offset + 1];
            TrialBoots = bytes[offset + 2];
            LastFailure = bytes[offset + 3];
            ActiveVersion = LittleEndian.ReadUInt64(bytes, offset + 4);
            PendingVersion = LittleEndian.ReadUInt64(bytes, offset + 12);
            LastFailedVersion = LittleEndian.ReadUInt64(bytes, offset + 20);
            HighestVersion = LittleEndian.ReadUInt64(bytes, offset + 28);
            ActiveTag = LittleEndian.ReadUInt64(bytes, offset + 36);
            PendingTag = LittleEndian.ReadUInt64(bytes, offset + 44);
        }

        protected override void EncodePayload(byte[] record, int offset)
        {
            record[offset] = (byte)ActiveSlot;
            record[offset + 1] = (byte)PendingSlot;
            record[offset + 2] = (byte)TrialBoots;
            record[offset + 3] = (byte)LastFailure;
            LittleEndian.WriteUInt64(record, offset + 4, ActiveVersion);
            LittleEndian.WriteUInt64(record, offset + 12, PendingVersion);
            LittleEndian.WriteUInt64(record, offset + 20, LastFailedVersion);
            LittleEndian.WriteUInt64(record, offset + 28, HighestVersion);
            LittleEndian.WriteUInt64(record, offset + 36, ActiveTag);
            LittleEndian.WriteUInt64(record, offset + 44, PendingTag);
        }

        private static bool IsSlotOrNone(int value)
        {
            return value == 0 || value == 1 || value == NoSlot;
        }
    }
}
