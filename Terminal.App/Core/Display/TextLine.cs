using Terminal.Core.Time;

namespace Terminal.Core.Display
{
    /// <summary>One line of screen text composed in place (bounded, reused): no string is built per tap.</summary>
    public sealed class TextLine
    {
        public const int Capacity = 48;

        private readonly char[] _chars = new char[Capacity];

        public int Length { get; private set; }

        public char this[int index]
        {
            get { return _chars[index]; }
        }

        /// <summary>More characters were appended than fit (the extra ones were dropped).</summary>
        public bool Truncated { get; private set; }

        public void Clear()
        {
            Length = 0;
            Truncated = false;
        }

        public void Append(char c)
        {
            if (Length < Capacity)
            {
                _chars[Length++] = c;
            }
            else
            {
                Truncated = true;
            }
        }

        public void Append(string text)
        {
            Append(text, 0, text.Length);
        }

        public void Append(string text, int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                Append(text[i]);
            }
        }

        /// <summary>A non-negative number in decimal.</summary>
        public void AppendNumber(long value)
        {
            if (value < 0)
            {
                Append('-');
                value = -value;
            }

            long scale = 1;
            while (value / scale >= 10)
            {
                scale *= 10;
            }

            for (; scale > 0; scale /= 10)
            {
                Append((char)('0' + (int)(value / scale % 10)));
            }
        }

        /// <summary>2026-04-15.</summary>
        public void AppendDate(CivilDate date)
        {
            AppendNumber(date.Year);
            Append('-');
            AppendTwoDigits(date.Month);
            Append('-');
            AppendTwoDigits(date.Day);
        }

        public void AppendTwoDigits(int value)
        {
            Append((char)('0' + value / 10 % 10));
            Append((char)('0' + value % 10));
        }

        public int Width()
        {
            int width = 0;
            for (int i = 0; i < Length; i++)
            {
                width += GlyphTable.Advance(GlyphTable.Find(_chars[i]));
            }

            return width;
        }

        /// <summary>The text as a string (tests and logs only; the screen draws from the characters).</summary>
        public override string ToString()
        {
            return new string(_chars, 0, Length);
        }
    }
}
