namespace Terminal.Core.Binary
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as in zip and PNG). Guards stored blocks against flash
    /// read errors after a list was verified: a corrupt block must read as "unavailable", never as a wrong answer.
    /// </summary>
    public static class Crc32
    {
        private static uint[] _table;

        /// <summary>Register value before the first <see cref="Update"/> of a streamed computation.</summary>
        public const uint Initial = 0xFFFFFFFF;

        public static uint Compute(byte[] data, int offset, int count)
        {
            return Finish(Update(Initial, data, offset, count));
        }

        /// <summary>Feeds bytes into a streamed computation (start from <see cref="Initial"/>, end with <see cref="Finish"/>).</summary>
        public static uint Update(uint crc, byte[] data, int offset, int count)
        {
            uint[] table = _table;
            if (table == null)
            {
                table = BuildTable();
                _table = table;
            }

            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }

        public static uint Finish(uint crc)
        {
            return ~crc;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
