using Terminal.Core.Revocation;

namespace Terminal.Core.Reporting
{
    /// <summary>
    /// Connects the MQTT list download (<see cref="ListDownload"/>) to the terminal's <see cref="RevocationStore"/>:
    /// chunks go durably into the store's spare slot, a reboot resumes the same list, and completion activates it only
    /// if its size, sequence and signature are right; otherwise the active list stays. Never throws.
    /// </summary>
    public sealed class RevocationDownloadTarget : IListDownloadTarget
    {
        private readonly RevocationStore _store;

        public RevocationDownloadTarget(RevocationStore store)
        {
            _store = store;
        }

        /// <summary>Why the last call failed (None after a success).</summary>
        public RevocationError LastError { get; private set; }

        /// <summary>Lists installed through this target.</summary>
        public int Installed { get; private set; }

        /// <summary>Lists refused at completion (bad signature, size or sequence).</summary>
        public int Refused { get; private set; }

        /// <summary>The store's replay floor: the newest sequence ever activated (0: none).</summary>
        public long InstalledSequence
        {
            get { return (long)_store.SequenceFloor; }
        }

        public bool Begin(long sequence, long totalBytes)
        {
            return Done(sequence <= 0 ? RevocationError.NotNewer : _store.BeginDownload((ulong)sequence, totalBytes));
        }

        public bool Resume(long sequence, long totalBytes)
        {
            return Done(sequence <= 0 ? RevocationError.NoUpdateInProgress : _store.ResumeDownload((ulong)sequence, totalBytes));
        }

        public bool Write(long offset, byte[] data, int dataOffset, int count)
        {
            return Done(_store.WriteDownload(offset, data, dataOffset, count));
        }

        public bool Complete(long sequence)
        {
            bool ok = Done(sequence <= 0 ? RevocationError.NoUpdateInProgress : _store.CompleteDownload((ulong)sequence));
            if (ok)
            {
                Installed++;
            }
            else
            {
                Refused++;
            }

            return ok;
        }

        private bool Done(RevocationError error)
        {
            LastError = error;
            return error == RevocationError.None;
        }
    }
}
