using Terminal.Core.Crypto;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Update
{
    /// <summary>
    /// The bootstrap's update logic over the flash: two bundle slots (<c>fw-a.bin</c>, <c>fw-b.bin</c>; one in
    /// single-slot mode) and the crash-safe <see cref="BootState"/> (<c>fw-state.bin</c>). A new bundle is written into
    /// the slot that is neither active nor pending, verified from flash in full (trusted FirmwareSigner key, signature,
    /// every SHA-512, hardware, bootstrap version, version above every one staged before) and only then made pending by
    /// one state write. At boot a pending version is verified again and given <see cref="UpdatePolicy.MaxTrialBoots"/>
    /// boots to call <see cref="ConfirmHealthy"/>; after that it is rolled back and reported as failed. State machine and
    /// power-cut argument: README.md beside this file. Never throws; single-threaded.
    /// </summary>
    public sealed class UpdateSlots
    {
        public const string StateName = "fw-state.bin";

        private static readonly string[] SlotNames = new string[] { "fw-a.bin", "fw-b.bin" };

        private readonly IFileStore _store;
        private readonly UpdatePolicy _policy;
        private readonly BundleVerifier _verifier;
        private readonly byte[] _zeros = new byte[BundleVerifier.ChunkBytes];

        private BootState _state;
        private BootDecision _booted;

        private IStoredFile _staging;
        private int _stagingSlot = -1;
        private ulong _stagingVersion;
        private long _stagingTotal;

        public UpdateSlots(IFileStore store, KeyRing keys, ISignatureVerifier verifier, UpdatePolicy policy)
        {
            _store = store;
            _policy = policy;
            _verifier = new BundleVerifier(keys, verifier);
            _state = ReadState();
        }

        /// <summary>File name of a slot.</summary>
        public static string SlotName(int slot)
        {
            return SlotNames[slot];
        }

        public UpdatePolicy Policy { get { return _policy; } }

        /// <summary>The flash the slots live on.</summary>
        public IFileStore Store { get { return _store; } }

        /// <summary>A copy of the current boot-state record (never null; a fresh record before the first write).</summary>
        public BootState State { get { return _state.Clone(); } }

        /// <summary>What <see cref="DecideBoot"/> chose this boot (null before it ran).</summary>
        public BootDecision Booted { get { return _booted; } }

        /// <summary>Only bundles with a higher version are accepted (replay protection).</summary>
        public ulong VersionFloor { get { return _state.HighestVersion; } }

        /// <summary>
        /// The slot a download goes into: the one neither active nor pending (slot 0 in single-slot mode); -1 while a
        /// trial version has not confirmed yet.
        /// </summary>
        public int StagingSlot
        {
            get
            {
                if (_state.HasPending)
                {
                    return -1;
                }

                if (_policy.SingleSlot)
                {
                    return 0;
                }

                return _state.ActiveSlot == 0 ? 1 : 0;
            }
        }

        /// <summary>
        /// Chooses what to boot, applying trial counting and rollback (each a durable state write before the choice is
        /// returned). Call once per boot, before loading anything.
        /// </summary>
        public BootDecision DecideBoot()
        {
            AbortStaging();
            _state = ReadState();
            BootDecision decision = new BootDecision();
            if (_state.Copy < 0 && !_state.HasActive)
            {
                // No record at all: first boot after flashing, or a cable recovery that put a bundle in a slot.
                _booted = Adopt(decision);
                return _booted;
            }

            if (_state.HasPending)
            {
                UpdateError trial = _state.TrialBoots >= _policy.MaxTrialBoots ? UpdateError.NeverHealthy : CheckSlot(_state.PendingSlot,
                    _state.PendingVersion, _state.PendingTag, true, decision);
                if (trial == UpdateError.None)
                {
                    BootState next = _state.Clone();
                    next.TrialBoots++;
                    if (WriteState(next))
                    {
                        decision.Kind = BootKind.Trial;
                        decision.Slot = next.PendingSlot;
                        decision.Version = next.PendingVersion;
                        _booted = decision;
                        return decision;
                    }

                    trial = UpdateError.StorageError; // an uncounted trial could loop forever: boot the active one
                    decision.Reason = trial;
                }
                else
                {
                    decision.RolledBackVersion = _state.PendingVersion;
                    decision.Reason = trial;
                    BootState failed = _state.Clone();
                    failed.LastFailedVersion = failed.PendingVersion;
                    failed.LastFailure = (int)trial;
                    failed.PendingSlot = BootState.NoSlot;
                    failed.PendingVersion = 0;
                    failed.PendingTag = 0;
                    failed.TrialBoots = 0;
                    WriteState(failed); // if this fails the next boot counts again and rolls back again
                }
            }

            if (_state.HasActive)
            {
                UpdateError active = CheckSlot(_state.ActiveSlot, _state.ActiveVersion, _state.ActiveTag, false, decision);
                if (active == UpdateError.None)
                {
                    decision.Kind = BootKind.Active;
                    decision.Slot = _state.ActiveSlot;
                    decision.Version = _state.ActiveVersion;
                    _booted = decision;
                    return decision;
                }

                if (decision.Reason == UpdateError.None)
                {
                    decision.Reason = active;
                }

                if (!_policy.SingleSlot && FallBackTo(1 - _state.ActiveSlot, decision))
                {
                    _booted = decision;
                    return decision;
                }
            }

            if (decision.Reason == UpdateError.None)
            {
                decision.Reason = UpdateError.NoBundle;
            }

            decision.Kind = BootKind.NoApplication;
            decision.Slot = -1;
            decision.Manifest = null;
            _booted = decision;
            return decision;
        }

        /// <summary>
        /// The application reports healthy (reader answered, list loaded, broker reached or offline mode entered): a
        /// trial version becomes the active one. Harmless for an already active version.
        /// </summary>
        public UpdateError ConfirmHealthy()
        {
            if (_booted == null || _booted.Kind == BootKind.NoApplication)
            {
                return UpdateError.NoBundle;
            }

            if (_booted.Kind == BootKind.Active)
            {
                return UpdateError.None;
            }

            if (!_state.HasPending || _state.PendingSlot != _booted.Slot || _state.PendingVersion != _booted.Version)
            {
                return UpdateError.SlotMismatch;
            }

            BootState next = _state.Clone();
            next.ActiveSlot = next.PendingSlot;
            next.ActiveVersion = next.PendingVersion;
            next.ActiveTag = next.PendingTag;
            next.PendingSlot = BootState.NoSlot;
            next.PendingVersion = 0;
            next.PendingTag = 0;
            next.TrialBoots = 0;
            if (!WriteState(next))
            {
                return UpdateError.StorageError;
            }

            _booted.Kind = BootKind.Active;
            return UpdateError.None;
        }

        /// <summary>
        /// The loader could not load the booted bundle (an assembly failed its hash or Assembly.Load refused it). A trial
        /// version is given up at once; for the active version the record stops matching its slot, so the next boot
        /// falls back to the other slot if that verifies. Reboot after calling this.
        /// </summary>
        public UpdateError ReportLoadFailure(UpdateError reason)
        {
            if (_booted == null || _booted.Kind == BootKind.NoApplication)
            {
                return UpdateError.NoBundle;
            }

            BootState next = _state.Clone();
            if (_booted.Kind == BootKind.Trial)
            {
                next.LastFailedVersion = next.PendingVersion;
                next.LastFailure = (int)reason;
                next.PendingSlot = BootState.NoSlot;
                next.PendingVersion = 0;
                next.PendingTag = 0;
                next.TrialBoots = 0;
            }
            else
            {
                next.ActiveTag = 0;
            }

            if (!WriteState(next))
            {
                return UpdateError.StorageError;
            }

            _booted.Kind = BootKind.NoApplication;
            return UpdateError.None;
        }

        /// <summary>
        /// Reads assembly index of the booted bundle into buffer (at least its size), checking its SHA-512: the loader's
        /// input for Assembly.Load.
        /// </summary>
        public UpdateError ReadAssembly(int index, byte[] buffer)
        {
            if (_booted == null || _booted.Manifest == null || index < 0 || index >= _booted.Manifest.AssemblyCount)
            {
                return UpdateError.NoBundle;
            }

            IStoredFile file = _store.Open(SlotNames[_booted.Slot]);
            if (file == null)
            {
                return UpdateError.StorageError;
            }

            UpdateError error = _verifier.ReadAssembly(file, _booted.Manifest.Assemblies[index], buffer);
            file.Close();
            return error;
        }

        /// <summary>
        /// Prepares the staging slot for a bundle of totalBytes announced as version. In single-slot mode the state first
        /// stops naming the old application (it is about to be overwritten), so a cut leaves "no application", never a
        /// half-written one booted.
        /// </summary>
        public UpdateError BeginStaging(ulong version, long totalBytes)
        {
            AbortStaging();
            UpdateError error = CheckAnnouncement(version, totalBytes);
            if (error != UpdateError.None)
            {
                return error;
            }

            int slot = StagingSlot;
            if (_policy.SingleSlot && _state.HasActive)
            {
                BootState next = _state.Clone();
                next.ActiveSlot = BootState.NoSlot;
                next.ActiveVersion = 0;
                next.ActiveTag = 0;
                if (!WriteState(next))
                {
                    return UpdateError.StorageError;
                }
            }

            IStoredFile file = _store.Create(SlotNames[slot]);
            if (file == null)
            {
                return UpdateError.StorageError;
            }

            Track(file, slot, version, totalBytes);
            return UpdateError.None;
        }

        /// <summary>After a reboot: continues the staging of the same bundle (its slot file must still be there).</summary>
        public UpdateError ResumeStaging(ulong version, long totalBytes)
        {
            AbortStaging();
            UpdateError error = CheckAnnouncement(version, totalBytes);
            if (error != UpdateError.None)
            {
                return error;
            }

            int slot = StagingSlot;
            if (_policy.SingleSlot && _state.HasActive)
            {
                return UpdateError.SlotMismatch; // the slot holds a confirmed application again: start over
            }

            IStoredFile file = _store.Exists(SlotNames[slot]) ? _store.Open(SlotNames[slot]) : null;
            if (file == null)
            {
                return UpdateError.NoStagingInProgress;
            }

            if (file.Length > totalBytes)
            {
                file.Close();
                return UpdateError.LengthMismatch;
            }

            Track(file, slot, version, totalBytes);
            return UpdateError.None;
        }

        /// <summary>
        /// Writes bundle bytes at offset and flushes. Chunks may arrive in any order: a gap before offset is filled with
        /// zeros first (the flash has no holes); the final hash check catches anything wrong.
        /// </summary>
        public UpdateError WriteStaging(long offset, byte[] data, int dataOffset, int count)
        {
            if (_staging == null)
            {
                return UpdateError.NoStagingInProgress;
            }

            if (offset < 0 || count < 0 || offset + count > _stagingTotal)
            {
                return UpdateError.LengthMismatch;
            }

            long length = _staging.Length;
            while (length < offset)
            {
                long gap = offset - length;
                int fill = gap < _zeros.Length ? (int)gap : _zeros.Length;
                if (!_staging.Write(length, _zeros, 0, fill))
                {
                    return UpdateError.StorageFull;
                }

                length += fill;
            }

            if (!_staging.Write(offset, data, dataOffset, count))
            {
                return UpdateError.StorageFull;
            }

            return _staging.Flush() ? UpdateError.None : UpdateError.StorageError;
        }

        /// <summary>
        /// Every byte is in: verifies the staged bundle from flash in full and, only if it is acceptable, makes it the
        /// pending version (one state write). The terminal boots it on its next start.
        /// </summary>
        public UpdateError CompleteStaging(ulong version, BundleManifest manifest)
        {
            if (_staging == null || version != _stagingVersion)
            {
                return UpdateError.NoStagingInProgress;
            }

            UpdateError error = _staging.Flush() ? UpdateError.None : UpdateError.StorageError;
            if (error == UpdateError.None && _staging.Length != _stagingTotal)
            {
                error = _staging.Length < _stagingTotal ? UpdateError.Truncated : UpdateError.LengthMismatch;
            }

            if (error == UpdateError.None)
            {
                error = _verifier.Verify(_staging, manifest);
            }

            if (error == UpdateError.None)
            {
                error = BundleVerifier.CheckPolicy(manifest, _policy, _state.HighestVersion);
            }

            if (error == UpdateError.None)
            {
                error = BundleVerifier.CheckFits(manifest, _policy);
            }

            if (error == UpdateError.None && manifest.Version != version)
            {
                error = UpdateError.BadField; // the announcement named another version than the signed manifest
            }

            ulong tag = _verifier.LastManifestTag;

            int slot = _stagingSlot;
            AbortStaging();
            if (error != UpdateError.None)
            {
                return error;
            }

            BootState next = _state.Clone();
            next.PendingSlot = slot;
            next.PendingVersion = version;
            next.PendingTag = tag;
            next.TrialBoots = 0;
            next.HighestVersion = version;
            return WriteState(next) ? UpdateError.None : UpdateError.StorageError;
        }

        /// <summary>Closes the staging slot file (its content stays; nothing points at it).</summary>
        public void AbortStaging()
        {
            if (_staging != null)
            {
                _staging.Close();
                _staging = null;
            }

            _stagingSlot = -1;
        }

        private UpdateError CheckAnnouncement(ulong version, long totalBytes)
        {
            if (_policy.MaxBundleBytes <= 0)
            {
                return UpdateError.UpdatesDisabled;
            }

            if (StagingSlot < 0)
            {
                return UpdateError.PendingUnconfirmed;
            }

            if (version <= _state.HighestVersion)
            {
                return UpdateError.NotNewer;
            }

            if (totalBytes <= BundleManifest.SignatureLength + BundleManifest.FixedLength)
            {
                return UpdateError.Truncated;
            }

            return totalBytes > _policy.MaxBundleBytes ? UpdateError.DoesNotFit : UpdateError.None;
        }

        private void Track(IStoredFile file, int slot, ulong version, long totalBytes)
        {
            _staging = file;
            _stagingSlot = slot;
            _stagingVersion = version;
            _stagingTotal = totalBytes;
        }

        // Active slot: manifest, length, version and signature tag must match the record (the assemblies' hashes are
        // checked as they are read for loading). Trial slot (full): signature and every hash too.
        private UpdateError CheckSlot(int slot, ulong version, ulong tag, bool full, BootDecision decision)
        {
            if (!_store.Exists(SlotNames[slot]))
            {
                return UpdateError.NoBundle;
            }

            IStoredFile file = _store.Open(SlotNames[slot]);
            if (file == null)
            {
                return UpdateError.StorageError;
            }

            BundleManifest manifest = new BundleManifest();
            UpdateError error = full ? _verifier.Verify(file, manifest) : _verifier.ReadManifest(file, manifest);
            if (error == UpdateError.None && full)
            {
                error = BundleVerifier.CheckPolicy(manifest, _policy, 0);
            }

            if (error == UpdateError.None && (_verifier.LastManifestTag != tag || manifest.Version != version))
            {
                error = UpdateError.SlotMismatch;
            }

            file.Close();
            if (error == UpdateError.None)
            {
                decision.Manifest = manifest;
            }

            return error;
        }

        // The active slot is damaged: the other slot may be booted if it verifies in full and is not the failed version.
        private bool FallBackTo(int slot, BootDecision decision)
        {
            BundleManifest manifest;
            ulong tag;
            if (!VerifyStandalone(slot, out manifest, out tag) || manifest.Version == _state.LastFailedVersion
                || manifest.Version > _state.HighestVersion)
            {
                return false;
            }

            BootState next = _state.Clone();
            next.ActiveSlot = slot;
            next.ActiveVersion = manifest.Version;
            next.ActiveTag = tag;
            if (!WriteState(next))
            {
                return false;
            }

            decision.Kind = BootKind.Active;
            decision.Slot = slot;
            decision.Version = manifest.Version;
            decision.Manifest = manifest;
            return true;
        }

        private BootDecision Adopt(BootDecision decision)
        {
            int best = -1;
            BundleManifest bestManifest = null;
            ulong bestTag = 0;
            int slots = _policy.SingleSlot ? 1 : 2;
            for (int slot = 0; slot < slots; slot++)
            {
                BundleManifest manifest;
                ulong tag;
                if (VerifyStandalone(slot, out manifest, out tag) && (bestManifest == null || manifest.Version > bestManifest.Version))
                {
                    best = slot;
                    bestManifest = manifest;
                    bestTag = tag;
                }
            }

            if (best < 0)
            {
                decision.Kind = BootKind.NoApplication;
                decision.Reason = UpdateError.NoBundle;
                return decision;
            }

            BootState next = _state.Clone();
            next.ActiveSlot = best;
            next.ActiveVersion = bestManifest.Version;
            next.ActiveTag = bestTag;
            next.HighestVersion = bestManifest.Version;
            if (!WriteState(next))
            {
                decision.Kind = BootKind.NoApplication;
                decision.Reason = UpdateError.StorageError;
                return decision;
            }

            decision.Kind = BootKind.Active;
            decision.Slot = best;
            decision.Version = bestManifest.Version;
            decision.Manifest = bestManifest;
            return decision;
        }

        private bool VerifyStandalone(int slot, out BundleManifest manifest, out ulong tag)
        {
            manifest = new BundleManifest();
            tag = 0;
            if (!_store.Exists(SlotNames[slot]))
            {
                return false;
            }

            IStoredFile file = _store.Open(SlotNames[slot]);
            if (file == null)
            {
                return false;
            }

            bool ok = _verifier.Verify(file, manifest) == UpdateError.None && BundleVerifier.CheckPolicy(manifest, _policy, 0) == UpdateError.None;
            tag = _verifier.LastManifestTag;
            file.Close();
            return ok;
        }

        private BootState ReadState()
        {
            BootState state = BootState.ReadNewest(_store, StateName);
            return state == null ? new BootState() : state;
        }

        private bool WriteState(BootState next)
        {
            if (!next.Write(_store, StateName, _state.Copy < 0 ? null : _state))
            {
                return false;
            }

            _state = next;
            return true;
        }
    }
}
