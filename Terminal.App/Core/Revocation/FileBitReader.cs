using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Reads bits (least significant first, as <see cref="Terminal.Core.Binary.BitField"/> writes them) from a byte
    /// range of a stored file through a small buffer, so a delta is consumed in a streaming way.
    /// </summary>
    internal sealed class FileBitReader
    {
        private readonly IStoredFile _file;
        private readonly long _start;
        private readonly long _bitLength;
        private readonly byte[] _buffer;
        private long _bufferStart = -1;
        private int _bufferCount;
        private long _bitPosition;

        public FileBitReader(IStoredFile file, long start, long byteLength, int bufferSize)
        {
            _file = file;
            _start = start;
            _bitLength = byteLength * 8;
            _buffer = new byte[bufferSize];
        }

        /// <summary>Set when a read failed on the storage (as opposed to running past the range).</summary>
        public bool StorageFailed { get; private set; }

        public bool ReadBit(out int bit)
        {
            bit = 0;
            if (_bitPosition >= _bitLength)
            {
                return false;
            }

            long byteIndex = _bitPosition >> 3;
            if (_bufferStart < 0 || byteIndex < _bufferStart || byteIndex >= _bufferStart + _bufferCount)
            {
                long remaining = (_bitLength >> 3) - byteIndex;
                int want = remaining < _buffer.Length ? (int)remaining : _buffer.Length;
                int got = _file.Read(_start + byteIndex, _buffer, 0, want);
                if (got != want)
                {
                    StorageFailed = true;
                    return false;
                }

                _bufferStart = byteIndex;
                _bufferCount = got;
            }

            bit = (_buffer[(int)(byteIndex - _bufferStart)] >> (int)(_bitPosition & 7)) & 1;
            _bitPosition++;
            return true;
        }

        /// <summary>Reads width (0..57) bits as an unsigned value.</summary>
        public bool ReadBits(int width, out ulong value)
        {
            value = 0;
            for (int i = 0; i < width; i++)
            {
                int bit;
                if (!ReadBit(out bit))
                {
                    return false;
                }

                value |= (ulong)bit << i;
            }

            return true;
        }

        /// <summary>Reads a Rice code (zeros, a one, k low bits); false past the range or when the value would overflow.</summary>
        public bool ReadRice(int riceParameter, out ulong value)
        {
            value = 0;
            ulong quotient = 0;
            int bit;
            while (true)
            {
                if (!ReadBit(out bit))
                {
                    return false;
                }

                if (bit == 1)
                {
                    break;
                }

                quotient++;
                if ((quotient << riceParameter) >> riceParameter != quotient || quotient > (1UL << 50))
                {
                    return false;
                }
            }

            ulong low;
            if (!ReadBits(riceParameter, out low))
            {
                return false;
            }

            value = (quotient << riceParameter) | low;
            return true;
        }

        /// <summary>True when the bits read end in the last byte of the range and the rest of that byte is zero.</summary>
        public bool IsAtCanonicalEnd()
        {
            if (((_bitPosition + 7) >> 3) != (_bitLength >> 3))
            {
                return false;
            }

            int bit;
            while (_bitPosition < _bitLength)
            {
                if (!ReadBit(out bit) || bit != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
