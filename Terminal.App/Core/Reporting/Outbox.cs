using Terminal.Core.Binary;
using Terminal.Core.Permits;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Reporting
{
    /// <summary>
    /// The persisted queue of usage events between the tap and the broker's PUBACK (README.md beside this file).
    /// An append-only log of checksummed records in segment files plus a two-slot state file (<see cref="OutboxState"/>).
    /// Invariants, for a power cut at any byte of any write:
    /// an event whose <see cref="Append"/> returned Ok stays until acknowledged or counted as lost; an event whose
    /// <see cref="Acknowledge"/> returned Ok is never sent again; no sequence number is ever handed out twice.
    /// Thread-safe: the tap pipeline appends while the reporting session reads and acknowledges.
    /// </summary>
    public sealed class Outbox
    {
        public const int SegmentHeaderBytes = 16;
        private const uint SegmentMagic = 0x424F5052; // "RPOB"

        // Segment numbers probed past missing ones at open. The state is saved after every deletion, so after a power cut
        // at most one deleted segment lies below the first existing one; the slack also covers a few failed saves.
        private const int ProbeSlack = 16;

        private readonly object _sync = new object();
        private readonly IFileStore _store;
        private readonly OutboxOptions _options;
        private readonly OutboxState _state = new OutboxState();
        private readonly UsageRecordCodec _codec = new UsageRecordCodec();
        private readonly byte[] _record = new byte[UsageRecordCodec.MaxRecordBytes];
        private readonly byte[] _header = new byte[SegmentHeaderBytes];

        private Segment[] _segments = new Segment[8];
        private int _segmentCount;
        private int _nextSegmentNumber;
        private IStoredFile _tailFile;
        private IStoredFile _readFile;
        private int _readFileNumber = -1;

        // Ordinals number the records of the log in order (in memory only, recounted at open).
        private long _appendOrdinal;
        private long _ackedOrdinal;
        private long _sendOrdinal;
        private int _sendSegment;
        private long _sendOffset;

        // Records handed out by ReadNext and not yet acknowledged, oldest first (a ring).
        private long[] _windowSequence;
        private long[] _windowOrdinal;
        private int[] _windowSegment;
        private long[] _windowOffset;
        private int _windowStart;
        private int _windowCount;

        private long _nextSequence;
        private long _lastSequence;
        private bool _open;

        // Scan state of Open: whether the first unacknowledged record was found, and the last sequence seen.
        private bool _cursorPlaced;
        private long _scanLastSequence = -1;

        public Outbox(IFileStore store, OutboxOptions options)
        {
            _store = store;
            _options = options;
            if (_options.SegmentBytes < SegmentHeaderBytes + UsageRecordCodec.MaxRecordBytes)
            {
                _options.SegmentBytes = SegmentHeaderBytes + UsageRecordCodec.MaxRecordBytes;
            }

            if (_options.MaxBytes < 2L * _options.SegmentBytes)
            {
                _options.MaxBytes = 2L * _options.SegmentBytes;
            }

            if (_options.FirstSequence < 1)
            {
                _options.FirstSequence = 1;
            }

            if (_options.CounterBlock < 1)
            {
                _options.CounterBlock = 1;
            }

            int window = _options.MaxOutstandingReads < 1 ? 1 : _options.MaxOutstandingReads;
            _windowSequence = new long[window];
            _windowOrdinal = new long[window];
            _windowSegment = new int[window];
            _windowOffset = new long[window];
        }

        /// <summary>Events appended and not yet acknowledged (nor counted as lost).</summary>
        public long PendingCount { get { lock (_sync) { return _appendOrdinal - _ackedOrdinal; } } }

        /// <summary>Pending events not yet handed out by <see cref="ReadNext"/> since the last <see cref="RewindUnsent"/>.</summary>
        public long UnsentCount { get { lock (_sync) { return _appendOrdinal - _sendOrdinal; } } }

        /// <summary>Events read for sending and awaiting acknowledgement.</summary>
        public int OutstandingCount { get { lock (_sync) { return _windowCount; } } }

        /// <summary>Events dropped or refused on overflow since the outbox was created (persisted).</summary>
        public long LostEvents { get { lock (_sync) { return _state.LostEvents; } } }

        public long AcknowledgedThrough { get { lock (_sync) { return _state.AcknowledgedThrough; } } }

        /// <summary>The sequence the next appended event gets.</summary>
        public long NextSequence { get { lock (_sync) { return _nextSequence; } } }

        /// <summary>Bytes of all segment files.</summary>
        public long BytesUsed
        {
            get
            {
                lock (_sync)
                {
                    long total = 0;
                    for (int i = 0; i < _segmentCount; i++)
                    {
                        total += _segments[i].Length;
                    }

                    return total;
                }
            }
        }

        public int SegmentCount { get { lock (_sync) { return _segmentCount; } } }

        /// <summary>Appends that failed on a storage error since open (the caller was told; health reports it).</summary>
        public long FailedAppends { get; private set; }

        /// <summary>Damaged or torn record tails found at open (each seals its segment).</summary>
        public int TornTailsAtOpen { get; private set; }

        /// <summary>Writes to the state file since open, for wear estimates.</summary>
        public long StateWrites { get { lock (_sync) { return _state.Writes; } } }

        /// <summary>Recovers the outbox from the store (or creates it). Call once before anything else.</summary>
        public OutboxStatus Open()
        {
            lock (_sync)
            {
                _state.AcknowledgedThrough = _options.FirstSequence - 1;
                _state.ReservedThrough = _options.FirstSequence - 1;
                _state.LostEvents = 0;
                _state.HeadSegment = 0;
                bool existed;
                if (!_state.Open(_store, StateName(), out existed))
                {
                    return OutboxStatus.StorageFailed;
                }

                _lastSequence = _state.AcknowledgedThrough;
                if (!ScanSegments())
                {
                    return OutboxStatus.StorageFailed;
                }

                long next = _state.ReservedThrough;
                if (_lastSequence > next)
                {
                    next = _lastSequence;
                }

                if (_state.AcknowledgedThrough > next)
                {
                    next = _state.AcknowledgedThrough;
                }

                _nextSequence = next + 1;
                _open = true;
                Compact();
                return OutboxStatus.Ok;
            }
        }

        /// <summary>
        /// Persists e before returning Ok. On overflow applies the policy; on a storage error nothing was appended (a
        /// partial record is never read back). Afterwards e.Sequence holds the sequence spent on the event, or 0 when
        /// none was (refused before anything reached the flash).
        /// </summary>
        public OutboxStatus Append(UsageEvent e)
        {
            lock (_sync)
            {
                if (!_open)
                {
                    return OutboxStatus.StorageFailed;
                }

                e.Sequence = _nextSequence;
                int length = UsageRecordCodec.Encode(e, _record, 0);
                e.Sequence = 0;
                if (length == 0)
                {
                    return OutboxStatus.InvalidEvent;
                }

                if (_nextSequence > _state.ReservedThrough)
                {
                    long previous = _state.ReservedThrough;
                    _state.ReservedThrough = _nextSequence + _options.CounterBlock - 1;
                    if (!SaveState())
                    {
                        _state.ReservedThrough = previous;
                        FailedAppends++;
                        return OutboxStatus.StorageFailed;
                    }
                }

                Segment tail = _segmentCount == 0 ? null : _segments[_segmentCount - 1];
                bool needSegment = tail == null || tail.Sealed || tail.Length + length > _options.SegmentBytes;
                long needed = length + (needSegment ? SegmentHeaderBytes : 0);
                while (BytesUsedLocked() + needed > _options.MaxBytes)
                {
                    if (_options.Overflow == OverflowPolicy.RejectNewest || _segmentCount == 0
                        || (_segmentCount == 1 && !needSegment))
                    {
                        _state.LostEvents++;
                        if (!SaveState())
                        {
                            _state.LostEvents--;
                            FailedAppends++;
                            return OutboxStatus.StorageFailed;
                        }

                        return OutboxStatus.Rejected;
                    }

                    if (!DropOldestSegment())
                    {
                        FailedAppends++;
                        return OutboxStatus.StorageFailed;
                    }

                    SaveState();

                    tail = _segmentCount == 0 ? null : _segments[_segmentCount - 1];
                    needSegment = tail == null || tail.Sealed || tail.Length + length > _options.SegmentBytes;
                    needed = length + (needSegment ? SegmentHeaderBytes : 0);
                }

                if (needSegment)
                {
                    tail = StartSegment();
                    if (tail == null)
                    {
                        FailedAppends++;
                        return OutboxStatus.StorageFailed;
                    }
                }

                // The sequence is spent from here on: a torn record may be partly on flash.
                e.Sequence = _nextSequence++;
                if (!_tailFile.Write(tail.Length, _record, 0, length) || !_tailFile.Flush())
                {
                    tail.Sealed = true;
                    CloseTail();
                    FailedAppends++;
                    return OutboxStatus.StorageFailed;
                }

                if (tail.Count == 0)
                {
                    tail.FirstSequence = e.Sequence;
                    tail.FirstOrdinal = _appendOrdinal;
                }

                tail.LastSequence = e.Sequence;
                tail.Count++;
                tail.Length += length;
                _appendOrdinal++;
                _lastSequence = e.Sequence;
                return OutboxStatus.Ok;
            }
        }

        /// <summary>
        /// Decodes up to max unsent events, oldest first, into into[offset..]; they stay pending until acknowledged.
        /// Returns how many (0: none unsent or the outstanding window is full), or -1 on a storage error.
        /// </summary>
        public int ReadNext(UsageEvent[] into, int offset, int max)
        {
            lock (_sync)
            {
                int n = 0;
                while (n < max && _windowCount < _windowSequence.Length && _sendOrdinal < _appendOrdinal)
                {
                    Segment segment = SegmentAtCursor();
                    if (segment == null)
                    {
                        return n > 0 ? n : -1;
                    }

                    IStoredFile file = FileFor(segment);
                    int length = file == null ? 0 : ReadRecord(file, _sendOffset);
                    if (length == 0 || !_codec.Decode(_record, 0, length, into[offset + n]))
                    {
                        return n > 0 ? n : -1;
                    }

                    int slot = (_windowStart + _windowCount) % _windowSequence.Length;
                    _windowSequence[slot] = into[offset + n].Sequence;
                    _windowOrdinal[slot] = _sendOrdinal;
                    _windowSegment[slot] = segment.Number;
                    _windowOffset[slot] = _sendOffset;
                    _windowCount++;
                    _sendOrdinal++;
                    _sendOffset += length;
                    n++;
                }

                return n;
            }
        }

        /// <summary>Forgets what was read and not acknowledged: the next <see cref="ReadNext"/> starts again at the oldest pending event (after a reconnect).</summary>
        public void RewindUnsent()
        {
            lock (_sync)
            {
                if (_windowCount > 0)
                {
                    _sendOrdinal = _windowOrdinal[_windowStart];
                    _sendSegment = _windowSegment[_windowStart];
                    _sendOffset = _windowOffset[_windowStart];
                    _windowCount = 0;
                }
            }
        }

        /// <summary>
        /// Marks every event read so far with a sequence up to throughSequence as delivered (after the broker's PUBACK),
        /// durably, then deletes segments that hold only delivered events. Sequences not read yet are never acknowledged.
        /// </summary>
        public OutboxStatus Acknowledge(long throughSequence)
        {
            lock (_sync)
            {
                int last = -1;
                for (int i = 0; i < _windowCount; i++)
                {
                    if (_windowSequence[(_windowStart + i) % _windowSequence.Length] > throughSequence)
                    {
                        break;
                    }

                    last = i;
                }

                if (last < 0)
                {
                    return OutboxStatus.Ok;
                }

                int slot = (_windowStart + last) % _windowSequence.Length;
                long previous = _state.AcknowledgedThrough;
                if (_windowSequence[slot] > previous)
                {
                    _state.AcknowledgedThrough = _windowSequence[slot];
                }

                if (!SaveState())
                {
                    _state.AcknowledgedThrough = previous;
                    return OutboxStatus.StorageFailed;
                }

                _ackedOrdinal = _windowOrdinal[slot] + 1;
                _windowStart = (_windowStart + last + 1) % _windowSequence.Length;
                _windowCount -= last + 1;
                Compact();
                return OutboxStatus.Ok;
            }
        }

        /// <summary>Releases the file handles. The outbox needs <see cref="Open"/> again afterwards.</summary>
        public void Close()
        {
            lock (_sync)
            {
                CloseTail();
                CloseRead();
                _state.Close();
                _open = false;
            }
        }

        private bool ScanSegments()
        {
            int number = _state.HeadSegment;
            int slack = ProbeSlack;
            bool found = false;
            while (true)
            {
                if (!_store.Exists(SegmentName(number)))
                {
                    if (found || slack-- <= 0)
                    {
                        break;
                    }

                    number++;
                    continue;
                }

                found = true;
                if (!LoadSegment(number))
                {
                    return false;
                }

                number++;
            }

            _nextSegmentNumber = found ? _segments[_segmentCount - 1].Number + 1 : _state.HeadSegment;
            if (_segmentCount > 0 && !_segments[_segmentCount - 1].Sealed)
            {
                _tailFile = _store.Open(SegmentName(_segments[_segmentCount - 1].Number));
                if (_tailFile == null)
                {
                    _segments[_segmentCount - 1].Sealed = true;
                }
            }

            // The send cursor starts at the first record not acknowledged, or at the end of the log.
            _sendOrdinal = _ackedOrdinal;
            if (!_cursorPlaced)
            {
                _sendSegment = _segmentCount > 0 ? _segments[_segmentCount - 1].Number : _nextSegmentNumber;
                _sendOffset = _segmentCount > 0 ? _segments[_segmentCount - 1].Length : SegmentHeaderBytes;
            }

            return true;
        }

        private bool LoadSegment(int number)
        {
            IStoredFile file = _store.Open(SegmentName(number));
            if (file == null)
            {
                return false;
            }

            Segment segment = new Segment();
            segment.Number = number;
            segment.FirstOrdinal = _appendOrdinal;
            long fileLength = file.Length;
            if (file.Read(0, _header, 0, SegmentHeaderBytes) != SegmentHeaderBytes || !HeaderValid(number))
            {
                // Created but its header never made it to flash: nothing in it; compaction deletes it.
                segment.Sealed = true;
                segment.Length = fileLength;
                file.Close();
                AddSegment(segment);
                return true;
            }

            long position = SegmentHeaderBytes;
            while (true)
            {
                int length = ReadRecord(file, position);
                if (length == 0)
                {
                    break;
                }

                long sequence = UsageRecordCodec.SequenceOf(_record, 0);
                if (sequence <= _scanLastSequence)
                {
                    break; // out of order: damaged, not a record written after the previous one
                }

                if (segment.Count == 0)
                {
                    segment.FirstSequence = sequence;
                }

                segment.LastSequence = sequence;
                segment.Count++;
                if (sequence <= _state.AcknowledgedThrough)
                {
                    _ackedOrdinal = _appendOrdinal + 1;
                }
                else if (!_cursorPlaced)
                {
                    _sendSegment = number;
                    _sendOffset = position;
                    _cursorPlaced = true;
                }

                _appendOrdinal++;
                _scanLastSequence = sequence;
                if (sequence > _lastSequence)
                {
                    _lastSequence = sequence;
                }

                position += length;
            }

            segment.Length = position;
            if (fileLength > position)
            {
                segment.Sealed = true;
                TornTailsAtOpen++;
            }

            file.Close();
            AddSegment(segment);
            return true;
        }

        // Reads and checks the record at position into _record; returns its length, or 0 at the end of valid data.
        private int ReadRecord(IStoredFile file, long position)
        {
            if (file.Read(position, _record, 0, 2) != 2)
            {
                return 0;
            }

            int length = UsageRecordCodec.RecordLengthFromPrefix(_record, 0);
            if (length == 0 || file.Read(position + 2, _record, 2, length - 2) != length - 2)
            {
                return 0;
            }

            return UsageRecordCodec.Check(_record, 0, length) ? length : 0;
        }

        private Segment StartSegment()
        {
            CloseTail();
            Segment segment = new Segment();
            segment.Number = _nextSegmentNumber;
            segment.FirstOrdinal = _appendOrdinal;
            IStoredFile file = _store.Create(SegmentName(segment.Number));
            if (file == null)
            {
                return null; // the number is not spent: segment numbers stay consecutive, which the scan at open relies on
            }

            _nextSegmentNumber++;

            // From here the file exists: keep it in the list (sealed if its header fails) so compaction removes it.
            segment.Length = SegmentHeaderBytes;
            AddSegment(segment);
            System.Array.Clear(_header, 0, SegmentHeaderBytes);
            LittleEndian.WriteUInt32(_header, 0, SegmentMagic);
            _header[4] = 1;
            LittleEndian.WriteUInt32(_header, 8, (uint)segment.Number);
            LittleEndian.WriteUInt32(_header, 12, Crc32.Compute(_header, 0, 12));
            if (!file.Write(0, _header, 0, SegmentHeaderBytes) || !file.Flush())
            {
                segment.Sealed = true;
                file.Close();
                return null;
            }

            _tailFile = file;
            return segment;
        }

        private bool HeaderValid(int number)
        {
            return LittleEndian.ReadUInt32(_header, 0) == SegmentMagic && _header[4] == 1
                && LittleEndian.ReadUInt32(_header, 8) == (uint)number
                && LittleEndian.ReadUInt32(_header, 12) == Crc32.Compute(_header, 0, 12);
        }

        // Counts the oldest segment's unacknowledged events as lost (durably first), then deletes it.
        private bool DropOldestSegment()
        {
            Segment oldest = _segments[0];
            long end = oldest.FirstOrdinal + oldest.Count;
            long unacknowledged = oldest.Count == 0 ? 0 : end - (_ackedOrdinal > oldest.FirstOrdinal ? _ackedOrdinal : oldest.FirstOrdinal);
            if (unacknowledged > 0)
            {
                long previousAck = _state.AcknowledgedThrough;
                long previousLost = _state.LostEvents;
                _state.LostEvents += unacknowledged;
                if (oldest.LastSequence > _state.AcknowledgedThrough)
                {
                    _state.AcknowledgedThrough = oldest.LastSequence;
                }

                if (!SaveState())
                {
                    _state.AcknowledgedThrough = previousAck;
                    _state.LostEvents = previousLost;
                    return false;
                }

                _ackedOrdinal = end;
                DropWindowBefore(end);
            }

            return DeleteFirstSegment();
        }

        // Deletes leading segments whose events are all acknowledged; the open tail stays until it is full or sealed.
        private void Compact()
        {
            while (_segmentCount > 0)
            {
                Segment first = _segments[0];
                if (first.FirstOrdinal + first.Count > _ackedOrdinal && first.Count > 0)
                {
                    return;
                }

                bool isOpenTail = _segmentCount == 1 && !first.Sealed
                    && first.Length + UsageRecordCodec.MaxRecordBytes <= _options.SegmentBytes;
                if (isOpenTail || !DeleteFirstSegment())
                {
                    return;
                }

                SaveState(); // records the new head segment; a failure only widens the gap the open probes past

            }
        }

        private bool DeleteFirstSegment()
        {
            Segment first = _segments[0];
            if (_readFileNumber == first.Number)
            {
                CloseRead();
            }

            if (_segmentCount == 1)
            {
                CloseTail();
            }

            if (!_store.Delete(SegmentName(first.Number)))
            {
                return false;
            }

            for (int i = 1; i < _segmentCount; i++)
            {
                _segments[i - 1] = _segments[i];
            }

            _segmentCount--;
            _segments[_segmentCount] = null;
            if (_sendSegment == first.Number)
            {
                MoveCursorToNextSegment(first.Number);
            }

            return true;
        }

        private void DropWindowBefore(long ordinal)
        {
            while (_windowCount > 0 && _windowOrdinal[_windowStart] < ordinal)
            {
                _windowStart = (_windowStart + 1) % _windowSequence.Length;
                _windowCount--;
            }

            if (_sendOrdinal < ordinal)
            {
                _sendOrdinal = ordinal;
                Segment oldest = _segments[0];
                MoveCursorToNextSegment(oldest.Number);
            }
        }

        private void MoveCursorToNextSegment(int afterNumber)
        {
            for (int i = 0; i < _segmentCount; i++)
            {
                if (_segments[i].Number > afterNumber)
                {
                    _sendSegment = _segments[i].Number;
                    _sendOffset = SegmentHeaderBytes;
                    return;
                }
            }

            _sendSegment = _nextSegmentNumber;
            _sendOffset = SegmentHeaderBytes;
        }

        // The segment holding the send cursor, moving the cursor past segment ends; null when it names no segment.
        private Segment SegmentAtCursor()
        {
            for (int i = 0; i < _segmentCount; i++)
            {
                Segment segment = _segments[i];
                if (segment.Number < _sendSegment)
                {
                    continue;
                }

                if (segment.Number > _sendSegment)
                {
                    _sendSegment = segment.Number;
                    _sendOffset = SegmentHeaderBytes;
                }

                if (_sendOffset < segment.Length && segment.Count > 0)
                {
                    return segment;
                }

                _sendSegment = segment.Number + 1;
                _sendOffset = SegmentHeaderBytes;
            }

            return null;
        }

        private IStoredFile FileFor(Segment segment)
        {
            if (_tailFile != null && segment == _segments[_segmentCount - 1])
            {
                return _tailFile;
            }

            if (_readFileNumber != segment.Number)
            {
                CloseRead();
                _readFile = _store.Open(SegmentName(segment.Number));
                _readFileNumber = _readFile == null ? -1 : segment.Number;
            }

            return _readFile;
        }

        private bool SaveState()
        {
            _state.HeadSegment = _segmentCount > 0 ? _segments[0].Number : _nextSegmentNumber;
            return _state.Save();
        }

        private long BytesUsedLocked()
        {
            long total = 0;
            for (int i = 0; i < _segmentCount; i++)
            {
                total += _segments[i].Length;
            }

            return total;
        }

        private void AddSegment(Segment segment)
        {
            if (_segmentCount == _segments.Length)
            {
                Segment[] larger = new Segment[_segments.Length * 2];
                System.Array.Copy(_segments, larger, _segmentCount);
                _segments = larger;
            }

            _segments[_segmentCount++] = segment;
        }

        private void CloseTail()
        {
            if (_tailFile != null)
            {
                _tailFile.Close();
                _tailFile = null;
            }
        }

        private void CloseRead()
        {
            if (_readFile != null)
            {
                _readFile.Close();
                _readFile = null;
            }

            _readFileNumber = -1;
        }

        private string StateName()
        {
            return string.Concat(_options.Name, ".state");
        }

        private string SegmentName(int number)
        {
            return string.Concat(_options.Name, ".", number.ToString().PadLeft(8, '0'));
        }

        private sealed class Segment
        {
            public int Number;
            public long FirstSequence;
            public long LastSequence;
            public long FirstOrdinal;
            public int Count;
            public long Length;
            public bool Sealed;
        }
    }
}
