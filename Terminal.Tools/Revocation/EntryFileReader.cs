using System.Text;
using System.Text.Json;
using Terminal.Core.Revocation;
using Terminal.Tools.Keys;

namespace Terminal.Tools.Revocation;

/// <summary>
/// Reads revocation entries from CSV or JSON (see README.md in this folder). Every problem is an
/// <see cref="InputException"/> that names the file and line: malformed fields, unknown reason codes, duplicates.
/// </summary>
public static class EntryFileReader
{
    public const string CsvHeader = "permit,generation,reason,effective";

    public static List<RevocationEntry> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new InputException(path + ": " + e.Message);
        }

        var entries = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ParseJson(path, text) : ParseCsv(path, text);
        RejectDuplicates(path, entries);
        return entries;
    }

    public static List<RevocationEntry> ParseCsv(string source, string text)
    {
        var entries = new List<RevocationEntry>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            string line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#') || (entries.Count == 0 && line.Replace(" ", "").Equals(CsvHeader, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 4)
            {
                throw Error(source, lineNumber, "expected 4 fields (" + CsvHeader + "), found " + fields.Length);
            }

            entries.Add(MakeEntry(source, lineNumber, fields[0].Trim(), fields[1].Trim(), fields[2].Trim(), fields[3].Trim()));
        }

        return entries;
    }

    public static List<RevocationEntry> ParseJson(string source, string text)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        var lineStarts = new List<int> { 0 };
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        int LineOf(long index)
        {
            int found = lineStarts.BinarySearch((int)index);
            return (found >= 0 ? found : ~found - 1) + 1;
        }

        var entries = new List<RevocationEntry>();
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                throw Error(source, 1, "expected a JSON array of entries");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                int line = LineOf(reader.TokenStartIndex);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw Error(source, line, "expected an entry object {\"permit\", \"generation\", \"reason\", \"effective\"}");
                }

                string? permit = null, generation = null, reason = null, effective = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    string name = reader.GetString()!;
                    int propertyLine = LineOf(reader.TokenStartIndex);
                    reader.Read();
                    string value = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString()!,
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => throw Error(source, propertyLine, "\"" + name + "\" must be a string or a number"),
                    };
                    switch (name)
                    {
                        case "permit": permit = value; break;
                        case "generation": generation = value; break;
                        case "reason": reason = value; break;
                        case "effective": effective = value; break;
                        default: throw Error(source, propertyLine, "unknown field \"" + name + "\"");
                    }
                }

                entries.Add(MakeEntry(source, line,
                    permit ?? throw Error(source, line, "missing \"permit\""),
                    generation ?? throw Error(source, line, "missing \"generation\""),
                    reason ?? throw Error(source, line, "missing \"reason\""),
                    effective ?? throw Error(source, line, "missing \"effective\"")));
            }
        }
        catch (JsonException e)
        {
            throw Error(source, (int)(e.LineNumber ?? 0) + 1, "malformed JSON: " + e.Message);
        }

        return entries;
    }

    /// <summary>Two entries for the same card instance are an error (naming both lines).</summary>
    public static void RejectDuplicates(string source, List<RevocationEntry> entries)
    {
        var seen = new Dictionary<ulong, int>();
        foreach (var e in entries)
        {
            if (!seen.TryAdd(e.CardKey, e.SourceLine))
            {
                throw Error(source, e.SourceLine, "duplicate entry for permit " + CardKey.FormatPermitNumber(e.PermitNumber) +
                    " generation " + e.Generation + " (first at line " + seen[e.CardKey] + ")");
            }
        }
    }

    /// <summary>A reason as its code (1..6) or its name (e.g. NoLongerEligible).</summary>
    public static RevocationReason? ParseReason(string text)
    {
        if (int.TryParse(text, out int code))
        {
            return RevocationReasons.IsDefined(code) ? (RevocationReason)code : null;
        }

        return Enum.TryParse<RevocationReason>(text, true, out var named) && named != RevocationReason.None && Enum.IsDefined(named) ? named : null;
    }

    public static string ReasonCodesHelp() =>
        string.Join(", ", Enum.GetValues<RevocationReason>().Where(r => r != RevocationReason.None)
            .Select(r => (int)r + "=" + RevocationReasons.Article(r) + " " + r));

    private static RevocationEntry MakeEntry(string source, int line, string permit, string generation, string reason, string effective)
    {
        if (!CardKey.TryParsePermitNumber(permit, out ulong permitNumber))
        {
            throw Error(source, line, "permit number must be 1 to 12 decimal digits, got \"" + permit + "\"");
        }

        if (!int.TryParse(generation, out int g) || g < 0 || g > CardKey.MaxGeneration)
        {
            throw Error(source, line, "card generation must be 0.." + CardKey.MaxGeneration + ", got \"" + generation + "\"");
        }

        var parsedReason = ParseReason(reason) ?? throw Error(source, line, "unknown reason code \"" + reason + "\" (known: " + ReasonCodesHelp() + ")");
        var date = KeyFile.ParseDate(effective) ?? throw Error(source, line, "effective date must be yyyy-mm-dd, got \"" + effective + "\"");
        return RevocationEntry.Of(permitNumber, g, parsedReason, date, line);
    }

    private static InputException Error(string source, int line, string message) => new(source + ":" + line + ": " + message);
}
