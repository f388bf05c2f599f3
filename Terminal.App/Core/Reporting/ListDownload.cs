using Terminal.Core.Binary;
using Terminal.Core.Permits;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Reporting
{
    /// <summary>
    /// Where a downloaded revocation list goes: the list module's spare slot (it verifies the issuer's signature and
    /// switches slots on <see cref="Complete"/>). Every method returns false on failure, never throws.
    /// </summary>
    public interface IListDownloadTarget
    {
        /// <summary>Sequence of the list in use (0: none); announcements at or below it are ignored.</summary>
        long InstalledSequence { get; }

        /// <summary>Prepares the spare slot for a list of totalBytes.</summary>
        bool Begin(long sequence, long totalBytes);

        /// <summary>After a reboot: continues filling the spare slot with this list; false means start over.</summary>
        bool Resume(long sequence, long totalBytes);

        /// <summary>Writes data at offset in the spare slot, durably once it returns true.</summary>
        bool Write(long offset, byte[] data, int dataOffset, int count);

        /// <summary>All bytes are in: verify and activate. False: the list is rejected (bad signature, wrong size).</summary>
        bool Complete(long sequence);
    }

    /// <summary>A parsed announcement: <c>seq=1234;bytes=40960;chunk=2048</c> (ASCII, retained on rp/v1/{region}/_list/announce).</summary>
    public sealed class ListAnnouncement
    {
        public const int MaxPayloadBytes = 256;

        public long Sequence;
        public long TotalBytes;
        public int ChunkBytes;

        public int ChunkCount
        {
            get { return ChunkBytes <= 0 ? 0 : (int)((TotalBytes + ChunkBytes - 1) / ChunkBytes); }
        }

        /// <summary>Parses payload; false for anything malformed or out of bounds (never throws).</summary>
        public bool Parse(byte[] payload, int maxChunkBytes, int maxChunks)
        {
            Sequence = 0;
            TotalBytes = 0;
            ChunkBytes = 0;
            if (payload == null || payload.Length == 0 || payload.Length > MaxPayloadBytes)
            {
                return false;
            }

            char[] chars = new char[payload.Length];
            for (int i = 0; i < payload.Length; i++)
            {
                if (payload[i] < 0x20 || payload[i] > 0x7E)
                {
                    return false;
                }

                chars[i] = (char)payload[i];
            }

            string text = new string(chars);
            string[] fields = text.Split(new char[] { ';' });
            bool seenSequence = false, seenBytes = false, seenChunk = false;
            for (int i = 0; i < fields.Length; i++)
            {
                string field = fields[i];
                int eq = field.IndexOf('=');
                long value;
                if (eq <= 0 || !Digits.TryParse(field, eq + 1, field.Length, out value))
                {
                    return false;
                }

                string key = field.Substring(0, eq);
                if (key == "seq" && !seenSequence)
                {
                    Sequence = value;
                    seenSequence = true;
                }
                else if (key == "bytes" && !seenBytes)
                {
                    TotalBytes = value;
                    seenBytes = true;
                }
                else if (key == "chunk" && !seenChunk && value <= int.MaxValue)
                {
                    ChunkBytes = (int)value;
                    seenChunk = true;
                }
                else
                {
                    return false;
                }
            }

            return seenSequence && seenBytes && seenChunk && Sequence > 0 && TotalBytes > 0 && ChunkBytes > 0
                && ChunkBytes <= maxChunkBytes && ChunkCount <= maxChunks;
        }
    }

    /// <summary>What <see cref="ListDownload"/> did with an announcement or chunk.</summary>
    public enum ListDownloadResult
    {
        /// <summary>Nothing to do (older list, chunk already stored, other list).</summary>
        Ignored = 0,
        Started = 1,
        Stored = 2,

        /// <summary>The last chunk arrived and the target accepted the list.</summary>
        Completed = 3,

        /// <summary>Malformed (wrong size, index out of range) or refused by the target on completion.</summary>
        Rejected = 4,

        /// <summary>Storage failed; the download stays resumable.</summary>
        Failed = 5,
    }

    /// <summary>
    /// Chunked, resumable download of a revocation list into the target's spare slot. Progress (which chunks are in)
    /// is persisted after each chunk — data first, then the bit — so a reboot resumes where it stopped: the chunks are
    /// retained messages that the broker delivers again on the next subscription, and stored ones are skipped.
    /// Progress file: u32 magic, i64 sequence, i64 total bytes, i32 chunk bytes, bitmap, u32 CRC-32.
    /// </summary>
    public sealed class ListDownload
    {
        public const int MaxChunks = 4096;
        private const uint Magic = 0x444C5052; // "RPLD"

        private readonly IFileStore _store;
        private readonly string _name;
        private readonly IListDownloadTarget _target;
        private readonly int _maxChunkBytes;
        private byte[] _bitmap = new byte[0];
        private byte[] _progress = new byte[0];

        public ListDownload(IFileStore store, string name, IListDownloadTarget target, int maxChunkBytes)
        {
            _store = store;
            _name = name;
            _target = target;
            _maxChunkBytes = maxChunkBytes;
        }

        /// <summary>Largest chunk accepted (an announcement with larger chunks is rejected).</summary>
        public int MaxChunkBytes { get { return _maxChunkBytes; } }

        public bool Active { get; private set; }

        public long Sequence { get; private set; }

        public long TotalBytes { get; private set; }

        public int ChunkBytes { get; private set; }

        public int ChunkCount { get; private set; }

        public int ChunksReceived { get; private set; }

        /// <summary>The last sequence the target refused; its announcement is not followed again.</summary>
        public long RejectedSequence { get; private set; }

        /// <summary>Loads persisted progress (after a boot). False only on a storage error.</summary>
        public bool Open()
        {
            Active = false;
            if (!_store.Exists(_name))
            {
                return true;
            }

            IStoredFile file = _store.Open(_name);
            if (file == null)
            {
                return false;
            }

            long length = file.Length;
            byte[] data = new byte[length > 4 + 8 + 8 + 4 + MaxChunks / 8 + 4 ? 0 : (int)length];
            bool ok = data.Length >= 28 && file.Read(0, data, 0, data.Length) == data.Length;
            file.Close();
            if (ok && LittleEndian.ReadUInt32(data, 0) == Magic
                && LittleEndian.ReadUInt32(data, data.Length - 4) == Crc32.Compute(data, 0, data.Length - 4))
            {
                long sequence = (long)LittleEndian.ReadUInt64(data, 4);
                long total = (long)LittleEndian.ReadUInt64(data, 12);
                int chunk = (int)LittleEndian.ReadUInt32(data, 20);
                if (Setup(sequence, total, chunk) && data.Length == 24 + _bitmap.Length + 4 && _target.Resume(sequence, total))
                {
                    System.Array.Copy(data, 24, _bitmap, 0, _bitmap.Length);
                    ChunksReceived = 0;
                    for (int i = 0; i < ChunkCount; i++)
                    {
                        if (Has(i))
                        {
                            ChunksReceived++;
                        }
                    }

                    Active = true;
                    return true;
                }
            }

            // Damaged or not resumable: start over on the next announcement (the chunks are retained).
            return _store.Delete(_name);
        }

        public ListDownloadResult OnAnnouncement(ListAnnouncement announcement)
        {
            if (announcement.Sequence <= _target.InstalledSequence || announcement.Sequence == RejectedSequence
                || (Active && announcement.Sequence <= Sequence))
            {
                return ListDownloadResult.Ignored;
            }

            if (!Setup(announcement.Sequence, announcement.TotalBytes, announcement.ChunkBytes))
            {
                Active = false;
                return ListDownloadResult.Rejected;
            }

            ChunksReceived = 0;
            if (!_target.Begin(Sequence, TotalBytes) || !SaveProgress(true))
            {
                Active = false;
                return ListDownloadResult.Failed;
            }

            Active = true;
            return ListDownloadResult.Started;
        }

        public ListDownloadResult OnChunk(long sequence, int index, byte[] payload)
        {
            if (!Active || sequence != Sequence)
            {
                return ListDownloadResult.Ignored;
            }

            if (index < 0 || index >= ChunkCount || payload == null || payload.Length != ExpectedLength(index))
            {
                return ListDownloadResult.Rejected;
            }

            if (Has(index))
            {
                return ListDownloadResult.Ignored;
            }

            if (!_target.Write((long)index * ChunkBytes, payload, 0, payload.Length))
            {
                return ListDownloadResult.Failed;
            }

            _bitmap[index >> 3] |= (byte)(1 << (index & 7));
            ChunksReceived++;
            if (ChunksReceived < ChunkCount)
            {
                return SaveProgress(false) ? ListDownloadResult.Stored : ListDownloadResult.Failed;
            }

            Active = false;
            _store.Delete(_name);
            if (_target.Complete(Sequence))
            {
                return ListDownloadResult.Completed;
            }

            RejectedSequence = Sequence;
            return ListDownloadResult.Rejected;
        }

        private int ExpectedLength(int index)
        {
            return index < ChunkCount - 1 ? ChunkBytes : (int)(TotalBytes - (long)(ChunkCount - 1) * ChunkBytes);
        }

        private bool Has(int index)
        {
            return (_bitmap[index >> 3] & (1 << (index & 7))) != 0;
        }

        private bool Setup(long sequence, long total, int chunk)
        {
            if (sequence <= 0 || total <= 0 || chunk <= 0 || chunk > _maxChunkBytes)
            {
                return false;
            }

            long count = (total + chunk - 1) / chunk;
            if (count > MaxChunks)
            {
                return false;
            }

            Sequence = sequence;
            TotalBytes = total;
            ChunkBytes = chunk;
            ChunkCount = (int)count;
            _bitmap = new byte[(ChunkCount + 7) / 8];
            _progress = new byte[24 + _bitmap.Length + 4];
            return true;
        }

        // A new download recreates the file (its length is part of the check at open); later saves rewrite it in place.
        private bool SaveProgress(bool fresh)
        {
            LittleEndian.WriteUInt32(_progress, 0, Magic);
            LittleEndian.WriteUInt64(_progress, 4, (ulong)(Sequence));
            LittleEndian.WriteUInt64(_progress, 12, (ulong)(TotalBytes));
            LittleEndian.WriteUInt32(_progress, 20, (uint)ChunkBytes);
            System.Array.Copy(_bitmap, 0, _progress, 24, _bitmap.Length);
            LittleEndian.WriteUInt32(_progress, _progress.Length - 4, Crc32.Compute(_progress, 0, _progress.Length - 4));
            IStoredFile file = fresh || !_store.Exists(_name) ? _store.Create(_name) : _store.Open(_name);
            if (file == null)
            {
                return false;
            }

            bool ok = file.Write(0, _progress, 0, _progress.Length) && file.Flush();
            file.Close();
            return ok;
        }
    }
}
