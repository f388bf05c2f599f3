using Terminal.Core.Binary;
using Terminal.Core.Permits;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Reporting
{
    /// <summary>
    /// The outbox's small crash-safe state: acknowledged-through watermark, reserved event counter, loss count and the
    /// lowest segment number that may still exist. Two 48-byte slots alternate (A/B) with a generation number and a
    /// CRC: a write torn at any byte damages only the slot being written, so the other still holds the previous state.
    /// <code>
    /// 0 u32 magic "RPOS"   4 u32 generation   8 i64 acknowledged-through   16 i64 reserved-through
    /// 24 i64 lost events   32 i32 head segment   36 u32 0   40 u32 CRC-32 of [0,40)   44 u32 0
    /// </code>
    /// </summary>
    public sealed class OutboxState
    {
        public const int SlotBytes = 48;
        private const uint Magic = 0x534F5052; // "RPOS"

        private readonly byte[] _slot = new byte[SlotBytes];
        private IStoredFile _file;
        private uint _generation;

        /// <summary>Every event with a sequence up to this one is acknowledged by the broker or counted as lost.</summary>
        public long AcknowledgedThrough;

        /// <summary>Event sequences up to this one may have been handed out; the next boot starts above it.</summary>
        public long ReservedThrough;

        public long LostEvents;

        public int HeadSegment;

        /// <summary>Writes so far (both slots), for tests and wear estimates.</summary>
        public long Writes { get; private set; }

        /// <summary>
        /// Opens or creates the state file. Returns false on an I/O error. <paramref name="existed"/> tells whether a
        /// valid state was found (false: a new outbox, or a creation that a power cut interrupted before any event).
        /// </summary>
        public bool Open(IFileStore store, string name, out bool existed)
        {
            existed = false;
            _file = store.Exists(name) ? store.Open(name) : null;
            if (_file != null && Load())
            {
                existed = true;
                return true;
            }

            if (_file != null)
            {
                _file.Close();
            }

            _file = store.Create(name);
            if (_file == null)
            {
                return false;
            }

            // Both slots in one write: generation 0 and 1 with the same (initial) content. A torn write leaves the file
            // without a valid slot, which the next open treats as new again: no event can exist before this succeeds.
            _generation = 0;
            byte[] both = new byte[2 * SlotBytes];
            Fill(0);
            System.Array.Copy(_slot, 0, both, 0, SlotBytes);
            Fill(1);
            System.Array.Copy(_slot, 0, both, SlotBytes, SlotBytes);
            _generation = 1;
            Writes++;
            return _file.Write(0, both, 0, both.Length) && _file.Flush();
        }

        /// <summary>Makes the current field values durable (next generation, other slot). False on an I/O error.</summary>
        public bool Save()
        {
            uint next = _generation + 1;
            Fill(next);
            Writes++;
            if (!_file.Write((next & 1) * SlotBytes, _slot, 0, SlotBytes) || !_file.Flush())
            {
                return false;
            }

            _generation = next;
            return true;
        }

        public void Close()
        {
            if (_file != null)
            {
                _file.Close();
                _file = null;
            }
        }

        private bool Load()
        {
            bool found = false;
            uint bestGeneration = 0;
            for (int slot = 0; slot < 2; slot++)
            {
                if (_file.Read(slot * SlotBytes, _slot, 0, SlotBytes) != SlotBytes || !Valid(slot))
                {
                    continue;
                }

                uint generation = LittleEndian.ReadUInt32(_slot, 4);
                if (!found || generation > bestGeneration)
                {
                    found = true;
                    bestGeneration = generation;
                    _generation = generation;
                    AcknowledgedThrough = (long)LittleEndian.ReadUInt64(_slot, 8);
                    ReservedThrough = (long)LittleEndian.ReadUInt64(_slot, 16);
                    LostEvents = (long)LittleEndian.ReadUInt64(_slot, 24);
                    HeadSegment = (int)LittleEndian.ReadUInt32(_slot, 32);
                }
            }

            return found;
        }

        // A slot is valid when its magic and CRC match and its generation's parity names this slot.
        private bool Valid(int slot)
        {
            return LittleEndian.ReadUInt32(_slot, 0) == Magic && LittleEndian.ReadUInt32(_slot, 40) == Crc32.Compute(_slot, 0, 40)
                && (int)(LittleEndian.ReadUInt32(_slot, 4) & 1) == slot;
        }

        private void Fill(uint generation)
        {
            System.Array.Clear(_slot, 0, SlotBytes);
            LittleEndian.WriteUInt32(_slot, 0, Magic);
            LittleEndian.WriteUInt32(_slot, 4, generation);
            LittleEndian.WriteUInt64(_slot, 8, (ulong)(AcknowledgedThrough));
            LittleEndian.WriteUInt64(_slot, 16, (ulong)(ReservedThrough));
            LittleEndian.WriteUInt64(_slot, 24, (ulong)(LostEvents));
            LittleEndian.WriteUInt32(_slot, 32, (uint)HeadSegment);
            LittleEndian.WriteUInt32(_slot, 40, Crc32.Compute(_slot, 0, 40));
        }
    }
}
