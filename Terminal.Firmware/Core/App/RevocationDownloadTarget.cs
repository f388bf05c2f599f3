using Terminal.Core.Reporting;
using Terminal.Core.Revocation;

namespace Terminal.Core.App
{
    /// <summary>
    /// Feeds a revocation list downloaded over MQTT (<see cref="ListDownload"/>, on the reporting thread) into the
    /// revocation store's spare slot, which verifies it and switches on commit. The store is not thread-safe and the
    /// tap loop reads it, so every call holds the lock the tap loop holds around each poll. The store takes the list
    /// strictly in order: a write at any other offset than the next byte is refused, and a download interrupted by a
    /// reboot starts over (no resume).
    /// </summary>
    public sealed class RevocationDownloadTarget : IListDownloadTarget
    {
        private readonly RevocationStore _store;
        private readonly object _sync;
        private long _written;
        private bool _open;

        public RevocationDownloadTarget(RevocationStore store, object sync)
        {
            _store = store;
            _sync = sync;
        }

        public long InstalledSequence
        {
            get
            {
                lock (_sync)
                {
                    return _store.Status.HasList ? (long)_store.Status.Sequence : 0;
                }
            }
        }

        public bool Begin(long sequence, long totalBytes)
        {
            lock (_sync)
            {
                if (_open)
                {
                    _store.AbortUpdate();
                }

                _open = _store.BeginUpdate() == RevocationError.None;
                _written = 0;
                return _open;
            }
        }

        public bool Resume(long sequence, long totalBytes)
        {
            return false;
        }

        public bool Write(long offset, byte[] data, int dataOffset, int count)
        {
            lock (_sync)
            {
                if (!_open || offset != _written)
                {
                    return false;
                }

                if (_store.AppendUpdate(data, dataOffset, count) != RevocationError.None)
                {
                    _open = false;
                    _store.AbortUpdate();
                    return false;
                }

                _written += count;
                return true;
            }
        }

        public bool Complete(long sequence)
        {
            lock (_sync)
            {
                if (!_open)
                {
                    return false;
                }

                _open = false;
                return _store.CommitUpdate() == RevocationError.None;
            }
        }
    }
}
