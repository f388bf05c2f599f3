using Terminal.Core.Binary;
using Terminal.Core.Time;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// A stored, already verified revocation list, opened for lookups. Holds only the header, one block buffer and
    /// the sampled index (the first key of each index block); a lookup reads at most two blocks (one index block, one
    /// data block) and allocates nothing.
    /// </summary>
    public sealed class RevocationList
    {
        private readonly IStoredFile _file;
        private readonly RevocationListHeader _header;
        private readonly ulong[] _indexBlockFirstKeys;
        private readonly byte[] _block;
        private long _blockReads;
        private long _gapsDecoded;

        private RevocationList(IStoredFile file, RevocationListHeader header, ulong[] indexBlockFirstKeys, byte[] block)
        {
            _file = file;
            _header = header;
            _indexBlockFirstKeys = indexBlockFirstKeys;
            _block = block;
        }

        public RevocationListHeader Header { get { return _header; } }

        /// <summary>Blocks read by lookups since opening (for tests and benchmarks).</summary>
        public long BlockReads { get { return _blockReads; } }

        /// <summary>Rice-coded gaps decoded by lookups so far (the scan's cost metric; counted once per lookup).</summary>
        public long GapsDecoded { get { return _gapsDecoded; } }

        public IStoredFile File { get { return _file; } }

        /// <summary>
        /// Opens a list file: parses the header, checks the file length and loads the sampled index. Does not verify the
        /// signature (see <see cref="RevocationStore"/>, which verifies before activating).
        /// </summary>
        public static RevocationError Open(IStoredFile file, out RevocationList list)
        {
            list = null;
            byte[] headerBytes = new byte[RevocationListHeader.Length];
            if (file.Read(0, headerBytes, 0, headerBytes.Length) != headerBytes.Length)
            {
                return file.Length < RevocationListHeader.Length ? RevocationError.Truncated : RevocationError.StorageError;
            }

            RevocationListHeader header = new RevocationListHeader();
            RevocationError error = RevocationListHeader.TryParse(headerBytes, 0, headerBytes.Length, header);
            if (error != RevocationError.None)
            {
                return error;
            }

            if (file.Length != header.FileLength)
            {
                return file.Length < header.FileLength ? RevocationError.Truncated : RevocationError.LengthMismatch;
            }

            byte[] block = new byte[header.BlockSize];
            ulong[] firstKeys = new ulong[header.IndexBlockCount];
            for (uint i = 0; i < header.IndexBlockCount; i++)
            {
                if (file.Read(header.IndexBlockPosition(i), block, 0, block.Length) != block.Length)
                {
                    return RevocationError.StorageError;
                }

                if (LittleEndian.ReadUInt32(block, 0) != Crc32.Compute(block, 4, block.Length - 4))
                {
                    return RevocationError.BlockChecksum;
                }

                firstKeys[i] = LittleEndian.ReadUnsigned(block, RevocationListHeader.IndexBlockFixedBytes, header.KeyBytes);
                if (i > 0 && firstKeys[i] <= firstKeys[i - 1])
                {
                    return RevocationError.IndexMismatch;
                }
            }

            list = new RevocationList(file, header, firstKeys, block);
            return RevocationError.None;
        }

        /// <summary>Is this card instance revoked? At most two block reads; no allocation.</summary>
        public RevocationLookupResult Lookup(ulong cardKey)
        {
            RevocationListHeader header = _header;
            if (header.EntryCount == 0 || cardKey >= header.Universe || cardKey < _indexBlockFirstKeys[0])
            {
                return RevocationLookupResult.NotListed;
            }

            // The index block's CRC is checked when the list is opened, not per lookup: a misread index can only send the
            // lookup to a wrong data block, and every data block (CRC-checked) states the key range it covers.
            int indexBlock = LastAtMost(_indexBlockFirstKeys, cardKey);
            if (!ReadBlock(header.IndexBlockPosition(indexBlock)))
            {
                return RevocationLookupResult.Unavailable;
            }

            int perIndexBlock = header.KeysPerIndexBlock;
            long firstDataBlock = (long)indexBlock * perIndexBlock;
            long remaining = header.DataBlockCount - firstDataBlock;
            int slots = remaining < perIndexBlock ? (int)remaining : perIndexBlock;
            int keyBytes = header.KeyBytes;
            int low = 0;
            int high = slots - 1;
            while (low < high)
            {
                int middle = (low + high + 1) >> 1;
                ulong key = LittleEndian.ReadUnsigned(_block, RevocationListHeader.IndexBlockFixedBytes + middle * keyBytes, keyBytes);
                if (key <= cardKey)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            ulong expectedFirstKey = LittleEndian.ReadUnsigned(_block, RevocationListHeader.IndexBlockFixedBytes + low * keyBytes, keyBytes);
            if (!ReadBlock(header.DataBlockPosition(firstDataBlock + low)))
            {
                return RevocationLookupResult.Unavailable;
            }

            int count;
            ulong current;
            ulong upperBound;
            if (DataBlock.Open(_block, header, out count, out current, out upperBound) != RevocationError.None
                || current != expectedFirstKey || current > cardKey || cardKey >= upperBound)
            {
                return RevocationLookupResult.Unavailable;
            }

            int position = DataBlock.GapStart(header);
            int limit = DataBlock.PayloadStart(header, count);
            int riceParameter = header.RiceParameter;
            int index = 0;
            while (current < cardKey)
            {
                index++;
                if (index >= count)
                {
                    _gapsDecoded += index - 1;
                    return RevocationLookupResult.NotListed;
                }

                ulong gap;
                position = DataBlock.ReadGap(_block, position, limit, riceParameter, out gap);
                if (position < 0)
                {
                    _gapsDecoded += index;
                    return RevocationLookupResult.Unavailable;
                }

                current += gap + 1;
            }

            _gapsDecoded += index;

            if (current != cardKey)
            {
                return RevocationLookupResult.NotListed;
            }

            int reasonCode;
            int effectiveDay;
            if (!DataBlock.ReadPayload(_block, header, index, out reasonCode, out effectiveDay))
            {
                return RevocationLookupResult.Unavailable;
            }

            return new RevocationLookupResult(RevocationLookupOutcome.Listed, (RevocationReason)reasonCode, CivilDate.FromDayNumber(effectiveDay));
        }

        /// <summary>Reads the 64-byte signature at the end of the file into destination.</summary>
        public bool ReadSignature(byte[] destination)
        {
            return ReadSignature(destination, 0);
        }

        /// <summary>Reads the 64-byte signature at the end of the file into destination at offset.</summary>
        public bool ReadSignature(byte[] destination, int offset)
        {
            return _file.Read(_header.SignedLength, destination, offset, RevocationListHeader.SignatureLength) == RevocationListHeader.SignatureLength;
        }

        public RevocationStatus Status
        {
            get
            {
                return new RevocationStatus(true, _header.Sequence, _header.IssuedAt, _header.NextUpdateSeconds, _header.MaxAgeSeconds, _header.EntryCount, _header.KeyId);
            }
        }

        private bool ReadBlock(long position)
        {
            _blockReads++;
            return _file.Read(position, _block, 0, _block.Length) == _block.Length;
        }

        private static int LastAtMost(ulong[] sortedKeys, ulong key)
        {
            int low = 0;
            int high = sortedKeys.Length - 1;
            while (low < high)
            {
                int middle = (low + high + 1) >> 1;
                if (sortedKeys[middle] <= key)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return low;
        }
    }
}
