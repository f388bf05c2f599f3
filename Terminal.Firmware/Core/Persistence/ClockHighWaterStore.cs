using Terminal.Core.Binary;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Persistence
{
    /// <summary>
    /// The highest wall-clock time (Unix seconds) the terminal has ever trusted, kept across power cuts so that a clock
    /// set back (flat RTC battery, forged SNTP) is detected as a rollback. Two copies, "{name}.0" and "{name}.1", each a
    /// 16-byte record: generation (uint32), mark (int64), CRC-32 of the 12 bytes before it. Save overwrites the copy
    /// with the older generation and flushes, so a power cut tears at most that copy and the newer one still reads.
    /// </summary>
    public sealed class ClockHighWaterStore
    {
        public const int RecordLength = 16;

        private readonly IFileStore _store;
        private readonly string[] _names;
        private readonly byte[] _record = new byte[RecordLength];
        private bool _loaded;
        private long _mark;
        private uint _generation;
        private int _newerCopy = -1;

        public ClockHighWaterStore(IFileStore store, string name)
        {
            _store = store;
            _names = new string[] { string.Concat(name, ".0"), string.Concat(name, ".1") };
        }

        /// <summary>Writes that reached the flash since construction (to keep periodic saves bounded and visible).</summary>
        public int WriteCount { get; private set; }

        /// <summary>The stored mark in Unix seconds; 0 when there is none or both copies are corrupt.</summary>
        public long Load()
        {
            _mark = 0;
            _generation = 0;
            _newerCopy = -1;
            for (int copy = 0; copy < 2; copy++)
            {
                uint generation;
                long mark;
                if (ReadCopy(copy, out generation, out mark) && (_newerCopy < 0 || generation > _generation))
                {
                    _generation = generation;
                    _mark = mark;
                    _newerCopy = copy;
                }
            }

            _loaded = true;
            return _mark;
        }

        /// <summary>
        /// Raises the stored mark to unixSeconds. A value at or below the stored mark writes nothing and returns true
        /// (the mark never goes down); false when the flash refused the write.
        /// </summary>
        public bool Save(long unixSeconds)
        {
            if (!_loaded)
            {
                Load();
            }

            if (unixSeconds <= _mark)
            {
                return true;
            }

            int target = _newerCopy == 0 ? 1 : 0;
            uint generation = _generation + 1;
            LittleEndian.WriteUInt32(_record, 0, generation);
            LittleEndian.WriteUInt64(_record, 4, (ulong)unixSeconds);
            LittleEndian.WriteUInt32(_record, 12, Crc32.Compute(_record, 0, 12));

            IStoredFile file = _store.Open(_names[target]);
            if (file == null || file.Length != RecordLength)
            {
                if (file != null)
                {
                    file.Close();
                }

                file = _store.Create(_names[target]);
                if (file == null)
                {
                    return false;
                }
            }

            bool ok = file.Write(0, _record, 0, RecordLength) && file.Flush();
            file.Close();
            WriteCount++;
            if (!ok)
            {
                return false;
            }

            _generation = generation;
            _mark = unixSeconds;
            _newerCopy = target;
            return true;
        }

        private bool ReadCopy(int copy, out uint generation, out long mark)
        {
            generation = 0;
            mark = 0;
            IStoredFile file = _store.Open(_names[copy]);
            if (file == null)
            {
                return false;
            }

            int read = file.Length == RecordLength ? file.Read(0, _record, 0, RecordLength) : -1;
            file.Close();
            if (read != RecordLength || LittleEndian.ReadUInt32(_record, 12) != Crc32.Compute(_record, 0, 12))
            {
                return false;
            }

            generation = LittleEndian.ReadUInt32(_record, 0);
            mark = (long)LittleEndian.ReadUInt64(_record, 4);
            return mark >= 0;
        }
    }
}
