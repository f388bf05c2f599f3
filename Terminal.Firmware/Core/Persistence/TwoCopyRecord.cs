using Terminal.Core.Binary;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Persistence
{
    /// <summary>
    /// A small record kept as two copies in one file: magic (4 bytes), generation (uint32), payload, CRC-32 of everything
    /// before it. A change writes the next generation over the copy that is not the newest valid one and flushes, so a
    /// write torn by a power cut only ever damages the copy being replaced, and the newest valid copy read at boot is
    /// always the previous or the new record. Subclasses say only what their payload is.
    /// </summary>
    public abstract class TwoCopyRecord
    {
        public const int PayloadOffset = 8;

        private readonly byte[] _magic;
        private readonly int _recordLength;

        protected TwoCopyRecord(byte[] magic, int recordLength)
        {
            _magic = magic;
            _recordLength = recordLength;
            Copy = -1;
        }

        /// <summary>Generation of the record as read or last written (0: never stored).</summary>
        public uint Generation;

        /// <summary>Which copy (0 or 1) the record was read from or written to; -1 for a record never stored.</summary>
        public int Copy;

        /// <summary>Fills this record from the newest valid copy in the file; false when there is none.</summary>
        public bool LoadNewest(IFileStore store, string name)
        {
            if (!store.Exists(name))
            {
                return false;
            }

            IStoredFile file = store.Open(name);
            if (file == null)
            {
                return false;
            }

            byte[] bytes = new byte[2 * _recordLength];
            int read = file.Read(0, bytes, 0, bytes.Length);
            file.Close();
            int newest = -1;
            uint newestGeneration = 0;
            for (int copy = 0; copy < 2; copy++)
            {
                int offset = copy * _recordLength;
                if (IsIntact(bytes, offset, read) && IsValidPayload(bytes, offset + PayloadOffset))
                {
                    uint generation = LittleEndian.ReadUInt32(bytes, offset + 4);
                    if (newest < 0 || generation > newestGeneration)
                    {
                        newest = copy;
                        newestGeneration = generation;
                    }
                }
            }

            if (newest < 0)
            {
                return false;
            }

            Copy = newest;
            Generation = newestGeneration;
            DecodePayload(bytes, newest * _recordLength + PayloadOffset);
            return true;
        }

        /// <summary>
        /// Stores this record's payload as the generation after current's (current: the newest record read, or null) over
        /// the other copy and makes it durable. On success this instance carries the new generation and copy.
        /// </summary>
        public bool WriteNext(IFileStore store, string name, TwoCopyRecord current)
        {
            IStoredFile file = store.Exists(name) ? store.Open(name) : store.Create(name);
            if (file == null)
            {
                return false;
            }

            bool stored = current != null && current.Copy >= 0;
            int copy = stored ? 1 - current.Copy : 0;
            long position = copy * _recordLength;
            if (position > file.Length)
            {
                copy = 0;
                position = 0;
            }

            uint generation = stored ? current.Generation + 1 : 1;
            byte[] record = new byte[_recordLength];
            System.Array.Copy(_magic, 0, record, 0, 4);
            LittleEndian.WriteUInt32(record, 4, generation);
            EncodePayload(record, PayloadOffset);
            int crcAt = _recordLength - 4;
            LittleEndian.WriteUInt32(record, crcAt, Crc32.Compute(record, 0, crcAt));
            bool ok = file.Write(position, record, 0, _recordLength) && file.Flush();
            file.Close();
            if (ok)
            {
                Generation = generation;
                Copy = copy;
            }

            return ok;
        }

        /// <summary>Bytes available to the payload (between the generation and the CRC).</summary>
        protected int PayloadLength { get { return _recordLength - PayloadOffset - 4; } }

        /// <summary>A payload that passed the CRC but names something impossible is treated as a damaged copy.</summary>
        protected abstract bool IsValidPayload(byte[] bytes, int offset);

        protected abstract void DecodePayload(byte[] bytes, int offset);

        protected abstract void EncodePayload(byte[] record, int offset);

        private bool IsIntact(byte[] bytes, int offset, int available)
        {
            if (available < offset + _recordLength)
            {
                return false;
            }

            for (int i = 0; i < 4; i++)
            {
                if (bytes[offset + i] != _magic[i])
                {
                    return false;
                }
            }

            int crcAt = offset + _recordLength - 4;
            return LittleEndian.ReadUInt32(bytes, crcAt) == Crc32.Compute(bytes, offset, _recordLength - 4);
        }
    }
}
