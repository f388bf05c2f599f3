using Terminal.Core.Binary;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Encodes a revocation list into a file, streaming: entries arrive in ascending key order and the only state is
    /// one block buffer, so the terminal can rebuild a list from a delta with a few KB of RAM. The encoding is
    /// deterministic (greedy block filling), so the same header parameters and entries always give the same bytes:
    /// that is what makes a delta's result byte-identical to the list the platform signed.
    /// Usage: Begin, Add for every entry, Finish; the signature is appended by the caller.
    /// </summary>
    public sealed class RevocationListWriter
    {
        private readonly IStoredFile _file;
        private readonly RevocationListHeader _header;
        private readonly byte[] _block;
        private readonly byte[] _keyBytes = new byte[8];
        private readonly int _blockBits;
        private readonly int _payloadBits;
        private readonly int _gapStart;
        private readonly int _riceParameter;
        private readonly int _maxDateOffset;
        private int _countInBlock;
        private int _gapCursor;
        private ulong _previousKey;
        private uint _dataBlocks;
        private uint _indexBlocks;
        private long _entries;

        /// <summary>The header gives the encoding parameters; its block counts are not used until the caller writes it.</summary>
        public RevocationListWriter(IStoredFile file, RevocationListHeader header)
        {
            _file = file;
            _header = header;
            _block = new byte[header.BlockSize];
            _blockBits = header.BlockSize * 8;
            _payloadBits = header.PayloadBits;
            _gapStart = DataBlock.GapStart(header);
            _riceParameter = header.RiceParameter;
            _maxDateOffset = (1 << header.DateBits) - 1;
        }

        public uint DataBlockCount { get { return _dataBlocks; } }

        public uint IndexBlockCount { get { return _indexBlocks; } }

        public long EntryCount { get { return _entries; } }

        /// <summary>Writes block 0 (the header and zero padding) at the start of the file.</summary>
        public RevocationError Begin()
        {
            return WriteHeaderBlock(_file, _header, _block);
        }

        /// <summary>(Re)writes block 0 of a list file from a header, using scratch (at least a block long).</summary>
        public static RevocationError WriteHeaderBlock(IStoredFile file, RevocationListHeader header, byte[] scratch)
        {
            System.Array.Clear(scratch, 0, header.BlockSize);
            header.WriteTo(scratch, 0);
            return file.Write(0, scratch, 0, header.BlockSize) ? RevocationError.None : RevocationError.StorageFull;
        }

        /// <summary>Appends one entry; keys must be strictly ascending and below the universe.</summary>
        public RevocationError Add(ulong key, int reasonCode, int effectiveDay)
        {
            if (key >= _header.Universe)
            {
                return RevocationError.KeyOutOfUniverse;
            }

            if (_entries > 0 && key <= _previousKey)
            {
                return RevocationError.KeyOutOfOrder;
            }

            if (!RevocationReasons.IsDefined(reasonCode))
            {
                return RevocationError.UnknownReason;
            }

            long dateOffset = (long)effectiveDay - _header.DateBase;
            if (dateOffset < 0 || dateOffset > _maxDateOffset)
            {
                return RevocationError.DateOutOfRange;
            }

            ulong payload = (uint)reasonCode | ((ulong)dateOffset << RevocationListHeader.ReasonBits);
            if (_countInBlock > 0)
            {
                ulong gap = key - _previousKey - 1;
                int available = _blockBits - (_countInBlock + 1) * _payloadBits - _gapCursor;
                if (_countInBlock < RevocationListHeader.MaxEntriesPerBlock && available >= 0
                    && BitField.RiceLength(gap, _riceParameter) <= (ulong)available)
                {
                    int quotient = (int)(gap >> _riceParameter);
                    BitField.SetBit(_block, _gapCursor + quotient);
                    BitField.WriteIntoZero(_block, _gapCursor + quotient + 1, gap, _riceParameter);
                    _gapCursor += quotient + 1 + _riceParameter;
                    BitField.WriteIntoZero(_block, _blockBits - (_countInBlock + 1) * _payloadBits, payload, _payloadBits);
                    _countInBlock++;
                    _previousKey = key;
                    _entries++;
                    return RevocationError.None;
                }

                RevocationError flushed = FlushBlock(key);
                if (flushed != RevocationError.None)
                {
                    return flushed;
                }
            }

            System.Array.Clear(_block, 0, _block.Length);
            LittleEndian.WriteUnsigned(_block, RevocationListHeader.DataBlockFixedBytes, key, _header.KeyBytes);
            BitField.WriteIntoZero(_block, _blockBits - _payloadBits, payload, _payloadBits);
            _countInBlock = 1;
            _gapCursor = _gapStart;
            _previousKey = key;
            _entries++;
            return RevocationError.None;
        }

        /// <summary>Writes the last data block and the index blocks (built by reading back each block's first key).</summary>
        public RevocationError Finish()
        {
            if (_countInBlock > 0)
            {
                RevocationError flushed = FlushBlock(_header.Universe);
                if (flushed != RevocationError.None)
                {
                    return flushed;
                }
            }

            int keyBytes = _header.KeyBytes;
            int perIndexBlock = _header.KeysPerIndexBlock;
            _indexBlocks = RevocationListHeader.IndexBlocksFor(_dataBlocks, perIndexBlock);
            int blockSize = _header.BlockSize;
            long indexStart = (long)blockSize * (1 + (long)_dataBlocks);
            for (uint indexBlock = 0; indexBlock < _indexBlocks; indexBlock++)
            {
                System.Array.Clear(_block, 0, blockSize);
                for (int slot = 0; slot < perIndexBlock; slot++)
                {
                    long dataBlock = (long)indexBlock * perIndexBlock + slot;
                    if (dataBlock >= _dataBlocks)
                    {
                        break;
                    }

                    long position = (long)blockSize * (1 + dataBlock) + RevocationListHeader.DataBlockFixedBytes;
                    if (_file.Read(position, _keyBytes, 0, keyBytes) != keyBytes)
                    {
                        return RevocationError.StorageError;
                    }

                    System.Array.Copy(_keyBytes, 0, _block, RevocationListHeader.IndexBlockFixedBytes + slot * keyBytes, keyBytes);
                }

                LittleEndian.WriteUInt32(_block, 0, Crc32.Compute(_block, 4, blockSize - 4));
                if (!_file.Write(indexStart + (long)indexBlock * blockSize, _block, 0, blockSize))
                {
                    return RevocationError.StorageFull;
                }
            }

            return RevocationError.None;
        }

        /// <summary>Writes the current block, closed by the first key of the next block (the universe after the last block).</summary>
        private RevocationError FlushBlock(ulong nextBlockFirstKey)
        {
            LittleEndian.WriteUInt16(_block, 4, _countInBlock);
            LittleEndian.WriteUnsigned(_block, RevocationListHeader.DataBlockFixedBytes + _header.KeyBytes, nextBlockFirstKey, _header.KeyBytes);
            LittleEndian.WriteUInt32(_block, 0, Crc32.Compute(_block, 4, _block.Length - 4));
            long position = (long)_block.Length * (1 + (long)_dataBlocks);
            if (!_file.Write(position, _block, 0, _block.Length))
            {
                return RevocationError.StorageFull;
            }

            _dataBlocks++;
            _countInBlock = 0;
            return RevocationError.None;
        }
    }
}
