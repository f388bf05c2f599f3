namespace Terminal.Tests.Device.Support
{
    /// <summary>Hex text of the published test vectors to bytes and back (mscorlib has no Convert.FromHexString).</summary>
    public static class Hex
    {
        public static byte[] Decode(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }

            return bytes;
        }

        public static string Encode(byte[] bytes, int offset, int count)
        {
            const string Digits = "0123456789abcdef";
            char[] text = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                text[2 * i] = Digits[bytes[offset + i] >> 4];
                text[2 * i + 1] = Digits[bytes[offset + i] & 0x0F];
            }

            return new string(text);
        }

        /// <summary>ASCII text as bytes (Encoding.UTF8 lives in another package; the vectors are plain ASCII).</summary>
        public static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                bytes[i] = (byte)text[i];
            }

            return bytes;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            return (c | 0x20) - 'a' + 10;
        }
    }
}
