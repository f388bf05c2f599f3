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
    /// </summary>
    public sealed class RevocationStore
    {
        public const int MaxChunkBytes = 4096;

        private const int KindNone = 0;
        private const int KindList = 1;
        private const int KindDelta = 2;

        private readonly IFileStore _store;
        private readonly KeyRing _keys;
        private readonly ISignatureVerifier _verifier;
        private readonly string[] _slotNames;
        private readonly string _selectorName;
        private readonly string _deltaName;
        private readonly byte[] _scratch = new byte[MaxChunkBytes];
        private readonly byte[] _signature = new byte[RevocationListHeader.SignatureLength];
        private readonly byte[] _prefix = new byte[4];

        private RevocationList _active;
        private int _activeSlot = -1;
        private SlotSelector _selector;
        private ulong _sequenceFloor;

        private bool _updating;
        private int _prefixCount;
        private int _updateKind;
        private IStoredFile _updateFile;
        private long _updateLength;

        /// <summary>Files are named namePrefix + "-a.bin", "-b.bin", "-select.bin", "-delta.bin".</summary>
        public RevocationStore(IFileStore store, KeyRing keys, ISignatureVerifier verifier, string namePrefix)
        {
            _store = store;
            _keys = keys;
            _verifier = verifier;
            _slotNames = new string[] { string.Concat(namePrefix, "-a.bin"), string.Concat(namePrefix, "-b.bin") };
            _selectorName = string.Concat(namePrefix, "-select.bin");
            _deltaName = string.Concat(namePrefix, "-delta.bin");
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
            return _active == null ? RevocationLookupResult.Unavailable : _active.Lookup(cardKey);
        }

        /// <summary>
        /// Finds the active list after boot. The selector's slot is checked cheaply (header, length, signature bytes
        /// against the selector) or, with verifySignature, fully. If that fails, the other slot is activated only if it
        /// verifies in full. Returns None when a list is active, NoList or the reason otherwise.
        /// </summary>
        public RevocationError Mount(bool verifySignature)
        {
            AbortUpdate();
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

            CloseActive();
            _active = candidate;
            _activeSlot = slot;
            _sequenceFloor = candidate.Header.Sequence;
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
