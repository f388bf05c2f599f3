using System.Globalization;
using System.Text;
using Terminal.Core.Display;

namespace Terminal.Tools.Display;

/// <summary>
/// Renders the <see cref="GlyphCatalog"/>'s characters from a PCF bitmap font into the device's 1-bit glyph table
/// (Terminal.App/Core/Display/GlyphTableData.cs, format in <see cref="GlyphTable"/>): one 12-row cell per character,
/// baseline at row 10, the font's own advance. The verdict symbols and the thin space are drawn here (the font has
/// none). Refuses a font that lacks a character or whose ink would be cut by the cell.
/// </summary>
public static class GlyphTableGenerator
{
    /// <summary>The Debian font this table is made from (package xfonts-wqy, WenQuanYi Bitmap Song 12 px).</summary>
    public const string DefaultFont = "/usr/share/fonts/X11/misc/wenquanyi_9pt.pcf";

    public const string DefaultOutput = "Terminal.App/Core/Display/GlyphTableData.cs";

    /// <summary>Rows above the baseline in a cell; the last two rows are for descenders.</summary>
    public const int CellAscent = 10;

    // The symbols of the verdict line, 12×12, drawn for this terminal ('#' = ink).
    private static readonly Dictionary<char, string[]> Drawn = new()
    {
        [ScreenTexts.Check] =
        [
            "............",
            "..........##",
            ".........###",
            "........###.",
            ".......###..",
            "##....###...",
            "###..###....",
            ".######.....",
            "..####......",
            "...##.......",
            "............",
            "............",
        ],
        [ScreenTexts.Attention] =
        [
            "....####....",
            "....####....",
            "....####....",
            "....####....",
            "....####....",
            ".....##.....",
            ".....##.....",
            "............",
            "....####....",
            "....####....",
            "............",
            "............",
        ],
        [ScreenTexts.Cross] =
        [
            "............",
            ".##......##.",
            ".###....###.",
            "..###..###..",
            "...######...",
            "....####....",
            "...######...",
            "..###..###..",
            ".###....###.",
            ".##......##.",
            "............",
            "............",
        ],
        [ScreenTexts.ThinSpace] = ["...", "...", "...", "...", "...", "...", "...", "...", "...", "...", "...", "..."],
    };

    public sealed record Result(string Source, int Glyphs, int CjkGlyphs, int ColumnBytes, int TableBytes);

    public static Result Generate(string fontPath)
    {
        var font = PcfFont.Load(fontPath);
        var chars = GlyphCatalog.Characters();
        var problems = new List<string>();
        var columns = new List<int>();
        var advances = new List<int>();
        var firstColumn = new List<int>();
        var shifted = new List<char>();
        foreach (char c in chars)
        {
            firstColumn.Add(columns.Count);
            if (Drawn.TryGetValue(c, out var art))
            {
                advances.Add(art[0].Length);
                for (int x = 0; x < art[0].Length; x++)
                {
                    int mask = 0;
                    for (int r = 0; r < GlyphTable.Height; r++)
                    {
                        mask |= art[r][x] == '#' ? 1 << r : 0;
                    }

                    columns.Add(mask);
                }

                continue;
            }

            var glyph = font.Glyph(c);
            if (glyph is null)
            {
                problems.Add($"U+{(int)c:X4} '{c}' is not in the font");
                advances.Add(0);
                continue;
            }

            // A glyph taller than the cell's ascent or descent but no taller than the cell (ASCII '/') moves inside it.
            int top = CellAscent - glyph.Ascent, shift = 0;
            int inkTop = Enumerable.Range(0, glyph.Rows).FirstOrDefault(r => Enumerable.Range(0, glyph.Width).Any(x => glyph.Ink[r, x]), -1);
            int inkBottom = Enumerable.Range(0, glyph.Rows).LastOrDefault(r => Enumerable.Range(0, glyph.Width).Any(x => glyph.Ink[r, x]), -1);
            if (inkTop >= 0 && inkBottom - inkTop < GlyphTable.Height)
            {
                if (top + inkTop < 0)
                {
                    shift = -(top + inkTop);
                }
                else if (top + inkBottom >= GlyphTable.Height)
                {
                    shift = GlyphTable.Height - 1 - (top + inkBottom);
                }
            }

            if (shift != 0)
            {
                shifted.Add(c);
            }

            var cell = new int[glyph.Advance];
            for (int r = 0; r < glyph.Rows; r++)
            {
                int row = top + shift + r;
                for (int x = 0; x < glyph.Width; x++)
                {
                    if (!glyph.Ink[r, x])
                    {
                        continue;
                    }

                    int column = glyph.Left + x;
                    if (row < 0 || row >= GlyphTable.Height || column < 0 || column >= glyph.Advance)
                    {
                        problems.Add($"U+{(int)c:X4} '{c}' has ink outside the {glyph.Advance}×{GlyphTable.Height} cell (row {row}, column {column})");
                        goto next;
                    }

                    cell[column] |= 1 << row;
                }
            }

            advances.Add(glyph.Advance);
            columns.AddRange(cell);
        next:;
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{fontPath}: cannot make the glyph table: " + string.Join("; ", problems.Distinct()));
        }

        if (columns.Count > ushort.MaxValue)
        {
            throw new InvalidDataException($"{columns.Count} columns: more than the table's 16-bit column index can address");
        }

        // 12 bits per column, little-endian bit stream, two spare bytes so a 3-byte read at the last column stays inside.
        var bits = new byte[(columns.Count * GlyphTable.BitsPerColumn + 7) / 8 + 2];
        for (int i = 0; i < columns.Count; i++)
        {
            int at = i * GlyphTable.BitsPerColumn;
            int word = columns[i] << (at & 7);
            bits[at >> 3] |= (byte)word;
            bits[(at >> 3) + 1] |= (byte)(word >> 8);
            bits[(at >> 3) + 2] |= (byte)(word >> 16);
        }

        var list = chars.ToList();
        int cjk = list.Count(c => c >= 0x2E80);
        int tableBytes = list.Count * 2 + list.Count + list.Count * 2 + bits.Length;
        return new Result(Source(fontPath, list, advances, firstColumn, bits, tableBytes, shifted), list.Count, cjk, bits.Length, tableBytes);
    }

    private static string Source(string fontPath, List<char> chars, List<int> advances, List<int> firstColumn, byte[] bits, int tableBytes, List<char> shifted)
    {
        var s = new StringBuilder();
        s.AppendLine("namespace Terminal.Core.Display");
        s.AppendLine("{");
        s.AppendLine("    /// <summary>");
        s.AppendLine("    /// GENERATED by `dotnet run --project Terminal.Tools -- display glyphs` (Terminal.Tools/Display/GlyphTableGenerator.cs); do not edit.");
        s.AppendLine($"    /// {chars.Count} glyphs, {tableBytes} bytes of arrays (format: GlyphTable). Glyphs of the verdict texts and ScreenTexts from");
        s.AppendLine("    /// WenQuanYi Bitmap Song 12 px (Debian package xfonts-wqy, GPL-2 with font embedding exception; see README.md beside this");
        s.AppendLine("    /// file); the symbols ✔ ❗ ✖ are drawn by the generator." + (shifted.Count == 0 ? "" : $" Moved up or down into the 12-row cell: {string.Join(" ", shifted)}"));
        s.AppendLine("    /// </summary>");
        s.AppendLine("    public static class GlyphTableData");
        s.AppendLine("    {");
        s.AppendLine($"        public const string Source = \"{System.IO.Path.GetFileName(fontPath)}\";");
        s.AppendLine();
        s.AppendLine("        /// <summary>The characters, sorted (binary search).</summary>");
        s.AppendLine("        public static readonly char[] Codes =");
        s.AppendLine("        {");
        for (int i = 0; i < chars.Count; i += 12)
        {
            var row = chars.Skip(i).Take(12).ToList();
            s.Append("            ").Append(string.Join(" ", row.Select(c => $"'\\u{(int)c:X4}',")));
            s.Append(" // ").AppendLine(new string(row.Select(c => c < 0x21 || c == 0x7F ? '·' : c).ToArray()));
        }

        s.AppendLine("        };");
        s.AppendLine();
        s.AppendLine("        /// <summary>Advance (and column count) of each glyph, in pixels.</summary>");
        AppendNumbers(s, "byte", "Advances", advances, 24);
        s.AppendLine();
        s.AppendLine("        /// <summary>Index of each glyph's first 12-bit column in Columns.</summary>");
        AppendNumbers(s, "ushort", "FirstColumn", firstColumn, 16);
        s.AppendLine();
        s.AppendLine("        /// <summary>Every glyph column, 12 bits each (bit 0 = top row), as one little-endian bit stream; two spare bytes at the end.</summary>");
        s.AppendLine("        public static readonly byte[] Columns =");
        s.AppendLine("        {");
        for (int i = 0; i < bits.Length; i += 24)
        {
            s.Append("            ").AppendLine(string.Join(" ", bits.Skip(i).Take(24).Select(b => $"0x{b:X2},")));
        }

        s.AppendLine("        };");
        s.AppendLine("    }");
        s.AppendLine("}");
        return s.ToString().ReplaceLineEndings("\n");
    }

    private static void AppendNumbers(StringBuilder s, string type, string name, List<int> values, int perLine)
    {
        s.AppendLine($"        public static readonly {type}[] {name} =");
        s.AppendLine("        {");
        for (int i = 0; i < values.Count; i += perLine)
        {
            s.Append("            ").AppendLine(string.Join(" ", values.Skip(i).Take(perLine).Select(v => v.ToString(CultureInfo.InvariantCulture) + ",")));
        }

        s.AppendLine("        };");
    }
}
