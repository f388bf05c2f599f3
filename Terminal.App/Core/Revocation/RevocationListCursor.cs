using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Reads every entry of a list file in key order, one block in RAM at a time, checking as it goes (block CRCs,
    /// strictly ascending keys, known reason codes, zero padding, entry count). Used to apply deltas on the terminal
    /// and to inspect or validate lists on the host.
    /// </summary>
    public sealed class RevocationListCursor
    {
        private readonly IStoredFile _file;
        private readonly RevocationListHeader _header;
        private readonly byte[] _block;
        private uint _nextBlock;
        private int _countInBlock;
        private int _indexInBlock;
        private int _position;
        private int _payloadStart;
        private long _rank = -1;
        private ulong _upperBound;
        private bool _done;

        public RevocationListCursor(IStoredFile file, RevocationListHeader header)
        {
            _file = file;
            _header = header;
            _block = new byte[header.BlockSize];
        }

        /// <summary>None while reading and after a clean end; otherwise why reading stopped.</summary>
        public RevocationError Error { get; private set; }

        public ulong Key { get; private set; }

        public int ReasonCode { get; private set; }

        public int EffectiveDay { get; private set; }

        /// <summary>0-based position of the current entry in the list (deltas remove entries by rank).</summary>
        public long Rank { get { return _rank; } }

        /// <summary>Data block holding the current entry.</summary>
        public uint BlockIndex { get { return _nextBlock - 1; } }

        /// <summary>True when the current entry is the first of its block (its key is the block's first key).</summary>
        public bool StartsBlock { get { return _indexInBlock == 0; } }

        /// <summary>Advances to the next entry; false at the end (Error = None) or on a problem (Error says which).</summary>
        public bool MoveNext()
        {
            if (_done)
            {
                return false;
            }

            if (_rank >= 0 && _indexInBlock + 1 < _countInBlock)
            {
                ulong gap;
                _position = DataBlock.ReadGap(_block, _position, _payloadStart, _header.RiceParameter, out gap);
                if (_position < 0 || gap >= _upperBound - Key - 1)
                {
                    return Fail(RevocationError.CorruptBlock);
                }

                _indexInBlock++;
                return Take(Key + gap + 1);
            }

            if (_rank >= 0 && !Terminal.Core.Binary.BitField.IsZero(_block, _position, _payloadStart))
            {
                return Fail(RevocationError.NonCanonicalPadding);
            }

            if (_nextBlock == _header.DataBlockCount)
            {
                _done = true;
                if (_rank >= 0 && _upperBound != _header.Universe)
                {
                    return Fail(RevocationError.CorruptBlock);
                }

                return _rank + 1 == _header.EntryCount ? false : Fail(RevocationError.EntryCountMismatch);
            }

            if (_file.Read(_header.DataBlockPosition(_nextBlock), _block, 0, _block.Length) != _block.Length)
            {
                return Fail(RevocationError.StorageError);
            }

            _nextBlock++;
            int count;
            ulong firstKey;
            ulong upperBound;
            RevocationError error = DataBlock.Open(_block, _header, out count, out firstKey, out upperBound);
            if (error != RevocationError.None)
            {
                return Fail(error);
            }

            if (_rank >= 0 && (firstKey <= Key || firstKey != _upperBound))
            {
                return Fail(RevocationError.CorruptBlock);
            }

            _upperBound = upperBound;

            _countInBlock = count;
            _indexInBlock = 0;
            _position = DataBlock.GapStart(_header);
            _payloadStart = DataBlock.PayloadStart(_header, count);
            return Take(firstKey);
        }

        private bool Take(ulong key)
        {
            _rank++;
            if (_rank >= _header.EntryCount)
            {
                return Fail(RevocationError.EntryCountMismatch);
            }

            int reasonCode;
            int effectiveDay;
            if (!DataBlock.ReadPayload(_block, _header, _indexInBlock, out reasonCode, out effectiveDay))
            {
                return Fail(RevocationError.CorruptBlock);
            }

            Key = key;
            ReasonCode = reasonCode;
            EffectiveDay = effectiveDay;
            return true;
        }

        private bool Fail(RevocationError error)
        {
            Error = error;
            _done = true;
            return false;
        }
    }
}
