namespace Terminal.Core.Binary
{
    /// <summary>Little-endian integers in byte arrays (every on-flash and on-wire format of the terminal uses this order).</summary>
    public static class LittleEndian
    {
        public static ushort ReadUInt16(byte[] buffer, int offset)
        {
            return (ushort)(buffer[offset] | (buffer[offset + 1] << 8));
        }

        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            return (uint)(buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24));
        }

        public static ulong ReadUInt64(byte[] buffer, int offset)
        {
            return ReadUnsigned(buffer, offset, 8);
        }

        /// <summary>An unsigned integer stored in the given number of bytes (1..8).</summary>
        public static ulong ReadUnsigned(byte[] buffer, int offset, int byteCount)
        {
            ulong value = 0;
            for (int i = byteCount - 1; i >= 0; i--)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        public static void WriteUInt16(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        public static void WriteUInt64(byte[] buffer, int offset, ulong value)
        {
            WriteUnsigned(buffer, offset, value, 8);
        }

        /// <summary>Stores the low byteCount bytes (1..8) of value.</summary>
        public static void WriteUnsigned(byte[] buffer, int offset, ulong value, int byteCount)
        {
            for (int i = 0; i < byteCount; i++)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }
    }
}
