using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// The terminal's revocation list on flash: two list slots and a slot selector (see <see cref="SlotSelector"/>).
    /// An update (a full list or a delta, told apart by magic) arrives in chunks of at most 4 KB and is written into the
    /// inactive slot; Commit verifies it from flash (trusted ListSigner key, newer sequence, Ed25519 signature streamed
    /// in chunks), and only then switches the selector. A power cut at any byte leaves either the previous list active
    /// and intact or the new one complete.
    /// A download (<see cref="BeginDownload"/>) fills the inactive slot at any offsets, across reboots: the slot is
    /// sized first, then a fill record (<see cref="FillRecord"/>) binds it to the list's sequence and size, so
    /// <see cref="ResumeDownload"/> after a power cut knows the slot still holds that list's bytes.
    /// </summary>
    public sealed class RevocationStore
    {
        public const int MaxChunkBytes = 4096;

        /// <summary>Largest list a download accepts (the internal drive of an 8 MB module is 2 MiB and holds both slots).</summary>
        public const long MaxListBytes = 768 * 1024;

        private const int KindNone = 0;
        private const int KindList = 1;
        private const int KindDelta = 2;

        private readonly IFileStore _store;
        private readonly KeyRing _keys;
        private readonly ISignatureVerifier _verifier;
        private readonly string[] _slotNames;
        private readonly string _selectorName;
        private readonly string _deltaName;
        private readonly string _fillName;
        private readonly byte[] _scratch = new byte[MaxChunkBytes];
        private readonly byte[] _signature = new byte[RevocationListHeader.SignatureLength];
        private readonly byte[] _prefix = new byte[4];

        /// <summary>Guards the switch of the active list against a lookup on the tap thread (downloads run on the reporting thread).</summary>
        private readonly object _switch = new object();

        private RevocationList _active;
        private int _activeSlot = -1;
        private SlotSelector _selector;
        private ulong _sequenceFloor;

        private bool _updating;
        private int _prefixCount;
        private int _updateKind;
        private IStoredFile _updateFile;
        private long _updateLength;

        private IStoredFile _downloadFile;
        private ulong _downloadSequence;
        private long _downloadLength;

        /// <summary>Files are named namePrefix + "-a.bin", "-b.bin", "-select.bin", "-delta.bin", "-fill.bin".</summary>
        public RevocationStore(IFileStore store, KeyRing keys, ISignatureVerifier verifier, string namePrefix)
        {
            _store = store;
            _keys = keys;
            _verifier = verifier;
            _slotNames = new string[] { string.Concat(namePrefix, "-a.bin"), string.Concat(namePrefix, "-b.bin") };
            _selectorName = string.Concat(namePrefix, "-select.bin");
            _deltaName = string.Concat(namePrefix, "-delta.bin");
            _fillName = string.Concat(namePrefix, "-fill.bin");
        }

        /// <summary>The active list, or null when there is none.</summary>
        public RevocationList Active { get { return _active; } }

        /// <summary>0 or 1, or -1 when no list is active.</summary>
        public int ActiveSlot { get { return _activeSlot; } }

        public RevocationStatus Status { get { return _active == null ? RevocationStatus.None : _active.Status; } }

        /// <summary>Lists with a sequence at or below this are refused (replay).</summary>
        public ulong SequenceFloor { get { return _sequenceFloor; } }

        /// <summary>Per-tap lookup in the active list; Unavailable when none is active.</summary>
        public RevocationLookupResult Lookup(ulong cardKey)
        {
            lock (_switch)
            {
                return _active == null ? RevocationLookupResult.Unavailable : _active.Lookup(cardKey);
            }
        }

        /// <summary>
        /// Finds the active list after boot. The selector's slot is checked cheaply (header, length, signature bytes
        /// against the selector) or, with verifySignature, fully. If that fails, the other slot is activated only if it
        /// verifies in full. Returns None when a list is active, NoList or the reason otherwise.
        /// </summary>
        public RevocationError Mount(bool verifySignature)
        {
            AbortUpdate();
            CloseDownload();
            CloseActive();
            _selector = SlotSelector.ReadNewest(_store, _selectorName);
            _sequenceFloor = _selector == null ? 0 : _selector.Sequence;
            RevocationError error = RevocationError.NoList;
            if (_selector != null)
            {
                error = TryActivateStored(_selector.Slot, _selector, verifySignature);
                if (error == RevocationError.None)
                {
                    return error;
                }
            }

            for (int slot = 0; slot < 2; slot++)
            {
                if (_selector != null && slot == _selector.Slot)
                {
                    continue;
                }

                RevocationError fallback = TryActivateStored(slot, null, true);
                if (fallback == RevocationError.None)
                {
                    return fallback;
                }
            }

            return error;
        }

        /// <summary>Starts receiving an update (abandoning any update in progress).</summary>
        public RevocationError BeginUpdate()
        {
            AbortUpdate();
            _updating = true;
            _prefixCount = 0;
            _updateKind = KindNone;
            _updateLength = 0;
            return RevocationError.None;
        }

        /// <summary>Appends the next chunk (at most 4 KB) of a list or delta file.</summary>
        public RevocationError AppendUpdate(byte[] data, int offset, int count)
        {
            if (!_updating)
            {
                return RevocationError.NoUpdateInProgress;
            }

            if (count > MaxChunkBytes)
            {
                return Fail(RevocationError.ChunkTooLarge);
            }

            while (_updateKind == KindNone && count > 0)
            {
                _prefix[_prefixCount++] = data[offset++];
                count--;
                if (_prefixCount == 4)
                {
                    RevocationError opened = OpenUpdateTarget();
                    if (opened != RevocationError.None)
                    {
                        return Fail(opened);
                    }

                    RevocationError wrote = WriteUpdate(_prefix, 0, 4);
                    if (wrote != RevocationError.None)
                    {
                        return Fail(wrote);
                    }
                }
            }

            return count == 0 ? RevocationError.None : WriteUpdateOrFail(data, offset, count);
        }

        /// <summary>Verifies what was received and, if it is acceptable, makes it the active list.</summary>
        public RevocationError CommitUpdate()
        {
            if (!_updating)
            {
                return RevocationError.NoUpdateInProgress;
            }

            if (_updateKind == KindNone)
            {
                return Fail(RevocationError.Truncated);
            }

            if (!_updateFile.Flush())
            {
                return Fail(RevocationError.StorageError);
            }

            RevocationError result = _updateKind == KindList ? CommitList() : CommitDelta();
            if (result != RevocationError.None)
            {
                return Fail(result);
            }

            _updating = false;
            return RevocationError.None;
        }

        /// <summary>Abandons an update; the active list is untouched.</summary>
        public void AbortUpdate()
        {
            if (_updateFile != null)
            {
                if (_active == null || _updateFile != _active.File)
                {
                    _updateFile.Close();
                }

                _updateFile = null;
            }

            _updating = false;
        }

        /// <summary>Sequence of the download under way in the spare slot (0: none).</summary>
        public ulong DownloadSequence { get { return _downloadFile == null ? 0 : _downloadSequence; } }

        /// <summary>
        /// Prepares the spare slot for a list of totalBytes with this sequence (abandoning any update or download in
        /// progress): the slot file is created and sized with zeros and made durable, and only then is the fill record
        /// written, so a power cut while preparing leaves nothing resumable. NotNewer for a sequence at or below the floor.
        /// </summary>
        public RevocationError BeginDownload(ulong sequence, long totalBytes)
        {
            AbortUpdate();
            DropDownload();
            if (sequence <= _sequenceFloor)
            {
                return RevocationError.NotNewer;
            }

            if (totalBytes < RevocationListHeader.Length + RevocationListHeader.SignatureLength || totalBytes > MaxListBytes)
            {
                return RevocationError.LengthMismatch;
            }

            int slot = InactiveSlot;
            IStoredFile file = _store.Create(_slotNames[slot]);
            if (file == null)
            {
                return RevocationError.StorageError;
            }

            System.Array.Clear(_scratch, 0, _scratch.Length);
            for (long position = 0; position < totalBytes; position += MaxChunkBytes)
            {
                long left = totalBytes - position;
                if (!file.Write(position, _scratch, 0, left < MaxChunkBytes ? (int)left : MaxChunkBytes))
                {
                    file.Close();
                    return RevocationError.StorageFull;
                }
            }

            if (!file.Flush() || !FillRecord.Write(_store, _fillName, slot, sequence, totalBytes))
            {
                file.Close();
                return RevocationError.StorageError;
            }

            OpenDownload(file, sequence, totalBytes);
            return RevocationError.None;
        }

        /// <summary>
        /// After a boot: continues the download of this list if the fill record names it (same sequence and size) for
        /// the slot that is still the spare one and the slot file still has that size. Otherwise the record is dropped
        /// and the answer is NoUpdateInProgress: the caller starts over.
        /// </summary>
        public RevocationError ResumeDownload(ulong sequence, long totalBytes)
        {
            AbortUpdate();
            if (_downloadFile != null && _downloadSequence == sequence && _downloadLength == totalBytes)
            {
                return RevocationError.None;
            }

            CloseDownload();
            FillRecord record = FillRecord.Read(_store, _fillName);
            int slot = InactiveSlot;
            if (record == null || record.Slot != slot || record.Sequence != sequence || record.TotalBytes != totalBytes
                || sequence <= _sequenceFloor || !_store.Exists(_slotNames[slot]))
            {
                DropDownload();
                return RevocationError.NoUpdateInProgress;
            }

            IStoredFile file = _store.Open(_slotNames[slot]);
            if (file == null || file.Length != totalBytes)
            {
                if (file != null)
                {
                    file.Close();
                }

                DropDownload();
                return RevocationError.NoUpdateInProgress;
            }

            OpenDownload(file, sequence, totalBytes);
            return RevocationError.None;
        }

        /// <summary>Writes count bytes at offset of the download and makes them durable.</summary>
        public RevocationError WriteDownload(long offset, byte[] data, int dataOffset, int count)
        {
            if (_downloadFile == null)
            {
                return RevocationError.NoUpdateInProgress;
            }

            if (data == null || offset < 0 || count < 0 || dataOffset < 0 || dataOffset > data.Length - count || offset > _downloadLength - count)
            {
                return RevocationError.LengthMismatch;
            }

            if (count > MaxChunkBytes)
            {
                return RevocationError.ChunkTooLarge;
            }

            return _downloadFile.Write(offset, data, dataOffset, count) && _downloadFile.Flush() ? RevocationError.None : RevocationError.StorageError;
        }

        /// <summary>
        /// All bytes are in: the list must parse, fill exactly the announced size, carry the announced sequence (newer
        /// than the floor) and a good signature by a trusted list signer; then the selector switches to it (crash-safe,
        /// see <see cref="SlotSelector"/>). On any refusal the active list stays and the download is dropped.
        /// </summary>
        public RevocationError CompleteDownload(ulong sequence)
        {
            if (_downloadFile == null || sequence != _downloadSequence)
            {
                return RevocationError.NoUpdateInProgress;
            }

            RevocationError error = _downloadFile.Flush() ? RevocationError.None : RevocationError.StorageError;
            RevocationList candidate = null;
            if (error == RevocationError.None)
            {
                error = RevocationList.Open(_downloadFile, out candidate);
            }

            if (error == RevocationError.None && (candidate.Header.FileLength != _downloadLength || candidate.Header.Sequence != sequence))
            {
                error = candidate.Header.FileLength != _downloadLength ? RevocationError.LengthMismatch : RevocationError.IndexMismatch;
            }

            if (error == RevocationError.None)
            {
                error = CheckTrustAndSignature(candidate);
            }

            if (error == RevocationError.None)
            {
                IStoredFile file = _downloadFile;
                _downloadFile = null; // from here on it is the candidate's (or, on failure, closed below)
                error = Activate(InactiveSlot, candidate);
                if (error != RevocationError.None)
                {
                    file.Close();
                }
            }

            DropDownload();
            return error;
        }

        /// <summary>Abandons the download: the fill record goes, so nothing resumes; the active list is untouched.</summary>
        public void AbortDownload()
        {
            DropDownload();
        }

        private void OpenDownload(IStoredFile file, ulong sequence, long totalBytes)
        {
            _downloadFile = file;
            _downloadSequence = sequence;
            _downloadLength = totalBytes;
        }

        private void CloseDownload()
        {
            if (_downloadFile != null)
            {
                _downloadFile.Close();
                _downloadFile = null;
            }
        }

        private void DropDownload()
        {
            CloseDownload();
            _store.Delete(_fillName);
        }

        private int InactiveSlot { get { return _activeSlot == 0 ? 1 : 0; } }

        private RevocationError OpenUpdateTarget()
        {
            bool isList = true;
            bool isDelta = true;
            for (int i = 0; i < 4; i++)
            {
                isList &= _prefix[i] == RevocationListHeader.Magic[i];
                isDelta &= _prefix[i] == RevocationDeltaHeader.Magic[i];
            }

            if (!isList && !isDelta)
            {
                return RevocationError.BadMagic;
            }

            _updateKind = isList ? KindList : KindDelta;
            if (isList)
            {
                DropDownload(); // the streamed list takes the spare slot
            }

            _updateFile = _store.Create(isList ? _slotNames[InactiveSlot] : _deltaName);
            return _updateFile == null ? RevocationError.StorageError : RevocationError.None;
        }

        private RevocationError WriteUpdateOrFail(byte[] data, int offset, int count)
        {
            RevocationError error = WriteUpdate(data, offset, count);
            return error == RevocationError.None ? error : Fail(error);
        }

        private RevocationError WriteUpdate(byte[] data, int offset, int count)
        {
            if (!_updateFile.Write(_updateLength, data, offset, count))
            {
                return RevocationError.StorageFull;
            }

            _updateLength += count;
            return RevocationError.None;
        }

        private RevocationError CommitList()
        {
            RevocationList candidate;
            RevocationError error = RevocationList.Open(_updateFile, out candidate);
            if (error != RevocationError.None)
            {
                return error;
            }

            error = CheckTrustAndSignature(candidate);
            if (error != RevocationError.None)
            {
                return error;
            }

            return Activate(InactiveSlot, candidate);
        }

        private RevocationError CommitDelta()
        {
            IStoredFile deltaFile = _updateFile;
            byte[] headerBytes = new byte[RevocationDeltaHeader.Length];
            if (deltaFile.Length < RevocationDeltaHeader.Length)
            {
                return RevocationError.Truncated;
            }

            if (deltaFile.Read(0, headerBytes, 0, headerBytes.Length) != headerBytes.Length)
            {
                return RevocationError.StorageError;
            }

            RevocationDeltaHeader delta = new RevocationDeltaHeader();
            RevocationError error = RevocationDeltaHeader.TryParse(headerBytes, 0, headerBytes.Length, delta);
            if (error != RevocationError.None)
            {
                return error;
            }

            if (deltaFile.Length != delta.FileLength)
            {
                return deltaFile.Length < delta.FileLength ? RevocationError.Truncated : RevocationError.LengthMismatch;
            }

            if (_active == null || delta.BaseSequence != _active.Header.Sequence)
            {
                return RevocationError.WrongBase;
            }

            if (!_active.ReadSignature(_signature))
            {
                return RevocationError.StorageError;
            }

            for (int i = 0; i < RevocationListHeader.SignatureLength; i++)
            {
                if (_signature[i] != delta.BaseSignature[i])
                {
                    return RevocationError.WrongBase;
                }
            }

            if (delta.Target.Sequence <= _sequenceFloor)
            {
                return RevocationError.NotNewer;
            }

            error = RevocationVerifier.VerifyDeltaSignature(deltaFile, delta, _keys, _verifier, _signature, _scratch);
            if (error != RevocationError.None)
            {
                return error;
            }

            int slot = InactiveSlot;
            DropDownload(); // the patched list takes the spare slot
            IStoredFile output = _store.Create(_slotNames[slot]);
            if (output == null)
            {
                return RevocationError.StorageError;
            }

            error = RevocationDeltaApplier.Apply(deltaFile, delta, _active.File, _active.Header, output);
            if (error == RevocationError.None && !output.Flush())
            {
                error = RevocationError.StorageError;
            }

            RevocationList candidate = null;
            if (error == RevocationError.None)
            {
                error = RevocationList.Open(output, out candidate);
            }

            if (error == RevocationError.None)
            {
                error = CheckTrustAndSignature(candidate);
            }

            if (error != RevocationError.None)
            {
                output.Close();
                return error;
            }

            error = Activate(slot, candidate);
            if (error == RevocationError.None)
            {
                deltaFile.Close();
                _updateFile = null;
                _store.Delete(_deltaName);
            }

            return error;
        }

        /// <summary>The list's key must be a trusted ListSigner valid on the issue day, its sequence new, its signature good.</summary>
        private RevocationError CheckTrustAndSignature(RevocationList candidate)
        {
            RevocationListHeader header = candidate.Header;
            if (header.Sequence <= _sequenceFloor)
            {
                return RevocationError.NotNewer;
            }

            return RevocationVerifier.VerifyListSignature(candidate.File, header, _keys, _verifier, _signature, _scratch);
        }

        private RevocationError Activate(int slot, RevocationList candidate)
        {
            if (!candidate.ReadSignature(_signature))
            {
                return RevocationError.StorageError;
            }

            if (!SlotSelector.Write(_store, _selectorName, _selector, slot, candidate.Header.Sequence, candidate.Header.FileLength, _signature))
            {
                return RevocationError.StorageError;
            }

            _selector = SlotSelector.ReadNewest(_store, _selectorName);
            if (_updateFile == candidate.File)
            {
                _updateFile = null;
            }

            lock (_switch)
            {
                CloseActive();
                _active = candidate;
                _activeSlot = slot;
                _sequenceFloor = candidate.Header.Sequence;
            }

            return RevocationError.None;
        }

        private RevocationError TryActivateStored(int slot, SlotSelector record, bool verifySignature)
        {
            if (!_store.Exists(_slotNames[slot]))
            {
                return RevocationError.NoList;
            }

            IStoredFile file = _store.Open(_slotNames[slot]);
            if (file == null)
            {
                return RevocationError.StorageError;
            }

            RevocationList list;
            RevocationError error = RevocationList.Open(file, out list);
            if (error == RevocationError.None && record != null)
            {
                if (!list.ReadSignature(_signature))
                {
                    error = RevocationError.StorageError;
                }
                else if (list.Header.Sequence != record.Sequence || list.Header.FileLength != record.FileLength || !record.MatchesSignature(_signature))
                {
                    error = RevocationError.IndexMismatch;
                }
            }

            if (error == RevocationError.None && verifySignature)
            {
                ulong floor = _sequenceFloor;
                _sequenceFloor = 0;
                error = CheckTrustAndSignature(list);
                _sequenceFloor = floor;
            }

            if (error != RevocationError.None)
            {
                file.Close();
                return error;
            }

            _active = list;
            _activeSlot = slot;
            if (list.Header.Sequence > _sequenceFloor)
            {
                _sequenceFloor = list.Header.Sequence;
            }

            return RevocationError.None;
        }

        private void CloseActive()
        {
            if (_active != null)
            {
                _active.File.Close();
                _active = null;
                _activeSlot = -1;
            }
        }

        private RevocationError Fail(RevocationError error)
        {
            AbortUpdate();
            return error;
        }
    }
}
