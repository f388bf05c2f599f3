using Terminal.Core.Display;
using Terminal.Tools.Display;
using Xunit.Abstractions;

namespace Terminal.Tests.Display;

/// <summary>The generated glyph table (GlyphTableData.cs): complete for every screen text, well formed, within budget.</summary>
public sealed class GlyphTableTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_character_of_every_verdict_and_screen_text_has_a_glyph()
    {
        var missing = GlyphCatalog.Texts()
            .SelectMany(t => t.Text.Where(c => GlyphTable.Find(c) < 0).Select(c => $"U+{(int)c:X4} '{c}' in {t.Source}"))
            .Distinct().ToList();
        Assert.True(missing.Count == 0,
            "characters without a glyph (run `dotnet run --project Terminal.Tools -- display glyphs` and commit GlyphTableData.cs): " + string.Join(", ", missing));
    }

    [Fact]
    public void The_table_holds_exactly_the_catalogued_characters()
    {
        Assert.Equal(GlyphCatalog.Characters().ToArray(), GlyphTableData.Codes);
    }

    [Fact]
    public void The_table_is_sorted_consistent_and_fits_its_flash_budget()
    {
        var codes = GlyphTableData.Codes;
        for (int i = 1; i < codes.Length; i++)
        {
            Assert.True(codes[i - 1] < codes[i], $"codes not strictly sorted at {i}");
        }

        Assert.Equal(codes.Length, GlyphTableData.Advances.Length);
        Assert.Equal(codes.Length, GlyphTableData.FirstColumn.Length);
        int columns = 0;
        for (int g = 0; g < codes.Length; g++)
        {
            Assert.Equal(columns, GlyphTableData.FirstColumn[g]);
            Assert.InRange(GlyphTableData.Advances[g], 1, 16);
            columns += GlyphTableData.Advances[g];
        }

        Assert.Equal((columns * GlyphTable.BitsPerColumn + 7) / 8 + 2, GlyphTableData.Columns.Length);
        int bytes = codes.Length * 2 + GlyphTableData.Advances.Length + GlyphTableData.FirstColumn.Length * 2 + GlyphTableData.Columns.Length;
        output.WriteLine($"glyph table: {codes.Length} glyphs ({codes.Count(c => c >= 0x2E80)} CJK), {columns} columns, {bytes} bytes of arrays");
        Assert.True(bytes <= 16 * 1024, $"glyph table is {bytes} bytes, over the 16 KB budget (hardware/budget.md)");
    }

    [Fact]
    public void Glyphs_read_back_the_way_the_font_draws_them()
    {
        // 居 (U+5C45) in WenQuanYi Bitmap Song 12 px: its top stroke is the row of columns 2..9; 11 columns of ink then a blank.
        int g = GlyphTable.Find('居');
        Assert.Equal(12, GlyphTable.Advance(g));
        for (int x = 2; x <= 9; x++)
        {
            Assert.True((GlyphTable.Column(g, x) & 1) != 0, $"column {x} of 居 lacks its top stroke");
        }

        Assert.Equal(0, GlyphTable.Column(g, 11));
        Assert.Equal(0, GlyphTable.Column(GlyphTable.Find(' '), 0));
        Assert.Equal(3, GlyphTable.Advance(GlyphTable.Find(ScreenTexts.ThinSpace)));
        Assert.Equal(-1, GlyphTable.Find('\u9F98')); // 龘: not a screen text
        Assert.Equal(GlyphTable.MissingAdvance, GlyphTable.Measure("\u9F98"));
    }

    [Fact]
    public void Display_glyphs_without_the_font_is_bad_input_naming_the_package()
    {
        var error = new StringWriter();
        int exit = Terminal.Tools.Program.Run(["display", "glyphs", "--font", "/nonexistent/wenquanyi_9pt.pcf", "--check"], new StringWriter(), error);
        Assert.Equal(Terminal.Tools.Commands.ExitCodes.BadInput, exit);
        Assert.Equal("error: --font: /nonexistent/wenquanyi_9pt.pcf does not exist (Debian: apt-get install xfonts-wqy)\n", error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_generator_refuses_a_file_that_is_not_a_pcf_font()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0x1F, 0x8B, 8, 0]); // a gzip header: Debian ships some fonts as .pcf.gz
            var e = Assert.Throws<InvalidDataException>(() => GlyphTableGenerator.Generate(path));
            Assert.Contains("not a PCF font", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
