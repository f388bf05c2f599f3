using Terminal.Core.Binary;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// The record that says which list slot is active, kept as two copies in one small file. A switch writes a record
    /// with the next generation over the copy that is not the newest valid one, so a write torn by a power cut only
    /// ever damages the copy being replaced: on boot the newest valid copy (magic + CRC) names the active slot.
    /// </summary>
    internal sealed class SlotSelector
    {
        public const int RecordLength = 48;

        private const int SignaturePrefixLength = 16;

        private static readonly byte[] Magic = new byte[] { (byte)'R', (byte)'T', (byte)'S', (byte)'L' };

        public uint Generation;

        public int Slot;

        public ulong Sequence;

        public long FileLength;

        public byte[] SignaturePrefix = new byte[SignaturePrefixLength];

        /// <summary>Which copy (0 or 1) this record was read from.</summary>
        public int Copy;

        /// <summary>The newest valid record in the selector file, or null when there is none.</summary>
        public static SlotSelector ReadNewest(IFileStore store, string name)
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
            SlotSelector newest = null;
            for (int copy = 0; copy < 2; copy++)
            {
                SlotSelector record = Parse(bytes, copy, read);
                if (record != null && (newest == null || record.Generation > newest.Generation))
                {
                    newest = record;
                }
            }

            return newest;
        }

        /// <summary>Writes the record as the next generation after current (null: none) and makes it durable.</summary>
        public static bool Write(IFileStore store, string name, SlotSelector current, int slot, ulong sequence, long fileLength, byte[] signature)
        {
            IStoredFile file = store.Exists(name) ? store.Open(name) : store.Create(name);
            if (file == null)
            {
                return false;
            }

            int copy = current == null ? 0 : 1 - current.Copy;
            long position = copy * RecordLength;
            if (position > file.Length)
            {
                copy = 0;
                position = 0;
            }

            byte[] record = new byte[RecordLength];
            System.Array.Copy(Magic, 0, record, 0, 4);
            LittleEndian.WriteUInt32(record, 4, current == null ? 1 : current.Generation + 1);
            record[8] = (byte)slot;
            LittleEndian.WriteUInt64(record, 12, sequence);
            LittleEndian.WriteUInt64(record, 20, (ulong)fileLength);
            System.Array.Copy(signature, 0, record, 28, SignaturePrefixLength);
            LittleEndian.WriteUInt32(record, 44, Crc32.Compute(record, 0, 44));
            bool ok = file.Write(position, record, 0, RecordLength) && file.Flush();
            file.Close();
            return ok;
        }

        public bool MatchesSignature(byte[] signature)
        {
            for (int i = 0; i < SignaturePrefixLength; i++)
            {
                if (SignaturePrefix[i] != signature[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static SlotSelector Parse(byte[] bytes, int copy, int available)
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

            if (LittleEndian.ReadUInt32(bytes, offset + 44) != Crc32.Compute(bytes, offset, 44) || bytes[offset + 8] > 1)
            {
                return null;
            }

            SlotSelector record = new SlotSelector();
            record.Copy = copy;
            record.Generation = LittleEndian.ReadUInt32(bytes, offset + 4);
            record.Slot = bytes[offset + 8];
            record.Sequence = LittleEndian.ReadUInt64(bytes, offset + 12);
            record.FileLength = (long)LittleEndian.ReadUInt64(bytes, offset + 20);
            System.Array.Copy(bytes, offset + 28, record.SignaturePrefix, 0, SignaturePrefixLength);
            return record;
        }
    }
}
