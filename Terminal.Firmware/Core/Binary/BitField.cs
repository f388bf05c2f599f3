namespace Terminal.Core.Binary
{
    /// <summary>
    /// Bit-level access to byte arrays. Bit p is bit (p mod 8) of byte p/8 (least significant first); a multi-bit value
    /// is stored least significant bit first from its start position. Rice codes (used for sorted-key gaps) are
    /// q = value >> k zero bits, a one bit, then the k low bits of value.
    /// </summary>
    public static class BitField
    {
        /// <summary>Reads width (0..57) bits starting at bitPosition.</summary>
        public static ulong Read(byte[] buffer, int bitPosition, int width)
        {
            if (width == 0)
            {
                return 0;
            }

            int byteIndex = bitPosition >> 3;
            int shift = bitPosition & 7;
            int bytesNeeded = (shift + width + 7) >> 3;
            ulong value = 0;
            for (int i = bytesNeeded - 1; i >= 0; i--)
            {
                value = (value << 8) | buffer[byteIndex + i];
            }

            value >>= shift;
            return width == 64 ? value : value & ((1UL << width) - 1);
        }

        /// <summary>Writes the low width (0..57) bits of value at bitPosition; the bits there must be zero beforehand.</summary>
        public static void WriteIntoZero(byte[] buffer, int bitPosition, ulong value, int width)
        {
            if (width == 0)
            {
                return;
            }

            value &= (1UL << width) - 1;
            int byteIndex = bitPosition >> 3;
            int shift = bitPosition & 7;
            value <<= shift;
            int bytes = (shift + width + 7) >> 3;
            for (int i = 0; i < bytes; i++)
            {
                buffer[byteIndex + i] |= (byte)value;
                value >>= 8;
            }
        }

        public static void SetBit(byte[] buffer, int bitPosition)
        {
            buffer[bitPosition >> 3] |= (byte)(1 << (bitPosition & 7));
        }

        /// <summary>Position of the first one bit in [bitPosition, bitLimit), or -1 when there is none.</summary>
        public static int NextSetBit(byte[] buffer, int bitPosition, int bitLimit)
        {
            if (bitPosition >= bitLimit)
            {
                return -1;
            }

            int byteIndex = bitPosition >> 3;
            int bits = buffer[byteIndex] >> (bitPosition & 7);
            int position = bitPosition;
            if (bits == 0)
            {
                position = (byteIndex + 1) << 3;
                int lastByte = (bitLimit - 1) >> 3;
                byteIndex++;
                while (byteIndex <= lastByte && buffer[byteIndex] == 0)
                {
                    byteIndex++;
                    position += 8;
                }

                if (byteIndex > lastByte)
                {
                    return -1;
                }

                bits = buffer[byteIndex];
            }

            while ((bits & 1) == 0)
            {
                bits >>= 1;
                position++;
            }

            return position < bitLimit ? position : -1;
        }

        /// <summary>True when every bit in [from, to) is zero.</summary>
        public static bool IsZero(byte[] buffer, int from, int to)
        {
            return NextSetBit(buffer, from, to) < 0;
        }

        /// <summary>Bits a Rice code of value with parameter k takes (a ulong: a huge gap must not overflow).</summary>
        public static ulong RiceLength(ulong value, int k)
        {
            return (value >> k) + 1 + (ulong)k;
        }

        /// <summary>Number of bits needed to write value (0 for 0).</summary>
        public static int BitLength(ulong value)
        {
            int n = 0;
            while (value != 0)
            {
                n++;
                value >>= 1;
            }

            return n;
        }
    }
}
