using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Drivers.Storage;

namespace Terminal.Core.App
{
    /// <summary>
    /// Where a revocation list downloaded over MQTT (<see cref="ListDownload"/>, on the reporting thread) goes: chunks
    /// arrive in any order and a download survives a reboot, while the revocation store takes a list strictly in order,
    /// so the chunks are first written into a staging file of the list's full size (zero-filled at Begin: the flash
    /// API allows no holes). On Complete the staging file is streamed into the store's spare slot, which verifies the
    /// signature and switches; the store is not thread-safe and the tap loop reads it, so that step holds the lock the
    /// tap loop holds around each poll. Costs a second copy of the list on flash while a download is under way.
    /// </summary>
    public sealed class RevocationDownloadTarget : IListDownloadTarget
    {
        private readonly IFileStore _files;
        private readonly string _stagingName;
        private readonly RevocationStore _store;
        private readonly object _sync;
        private readonly byte[] _buffer = new byte[RevocationStore.MaxChunkBytes];
        private IStoredFile _staging;
        private long _totalBytes;

        public RevocationDownloadTarget(IFileStore files, string stagingName, RevocationStore store, object sync)
        {
            _files = files;
            _stagingName = stagingName;
            _store = store;
            _sync = sync;
        }

        /// <summary>Why the last Complete refused the list (None when it was installed).</summary>
        public RevocationError LastError { get; private set; }

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
            CloseStaging();
            _staging = _files.Create(_stagingName);
            if (_staging == null || totalBytes <= 0)
            {
                return false;
            }

            System.Array.Clear(_buffer, 0, _buffer.Length);
            for (long at = 0; at < totalBytes; at += _buffer.Length)
            {
                int count = totalBytes - at < _buffer.Length ? (int)(totalBytes - at) : _buffer.Length;
                if (!_staging.Write(at, _buffer, 0, count))
                {
                    CloseStaging();
                    return false;
                }
            }

            _totalBytes = totalBytes;
            return _staging.Flush();
        }

        public bool Resume(long sequence, long totalBytes)
        {
            CloseStaging();
            _staging = _files.Open(_stagingName);
            if (_staging == null || _staging.Length != totalBytes)
            {
                CloseStaging();
                return false;
            }

            _totalBytes = totalBytes;
            return true;
        }

        public bool Write(long offset, byte[] data, int dataOffset, int count)
        {
            if (_staging == null || offset < 0 || offset + count > _totalBytes)
            {
                return false;
            }

            return _staging.Write(offset, data, dataOffset, count) && _staging.Flush();
        }

        public bool Complete(long sequence)
        {
            if (_staging == null)
            {
                return false;
            }

            RevocationError error;
            lock (_sync)
            {
                error = _store.BeginUpdate();
                for (long at = 0; error == RevocationError.None && at < _totalBytes; at += _buffer.Length)
                {
                    int count = _totalBytes - at < _buffer.Length ? (int)(_totalBytes - at) : _buffer.Length;
                    error = _staging.Read(at, _buffer, 0, count) == count
                        ? _store.AppendUpdate(_buffer, 0, count)
                        : RevocationError.StorageError;
                }

                if (error == RevocationError.None)
                {
                    error = _store.CommitUpdate();
                }
                else
                {
                    _store.AbortUpdate();
                }
            }

            LastError = error;
            CloseStaging();
            _files.Delete(_stagingName);
            return error == RevocationError.None;
        }

        private void CloseStaging()
        {
            if (_staging != null)
            {
                _staging.Close();
                _staging = null;
            }
        }
    }
}
