using System.Globalization;
using System.Text;
using System.Text.Json;
using Terminal.Core.Permits;
using Terminal.Core.Time;
using Terminal.Tools.Keys;

namespace Terminal.Tools.Issuing;

/// <summary>
/// A person record for `card issue` (format <c>rp-person/1</c>, documented in README.md beside this file): what the
/// issuing organ knows about one permit holder, read into the card's core record and personal data. Every problem is
/// reported as one <see cref="InputException"/> naming the file and line (and position, for malformed JSON).
/// </summary>
public sealed record PersonRecord(long PermitNumber, int Generation, int IssuingAuthorityCode, CivilDate IssueDate, CivilDate ValidityEnd,
    CivilDate EndorsedThrough, CivilDate ResidenceStart, PersonalData Personal)
{
    public const string FormatName = "rp-person/1";

    private static readonly string[] Required =
    [
        "format", "permitNumber", "issuingAuthorityCode", "issuingAuthorityName", "name", "sex", "ethnicity", "citizenId",
        "hukouAddress", "currentAddress", "issueDate", "validityEnd", "endorsedThrough", "residenceStart",
    ];

    private static readonly string[] Optional = ["generation", "photoSha256", "comment"];

    /// <summary>The core record for this person, to be completed by the issuer with its key ids.</summary>
    public CoreRecord ToCoreRecord(int issuerKeyId, int macKeyId) => new()
    {
        PermitNumber = PermitNumber,
        Generation = Generation,
        IssuingAuthorityCode = IssuingAuthorityCode,
        IssueDate = IssueDate,
        ValidityEnd = ValidityEnd,
        EndorsedThrough = EndorsedThrough,
        ResidenceStart = ResidenceStart,
        IssuerKeyId = issuerKeyId,
        MacKeyId = macKeyId,
    };

    public static PersonRecord Load(string path)
    {
        byte[] utf8;
        try
        {
            utf8 = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path + ": " + e.Message);
        }

        return Parse(path, utf8);
    }

    public static PersonRecord Parse(string source, byte[] utf8)
    {
        var fields = ReadFlatObject(source, utf8);
        foreach (string name in Required)
        {
            if (!fields.ContainsKey(name))
            {
                throw new InputException(source + ": missing field \"" + name + "\" (format " + FormatName + ", see Terminal.Tools/Issuing/README.md)");
            }
        }

        var f = new FieldReader(source, fields);
        if (f.Text("format") != FormatName)
        {
            throw f.Error("format", "format must be \"" + FormatName + "\"");
        }

        string permitText = f.Text("permitNumber");
        if (permitText.Length is < 1 or > 12 || !permitText.All(char.IsAsciiDigit))
        {
            throw f.Error("permitNumber", "permitNumber must be 1 to 12 decimal digits");
        }

        long permit = long.Parse(permitText, CultureInfo.InvariantCulture);
        int generation = fields.ContainsKey("generation") ? f.Int("generation", 0, CoreRecordLayout.MaxGeneration) : 0;
        int authority = f.Int("issuingAuthorityCode", 100000, 999999, "a 6-digit GB/T 2260 code");
        int sex = f.Int("sex", 0, 9);
        if (sex is not (0 or 1 or 2 or 9))
        {
            throw f.Error("sex", "sex " + sex + " is out of range: a GB/T 2261.1 code (0 unknown, 1 male, 2 female, 9 unstated)");
        }

        int ethnicity = f.Int("ethnicity", 1, 98);
        if (ethnicity is > 56 and < 97)
        {
            throw f.Error("ethnicity", "ethnicity " + ethnicity + " is out of range: a GB 3304 code (1..56, 97, 98)");
        }

        string citizenId = f.Text("citizenId");
        if (citizenId.Length != 18 || !citizenId[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(citizenId[17]) || citizenId[17] == 'X'))
        {
            throw f.Error("citizenId", "citizenId must be 18 characters: 17 digits and a digit or X (GB 11643)");
        }

        byte[] photo = new byte[32];
        if (fields.ContainsKey("photoSha256"))
        {
            string hex = f.Text("photoSha256");
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            {
                throw f.Error("photoSha256", "photoSha256 must be 64 hex digits (SHA-256 of the photo the platform keeps)");
            }

            photo = Convert.FromHexString(hex);
        }

        var issue = f.Date("issueDate");
        var validityEnd = f.Date("validityEnd");
        var endorsed = f.Date("endorsedThrough");
        var residence = f.Date("residenceStart");
        if (validityEnd < issue)
        {
            throw f.Error("validityEnd", "validityEnd " + validityEnd + " is before issueDate " + issue);
        }

        if (endorsed < issue)
        {
            throw f.Error("endorsedThrough", "endorsedThrough " + endorsed + " is before issueDate " + issue);
        }

        if (residence > validityEnd)
        {
            throw f.Error("residenceStart", "residenceStart " + residence + " is after validityEnd " + validityEnd);
        }

        foreach (var (name, day) in new[] { ("issueDate", issue), ("validityEnd", validityEnd), ("endorsedThrough", endorsed), ("residenceStart", residence) })
        {
            if (day.DayNumber is < 0 or > ushort.MaxValue)
            {
                throw f.Error(name, name + " " + day + " is out of range: the card stores days from 1970-01-01 to 2149-06-06 in 16 bits");
            }
        }

        var personal = new PersonalData(f.Text("name", 255), sex, ethnicity, citizenId, f.Text("hukouAddress", 255), f.Text("currentAddress", 255),
            f.Text("issuingAuthorityName", 255), photo);
        int length = personal.Encode().Length;
        if (length > TierTwoLayout.MaxPersonalDataLength)
        {
            throw new InputException(source + ": personal data is " + length + " bytes; the card holds " + TierTwoLayout.MaxPersonalDataLength + " (shorten the addresses)");
        }

        return new PersonRecord(permit, generation, authority, issue, validityEnd, endorsed, residence, personal);
    }

    private readonly record struct Field(string Value, bool IsString, int Line);

    /// <summary>A single JSON object of strings and numbers; records each property's line for later messages.</summary>
    private static Dictionary<string, Field> ReadFlatObject(string source, byte[] utf8)
    {
        var fields = new Dictionary<string, Field>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        int LineOf(long index) => 1 + utf8.AsSpan(0, (int)index).Count((byte)'\n');
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InputException(source + ":1: a person record is one JSON object { ... }");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                int line = LineOf(reader.TokenStartIndex);
                string name = reader.GetString()!;
                if (!Required.Contains(name) && !Optional.Contains(name))
                {
                    throw new InputException(source + ":" + line + ": unknown field \"" + name + "\"");
                }

                if (fields.ContainsKey(name))
                {
                    throw new InputException(source + ":" + line + ": field \"" + name + "\" given twice");
                }

                reader.Read();
                fields[name] = reader.TokenType switch
                {
                    JsonTokenType.String => new Field(reader.GetString()!, true, line),
                    JsonTokenType.Number => new Field(Encoding.UTF8.GetString(reader.ValueSpan), false, line),
                    _ => throw new InputException(source + ":" + line + ": \"" + name + "\" must be a string or a number"),
                };
            }

            if (reader.Read())
            {
                throw new InputException(source + ":" + LineOf(reader.TokenStartIndex) + ": text after the closing }");
            }
        }
        catch (JsonException e)
        {
            throw new InputException(source + ":" + ((e.LineNumber ?? 0) + 1) + ":" + ((e.BytePositionInLine ?? 0) + 1) + ": malformed JSON (" + FirstSentence(e.Message) + ")");
        }

        return fields;
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd(' ', '.');
    }

    private sealed class FieldReader(string source, Dictionary<string, Field> fields)
    {
        public InputException Error(string name, string message) => new(source + ":" + fields[name].Line + ": " + message);

        public string Text(string name, int maxUtf8Bytes = 255)
        {
            var field = fields[name];
            if (Encoding.UTF8.GetByteCount(field.Value) > maxUtf8Bytes)
            {
                throw Error(name, name + " is " + Encoding.UTF8.GetByteCount(field.Value) + " bytes in UTF-8; at most " + maxUtf8Bytes + " fit");
            }

            if (field.Value.Contains('\n'))
            {
                throw Error(name, name + " must be one line");
            }

            return field.Value;
        }

        public int Int(string name, int min, int max, string? what = null)
        {
            if (!int.TryParse(fields[name].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                throw Error(name, name + " must be a whole number");
            }

            if (value < min || value > max)
            {
                throw Error(name, name + " " + value + " is out of range (" + (what ?? min + ".." + max) + ")");
            }

            return value;
        }

        public CivilDate Date(string name) =>
            KeyFile.ParseDate(fields[name].Value) ?? throw Error(name, name + " must be a date yyyy-mm-dd");
    }
}
