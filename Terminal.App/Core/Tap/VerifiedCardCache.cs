using Terminal.Core.Binary;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Tap
{
    /// <summary>What tier 2 concluded about a card (UID + tier-1 MAC identify one issued record on one card).</summary>
    public enum TierTwoMemory
    {
        Unknown = 0,
        Verified = 1,
        Forged = 2,
    }

    /// <summary>
    /// The cards this terminal has fully verified (or caught as forged), so tier 2 runs once per card and a known
    /// forgery raises FORGERY_ALERT at once. Fixed capacity, oldest overwritten. Persisted as fixed 32-byte slots,
    /// each with its own CRC: a slot torn by a power cut is simply forgotten (the card is verified again), never misread.
    /// Thread-safe: the tap loop reads it, the tier-2 worker writes it.
    /// </summary>
    public sealed class VerifiedCardCache
    {
        public const int SlotSize = 32;
        private const int UidOffset = 0;      // 10 bytes, zero padded
        private const int UidLengthOffset = 10;
        private const int StateOffset = 11;
        private const int MacOffset = 12;     // 16 bytes
        private const int CrcOffset = 28;     // CRC-32 of bytes [0..28)

        private readonly byte[] _slots;
        private readonly int _capacity;
        private readonly IStoredFile _file;
        private readonly object _lock = new object();
        private int _next;

        /// <summary>An in-memory cache, or one persisted in <paramref name="file"/> (may be null) and loaded from it.</summary>
        public VerifiedCardCache(int capacity, IStoredFile file)
        {
            _capacity = capacity;
            _slots = new byte[capacity * SlotSize];
            _file = file;
            if (file != null)
            {
                Load();
                if (file.Length < _slots.Length)
                {
                    // Writes may not leave holes: size the file once (zero slots read back as empty).
                    file.Write(file.Length, _slots, (int)file.Length, _slots.Length - (int)file.Length);
                    file.Flush();
                }
            }
        }

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    int n = 0;
                    for (int i = 0; i < _capacity; i++)
                    {
                        if (_slots[i * SlotSize + StateOffset] != 0)
                        {
                            n++;
                        }
                    }

                    return n;
                }
            }
        }

        public TierTwoMemory Find(byte[] uid, int uidLength, byte[] mac, int macOffset)
        {
            lock (_lock)
            {
                int slot = IndexOf(uid, uidLength, mac, macOffset);
                return slot < 0 ? TierTwoMemory.Unknown : (TierTwoMemory)_slots[slot * SlotSize + StateOffset];
            }
        }

        /// <summary>Remembers the outcome (replacing an earlier one for the same card) and persists that slot.</summary>
        public void Remember(byte[] uid, int uidLength, byte[] mac, int macOffset, TierTwoMemory state)
        {
            lock (_lock)
            {
                int slot = IndexOf(uid, uidLength, mac, macOffset);
                if (slot < 0)
                {
                    slot = _next;
                    _next = (_next + 1) % _capacity;
                }

                int at = slot * SlotSize;
                System.Array.Clear(_slots, at, SlotSize);
                System.Array.Copy(uid, 0, _slots, at + UidOffset, uidLength);
                _slots[at + UidLengthOffset] = (byte)uidLength;
                _slots[at + StateOffset] = (byte)state;
                System.Array.Copy(mac, macOffset, _slots, at + MacOffset, 16);
                uint crc = Crc32.Compute(_slots, at, CrcOffset);
                _slots[at + CrcOffset] = (byte)(crc >> 24);
                _slots[at + CrcOffset + 1] = (byte)(crc >> 16);
                _slots[at + CrcOffset + 2] = (byte)(crc >> 8);
                _slots[at + CrcOffset + 3] = (byte)crc;
                if (_file != null)
                {
                    _file.Write(at, _slots, at, SlotSize);
                    _file.Flush();
                }
            }
        }

        private int IndexOf(byte[] uid, int uidLength, byte[] mac, int macOffset)
        {
            for (int i = 0; i < _capacity; i++)
            {
                int at = i * SlotSize;
                if (_slots[at + StateOffset] == 0 || _slots[at + UidLengthOffset] != uidLength)
                {
                    continue;
                }

                bool same = true;
                for (int k = 0; k < uidLength && same; k++)
                {
                    same = _slots[at + UidOffset + k] == uid[k];
                }

                for (int k = 0; k < 16 && same; k++)
                {
                    same = _slots[at + MacOffset + k] == mac[macOffset + k];
                }

                if (same)
                {
                    return i;
                }
            }

            return -1;
        }

        private void Load()
        {
            int length = (int)_file.Length;
            int usable = length < _slots.Length ? length : _slots.Length;
            if (usable > 0 && _file.Read(0, _slots, 0, usable) != usable)
            {
                System.Array.Clear(_slots, 0, _slots.Length);
                return;
            }

            int newest = -1;
            for (int i = 0; i < _capacity; i++)
            {
                int at = i * SlotSize;
                uint stored = ((uint)_slots[at + CrcOffset] << 24) | ((uint)_slots[at + CrcOffset + 1] << 16) | ((uint)_slots[at + CrcOffset + 2] << 8) | _slots[at + CrcOffset + 3];
                bool valid = (i + 1) * SlotSize <= usable && _slots[at + StateOffset] != 0 && _slots[at + StateOffset] <= 2 && Crc32.Compute(_slots, at, CrcOffset) == stored;
                if (!valid)
                {
                    System.Array.Clear(_slots, at, SlotSize);
                }
                else
                {
                    newest = i;
                }
            }

            _next = (newest + 1) % _capacity;
        }
    }
}
