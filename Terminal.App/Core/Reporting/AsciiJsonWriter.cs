using Terminal.Core.Time;

namespace Terminal.Core.Reporting
{
    /// <summary>
    /// Writes compact JSON (no whitespace) as ASCII bytes into a fixed buffer: no strings built, no Encoding needed,
    /// bounded memory. String values are reporting tokens; any other character is written as '_' so the output is
    /// always valid JSON and identical to what System.Text.Json writes for the same values (tested on the host).
    /// When the buffer is too small, <see cref="Overflowed"/> is set and the content must be discarded.
    /// </summary>
    public sealed class AsciiJsonWriter
    {
        private const int MaxDepth = 8;
        private readonly bool[] _hasMember = new bool[MaxDepth];
        private readonly byte[] _digits = new byte[20];
        private int _depth;

        public AsciiJsonWriter(int capacity)
        {
            Buffer = new byte[capacity];
        }

        public byte[] Buffer { get; private set; }

        public int Length { get; private set; }

        public bool Overflowed { get; private set; }

        public void Reset()
        {
            Length = 0;
            Overflowed = false;
            _depth = 0;
            _hasMember[0] = false;
        }

        public void BeginObject()
        {
            Separator();
            Push('{');
        }

        public void EndObject()
        {
            Pop('}');
        }

        public void BeginArray(string key)
        {
            Key(key);
            Push('[');
        }

        public void EndArray()
        {
            Pop(']');
        }

        public void Text(string key, string value)
        {
            Key(key);
            if (value == null)
            {
                Ascii("null");
                return;
            }

            Put('"');
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                Put(ReportingTokens.IsTokenChar(c) ? c : '_');
            }

            Put('"');
        }

        /// <summary>An event id: "terminal:sequence".</summary>
        public void EventId(string key, string terminalId, long sequence)
        {
            Key(key);
            Put('"');
            for (int i = 0; i < terminalId.Length; i++)
            {
                char c = terminalId[i];
                Put(ReportingTokens.IsTokenChar(c) ? c : '_');
            }

            Put(':');
            PutLong(sequence);
            Put('"');
        }

        public void Null(string key)
        {
            Key(key);
            Ascii("null");
        }

        public void Number(string key, long value)
        {
            Key(key);
            PutLong(value);
        }

        /// <summary>A string of exactly width decimal digits (zero-padded), e.g. a 12-digit permit number.</summary>
        public void Digits(string key, long value, int width)
        {
            Key(key);
            Put('"');
            int n = ToDigits(value < 0 ? 0 : value);
            for (int i = n; i < width; i++)
            {
                Put('0');
            }

            WriteDigits(n);
            Put('"');
        }

        /// <summary>"yyyy-MM-ddTHH:mm:ssZ" for a UTC instant (what System.Text.Json writes for a whole-second UTC DateTime).</summary>
        public void Timestamp(string key, long unixSeconds)
        {
            Key(key);
            long days = unixSeconds / 86400;
            int secondOfDay = (int)(unixSeconds - days * 86400);
            CivilDate date = CivilDate.FromDayNumber((int)days);
            Put('"');
            Padded(date.Year, 4);
            Put('-');
            Padded(date.Month, 2);
            Put('-');
            Padded(date.Day, 2);
            Put('T');
            Padded(secondOfDay / 3600, 2);
            Put(':');
            Padded(secondOfDay / 60 % 60, 2);
            Put(':');
            Padded(secondOfDay % 60, 2);
            Ascii("Z\"");
        }

        private void Key(string key)
        {
            Separator();
            Put('"');
            Ascii(key);
            Ascii("\":");
        }

        private void Separator()
        {
            if (_hasMember[_depth])
            {
                Put(',');
            }

            _hasMember[_depth] = true;
        }

        private void Push(char c)
        {
            Put(c);
            if (_depth + 1 >= MaxDepth)
            {
                Overflowed = true;
                return;
            }

            _depth++;
            _hasMember[_depth] = false;
        }

        private void Pop(char c)
        {
            Put(c);
            if (_depth > 0)
            {
                _depth--;
            }
        }

        private void PutLong(long value)
        {
            if (value < 0)
            {
                Put('-');
                if (value == long.MinValue)
                {
                    Ascii("9223372036854775808");
                    return;
                }

                value = -value;
            }

            WriteDigits(ToDigits(value));
        }

        private void Padded(int value, int width)
        {
            int n = ToDigits(value);
            for (int i = n; i < width; i++)
            {
                Put('0');
            }

            WriteDigits(n);
        }

        // Fills _digits with value's decimal digits, least significant first; returns how many.
        private int ToDigits(long value)
        {
            int n = 0;
            do
            {
                _digits[n++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value > 0);
            return n;
        }

        private void WriteDigits(int n)
        {
            for (int i = n - 1; i >= 0; i--)
            {
                Put((char)_digits[i]);
            }
        }

        private void Ascii(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                Put(s[i]);
            }
        }

        private void Put(char c)
        {
            if (Length >= Buffer.Length)
            {
                Overflowed = true;
                return;
            }

            Buffer[Length++] = (byte)c;
        }
    }
}
