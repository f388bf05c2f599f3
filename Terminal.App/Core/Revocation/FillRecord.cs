using Terminal.Core.Binary;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Says which list the spare slot is being filled with: slot, sequence and size, with a CRC. Written only after the
    /// slot file was sized and made durable, deleted once the list is activated or refused; a torn or missing record
    /// means "nothing to resume". Which byte ranges are already in is the downloader's business (its chunk bitmap).
    /// Layout (28 bytes): "RTFL", slot (1), 3 zero bytes, sequence (u64 LE), total bytes (u64 LE), CRC-32 of bytes 0..23.
    /// </summary>
    internal sealed class FillRecord
    {
        public const int Length = 28;

        private static readonly byte[] Magic = new byte[] { (byte)'R', (byte)'T', (byte)'F', (byte)'L' };

        public int Slot;

        public ulong Sequence;

        public long TotalBytes;

        /// <summary>The record in the file, or null when there is none or it is damaged.</summary>
        public static FillRecord Read(IFileStore store, string name)
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

            byte[] bytes = new byte[Length];
            int read = file.Length == Length ? file.Read(0, bytes, 0, Length) : -1;
            file.Close();
            if (read != Length || LittleEndian.ReadUInt32(bytes, 24) != Crc32.Compute(bytes, 0, 24) || bytes[4] > 1)
            {
                return null;
            }

            for (int i = 0; i < 4; i++)
            {
                if (bytes[i] != Magic[i])
                {
                    return null;
                }
            }

            FillRecord record = new FillRecord();
            record.Slot = bytes[4];
            record.Sequence = LittleEndian.ReadUInt64(bytes, 8);
            record.TotalBytes = (long)LittleEndian.ReadUInt64(bytes, 16);
            return record;
        }

        /// <summary>Replaces the record and makes it durable.</summary>
        public static bool Write(IFileStore store, string name, int slot, ulong sequence, long totalBytes)
        {
            byte[] bytes = new byte[Length];
            System.Array.Copy(Magic, 0, bytes, 0, 4);
            bytes[4] = (byte)slot;
            LittleEndian.WriteUInt64(bytes, 8, sequence);
            LittleEndian.WriteUInt64(bytes, 16, (ulong)totalBytes);
            LittleEndian.WriteUInt32(bytes, 24, Crc32.Compute(bytes, 0, 24));
            IStoredFile file = store.Create(name);
            if (file == null)
            {
                return false;
            }

            bool ok = file.Write(0, bytes, 0, Length) && file.Flush();
            file.Close();
            return ok;
        }
    }
}
