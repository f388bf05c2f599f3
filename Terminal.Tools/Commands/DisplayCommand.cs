using System.CommandLine;
using Terminal.Tools.Display;
using Terminal.Tools.Keys;

namespace Terminal.Tools.Commands;

/// <summary>`display glyphs`: the device's glyph table, made at build time from a Debian bitmap font (Terminal.App/Core/Display/README.md).</summary>
public static class DisplayCommand
{
    public static Command Create()
    {
        var display = new Command("display", "Build-time tools of the clerk's display (SSD1306 OLED).\nExample: display glyphs --check");
        display.Subcommands.Add(CreateGlyphs());
        return display;
    }

    private static Command CreateGlyphs()
    {
        var font = new Option<string>("--font") { Description = "PCF bitmap font (Debian: apt-get install xfonts-wqy)", DefaultValueFactory = _ => GlyphTableGenerator.DefaultFont };
        var output = new Option<string>("--out") { Description = "generated C# source", DefaultValueFactory = _ => GlyphTableGenerator.DefaultOutput };
        var check = new Option<bool>("--check") { Description = "do not write: exit 3 when the file differs from what the font and today's texts give" };
        var command = new Command("glyphs", "Render exactly the characters of the verdict, reason, article and screen texts (plus printable ASCII) from a " +
                                            "12-pixel bitmap font into the firmware's 1-bit glyph table.\n" +
                                            "Example: dotnet run --project Terminal.Tools -- display glyphs");
        command.Options.Add(font);
        command.Options.Add(output);
        command.Options.Add(check);
        CommandRunner.SetAction(command, (p, stdout, stderr) =>
        {
            string fontPath = p.GetValue(font)!;
            if (!File.Exists(fontPath))
            {
                throw new InputException($"--font: {fontPath} does not exist (Debian: apt-get install xfonts-wqy)");
            }

            GlyphTableGenerator.Result result;
            try
            {
                result = GlyphTableGenerator.Generate(fontPath);
            }
            catch (InvalidDataException e)
            {
                throw new InputException(e.Message);
            }

            string path = p.GetValue(output)!;
            string summary = $"{result.Glyphs} glyphs ({result.CjkGlyphs} CJK), {result.ColumnBytes} bytes of glyph columns, {result.TableBytes} bytes in all";
            if (p.GetValue(check))
            {
                string existing = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
                if (existing != result.Source)
                {
                    stderr.WriteLine($"{path} is not what {fontPath} and today's texts give: run `display glyphs` and commit it");
                    return ExitCodes.VerificationFailed;
                }

                stdout.WriteLine($"{path} is up to date: {summary}");
                return ExitCodes.Ok;
            }

            File.WriteAllText(path, result.Source);
            stdout.WriteLine($"wrote {path}: {summary}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
