using System.Buffers.Binary;

namespace Terminal.Tools.Display;

/// <summary>One glyph of a bitmap font: ink box relative to the origin on the baseline, and its rows (true = ink).</summary>
public sealed record BitmapGlyph(int Advance, int Left, int Ascent, int Descent, bool[,] Ink)
{
    public int Width => Ink.GetLength(1);

    public int Rows => Ink.GetLength(0);
}

/// <summary>
/// Reads an X11 PCF bitmap font (the format Debian's xfonts-* packages install): the metrics, bitmaps and encodings
/// tables, in every byte order, bit order, padding and scan unit the format allows (compressed metrics included).
/// Written from the format's description (X.Org's "pcf" notes); throws <see cref="InvalidDataException"/> with the
/// table at fault for anything malformed.
/// </summary>
public sealed class PcfFont
{
    private const int Metrics = 1 << 2;
    private const int Bitmaps = 1 << 3;
    private const int Encodings = 1 << 5;
    private const int CompressedMetrics = 0x100;

    private readonly Dictionary<int, int> _glyphOfCode = new();
    private readonly List<BitmapGlyph> _glyphs = new();

    private PcfFont(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public int GlyphCount => _glyphs.Count;

    public static PcfFont Load(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"{path}: cannot be read ({e.Message})");
        }

        if (data.Length < 8 || data[0] != 1 || data[1] != (byte)'f' || data[2] != (byte)'c' || data[3] != (byte)'p')
        {
            throw new InvalidDataException($"{path}: not a PCF font (gzip-compressed .pcf.gz must be unpacked first)");
        }

        var font = new PcfFont(path);
        int tables = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(4));
        var toc = new Dictionary<int, (int Format, int Size, int Offset)>();
        for (int i = 0; i < tables; i++)
        {
            var entry = data.AsSpan(8 + i * 16, 16);
            toc[BinaryPrimitives.ReadInt32LittleEndian(entry)] = (BinaryPrimitives.ReadInt32LittleEndian(entry[4..]),
                BinaryPrimitives.ReadInt32LittleEndian(entry[8..]), BinaryPrimitives.ReadInt32LittleEndian(entry[12..]));
        }

        foreach (int required in new[] { Metrics, Bitmaps, Encodings })
        {
            if (!toc.ContainsKey(required))
            {
                throw new InvalidDataException($"{path}: PCF table {required} missing");
            }
        }

        var metrics = font.ReadMetrics(new Table(data, toc[Metrics].Offset, "metrics"));
        font.ReadBitmaps(new Table(data, toc[Bitmaps].Offset, "bitmaps"), metrics);
        font.ReadEncodings(new Table(data, toc[Encodings].Offset, "encodings"));
        return font;
    }

    public BitmapGlyph? Glyph(int code) => _glyphOfCode.TryGetValue(code, out int g) ? _glyphs[g] : null;

    private List<(int Left, int Right, int Advance, int Ascent, int Descent)> ReadMetrics(Table t)
    {
        var list = new List<(int, int, int, int, int)>();
        if ((t.Format & CompressedMetrics) != 0)
        {
            int count = t.Int16();
            for (int i = 0; i < count; i++)
            {
                list.Add((t.Byte() - 0x80, t.Byte() - 0x80, t.Byte() - 0x80, t.Byte() - 0x80, t.Byte() - 0x80));
            }
        }
        else
        {
            int count = t.Int32();
            for (int i = 0; i < count; i++)
            {
                list.Add((t.Int16(), t.Int16(), t.Int16(), t.Int16(), t.Int16()));
                t.Int16(); // attributes
            }
        }

        return list;
    }

    private void ReadBitmaps(Table t, List<(int Left, int Right, int Advance, int Ascent, int Descent)> metrics)
    {
        int count = t.Int32();
        if (count != metrics.Count)
        {
            throw new InvalidDataException($"{Path}: {count} bitmaps for {metrics.Count} metrics");
        }

        var offsets = new int[count];
        for (int i = 0; i < count; i++)
        {
            offsets[i] = t.Int32();
        }

        var sizes = new int[4];
        for (int i = 0; i < 4; i++)
        {
            sizes[i] = t.Int32();
        }

        int pad = 1 << (t.Format & 3);
        int unit = 1 << ((t.Format >> 4) & 3);
        bool msbFirstBits = (t.Format & 8) != 0;
        bool msbFirstBytes = (t.Format & 4) != 0;
        int start = t.Position;
        for (int g = 0; g < count; g++)
        {
            var (left, right, advance, ascent, descent) = metrics[g];
            int width = right - left, rows = ascent + descent;
            var ink = new bool[Math.Max(rows, 0), Math.Max(width, 0)];
            int rowBytes = (width + 7) / 8;
            rowBytes = (rowBytes + pad - 1) / pad * pad;
            for (int r = 0; r < rows; r++)
            {
                int rowStart = start + offsets[g] + r * rowBytes;
                for (int x = 0; x < width; x++)
                {
                    int byteIndex = x / 8;
                    if (unit > 1 && msbFirstBytes != msbFirstBits)
                    {
                        // Bytes inside each scan unit are stored in the other order than the bits: swap them back.
                        byteIndex = byteIndex / unit * unit + (unit - 1 - byteIndex % unit);
                    }

                    byte b = t.At(rowStart + byteIndex);
                    int bit = msbFirstBits ? 7 - x % 8 : x % 8;
                    ink[r, x] = (b >> bit & 1) != 0;
                }
            }

            _glyphs.Add(new BitmapGlyph(advance, left, ascent, descent, ink));
        }

        if (t.Position + sizes[t.Format & 3] > t.Length)
        {
            throw new InvalidDataException($"{Path}: bitmap data runs past the end of the file");
        }
    }

    private void ReadEncodings(Table t)
    {
        int minByte2 = t.Int16(), maxByte2 = t.Int16(), minByte1 = t.Int16(), maxByte1 = t.Int16();
        t.Int16(); // default char
        for (int b1 = minByte1; b1 <= maxByte1; b1++)
        {
            for (int b2 = minByte2; b2 <= maxByte2; b2++)
            {
                int glyph = t.Int16() & 0xFFFF;
                if (glyph != 0xFFFF && glyph < _glyphs.Count)
                {
                    _glyphOfCode[b1 * 256 + b2] = glyph;
                }
            }
        }
    }

    /// <summary>A table: its own format word (always little-endian) then numbers in the byte order that format names.</summary>
    private sealed class Table(byte[] data, int offset, string name)
    {
        private int _at = offset + 4;

        public int Format { get; } = Read32(data, offset, name);

        public int Position => _at;

        public int Length => data.Length;

        private bool BigEndian => (Format & 4) != 0;

        public byte At(int index)
        {
            if (index < 0 || index >= data.Length)
            {
                throw new InvalidDataException($"PCF {name} table: offset {index} is outside the file");
            }

            return data[index];
        }

        public int Byte() => At(_at++);

        public int Int16()
        {
            Check(2);
            int v = BigEndian ? BinaryPrimitives.ReadInt16BigEndian(data.AsSpan(_at)) : BinaryPrimitives.ReadInt16LittleEndian(data.AsSpan(_at));
            _at += 2;
            return v;
        }

        public int Int32()
        {
            Check(4);
            int v = BigEndian ? BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(_at)) : BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(_at));
            _at += 4;
            return v;
        }

        private void Check(int bytes)
        {
            if (_at < 0 || _at + bytes > data.Length)
            {
                throw new InvalidDataException($"PCF {name} table ends early");
            }
        }

        private static int Read32(byte[] data, int offset, string name)
        {
            if (offset < 0 || offset + 4 > data.Length)
            {
                throw new InvalidDataException($"PCF {name} table: offset {offset} is outside the file");
            }

            return BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset));
        }
    }
}
