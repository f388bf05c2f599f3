namespace Terminal.Core.Text
{
    /// <summary>
    /// Strict UTF-8 decoding for the portable core, so configuration parsing does not depend on the device's text
    /// package. Rejects overlong forms, surrogates and truncated sequences instead of guessing.
    /// </summary>
    public static class Utf8
    {
        /// <summary>The decoded string, or null if the bytes are not well-formed UTF-8.</summary>
        public static string Decode(byte[] data, int offset, int count)
        {
            char[] chars = new char[count];
            int n = 0;
            int end = offset + count;
            int i = offset;
            while (i < end)
            {
                int b0 = data[i];
                int codePoint;
                int extra;
                int min;
                if (b0 < 0x80)
                {
                    chars[n++] = (char)b0;
                    i++;
                    continue;
                }
                else if ((b0 & 0xE0) == 0xC0)
                {
                    codePoint = b0 & 0x1F; extra = 1; min = 0x80;
                }
                else if ((b0 & 0xF0) == 0xE0)
                {
                    codePoint = b0 & 0x0F; extra = 2; min = 0x800;
                }
                else if ((b0 & 0xF8) == 0xF0)
                {
                    codePoint = b0 & 0x07; extra = 3; min = 0x10000;
                }
                else
                {
                    return null;
                }

                if (i + extra >= end)
                {
                    return null;
                }

                for (int k = 1; k <= extra; k++)
                {
                    int b = data[i + k];
                    if ((b & 0xC0) != 0x80)
                    {
                        return null;
                    }

                    codePoint = (codePoint << 6) | (b & 0x3F);
                }

                if (codePoint < min || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
                {
                    return null;
                }

                if (codePoint >= 0x10000)
                {
                    codePoint -= 0x10000;
                    chars[n++] = (char)(0xD800 + (codePoint >> 10));
                    chars[n++] = (char)(0xDC00 + (codePoint & 0x3FF));
                }
                else
                {
                    chars[n++] = (char)codePoint;
                }

                i += extra + 1;
            }

            return new string(chars, 0, n);
        }
    }
}
