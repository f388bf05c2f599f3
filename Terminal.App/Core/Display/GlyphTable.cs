namespace Terminal.Core.Display
{
    /// <summary>
    /// The 1-bit glyphs of the clerk's screen (generated into <see cref="GlyphTableData"/> by `display glyphs`), one
    /// line height (<see cref="Height"/> rows) for every character. A glyph is <c>Advances[g]</c> columns, each a
    /// 12-bit mask (bit 0 = top row) at bit <c>12 · (FirstColumn[g] + column)</c> of the little-endian bit stream
    /// <c>Columns</c>: column-major, so drawing ORs whole columns into the display's 8-row pages.
    /// </summary>
    public static class GlyphTable
    {
        public const int Height = 12;
        public const int BitsPerColumn = 12;

        /// <summary>Width of the box drawn for a character the table lacks (never for a catalogued text: a test checks).</summary>
        public const int MissingAdvance = 8;

        /// <summary>Index of <paramref name="c"/> in the table, or -1.</summary>
        public static int Find(char c)
        {
            char[] codes = GlyphTableData.Codes;
            int low = 0, high = codes.Length - 1;
            while (low <= high)
            {
                int mid = (low + high) >> 1;
                char at = codes[mid];
                if (at == c)
                {
                    return mid;
                }

                if (at < c)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            return -1;
        }

        public static int Advance(int glyph)
        {
            return glyph < 0 ? MissingAdvance : GlyphTableData.Advances[glyph];
        }

        /// <summary>The 12-bit mask of one column of a glyph (bit 0 = top row).</summary>
        public static int Column(int glyph, int column)
        {
            int bit = (GlyphTableData.FirstColumn[glyph] + column) * BitsPerColumn;
            int at = bit >> 3;
            byte[] data = GlyphTableData.Columns;
            int word = data[at] | (data[at + 1] << 8) | (data[at + 2] << 16);
            return (word >> (bit & 7)) & 0xFFF;
        }

        /// <summary>Pixel width of a text (the sum of its advances).</summary>
        public static int Measure(string text)
        {
            return Measure(text, 0, text.Length);
        }

        public static int Measure(string text, int start, int count)
        {
            int width = 0;
            for (int i = start; i < start + count; i++)
            {
                width += Advance(Find(text[i]));
            }

            return width;
        }
    }
}
