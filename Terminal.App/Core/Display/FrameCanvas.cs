using Terminal.Drivers.Display;

namespace Terminal.Core.Display
{
    /// <summary>
    /// Draws text and bars into one reused frame (<see cref="DisplayFrame"/> layout). Glyph columns are ORed (or, on an
    /// inverted bar, cleared) into the pages they cover, at most three bytes per column: no per-pixel loop, no allocation.
    /// </summary>
    public sealed class FrameCanvas
    {
        private readonly byte[] _frame = new byte[DisplayFrame.Bytes];

        public byte[] Frame
        {
            get { return _frame; }
        }

        /// <summary>Glyph columns drawn since the last <see cref="Clear"/> (the tap cost model's unit of rendering work).</summary>
        public int ColumnsDrawn { get; private set; }

        /// <summary>Glyphs drawn (each one table lookup) since the last <see cref="Clear"/>.</summary>
        public int GlyphsDrawn { get; private set; }

        public void Clear()
        {
            System.Array.Clear(_frame, 0, _frame.Length);
            ColumnsDrawn = 0;
            GlyphsDrawn = 0;
        }

        /// <summary>Lights every pixel of rows <paramref name="top"/> .. top + height − 1 (an inverted band): one OR per column and page.</summary>
        public void FillRows(int top, int height)
        {
            int bottom = top + height;
            if (bottom > DisplayFrame.Height)
            {
                bottom = DisplayFrame.Height;
            }

            for (int page = top >> 3; page < DisplayFrame.Pages && page * 8 < bottom; page++)
            {
                int first = top > page * 8 ? top - page * 8 : 0;
                int last = bottom < page * 8 + 8 ? bottom - page * 8 : 8;
                byte bits = (byte)(((1 << last) - 1) & ~((1 << first) - 1));
                int row = page * DisplayFrame.Width;
                for (int x = 0; x < DisplayFrame.Width; x++)
                {
                    _frame[row + x] |= bits;
                }
            }
        }

        /// <summary>A one-pixel horizontal rule.</summary>
        public void Rule(int y)
        {
            FillRows(y, 1);
        }

        /// <summary>Draws one character with its top at row <paramref name="y"/>; returns the x after it.</summary>
        public int Glyph(int x, int y, char c, bool inverted)
        {
            int glyph = GlyphTable.Find(c);
            GlyphsDrawn++;
            int advance = GlyphTable.Advance(glyph);
            for (int column = 0; column < advance; column++, x++)
            {
                if (x < 0 || x >= DisplayFrame.Width)
                {
                    continue;
                }

                int mask = glyph < 0 ? MissingColumn(column, advance) : GlyphTable.Column(glyph, column);
                ColumnsDrawn++;
                if (mask != 0)
                {
                    Blit(x, y, mask, inverted);
                }
            }

            return x;
        }

        /// <summary>A hollow box: what a missing character looks like, so it is noticed rather than silently dropped.</summary>
        private static int MissingColumn(int column, int advance)
        {
            if (column == 0 || column >= advance - 1)
            {
                return 0;
            }

            return column == 1 || column == advance - 2 ? 0x3FE : 0x202;
        }

        private void Blit(int x, int y, int mask, bool inverted)
        {
            int shifted;
            int page;
            if (y >= 0)
            {
                shifted = mask << (y & 7);
                page = y >> 3;
            }
            else
            {
                shifted = mask >> -y;
                page = 0;
            }

            for (; shifted != 0 && page < DisplayFrame.Pages; page++, shifted >>= 8)
            {
                byte bits = (byte)shifted;
                int at = page * DisplayFrame.Width + x;
                if (inverted)
                {
                    _frame[at] &= (byte)~bits;
                }
                else
                {
                    _frame[at] |= bits;
                }
            }
        }
    }
}
