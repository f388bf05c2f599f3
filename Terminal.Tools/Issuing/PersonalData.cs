using System.Text;

namespace Terminal.Tools.Issuing;

/// <summary>
/// 第八条 personal data held in the card's tier-2 area. The terminal never decodes it (第二十条: it only hashes it to
/// check the issuer's signature); the platform and `card inspect` do. Layout (version 1):
/// version(1) sex(1, GB/T 2261.1) ethnicity(1, GB 3304) citizenId(18 ASCII) photoSha256(32)
/// then name, hukou address, current address, issuing authority name as (length byte, UTF-8).
/// </summary>
public sealed record PersonalData(string Name, int Sex, int Ethnicity, string CitizenId, string HukouAddress, string CurrentAddress,
    string IssuingAuthorityName, byte[] PhotoSha256)
{
    public const byte Version = 1;

    public byte[] Encode()
    {
        if (CitizenId.Length != 18 || CitizenId.Any(c => c > 0x7F))
        {
            throw new ArgumentException("citizen ID number must be 18 ASCII characters");
        }

        if (Sex is not (0 or 1 or 2 or 9))
        {
            throw new ArgumentException($"sex code {Sex} is not a GB/T 2261.1 code (0, 1, 2, 9)");
        }

        if (Ethnicity is < 1 or > 98 || Ethnicity is > 56 and < 97)
        {
            throw new ArgumentException($"ethnicity code {Ethnicity} is not a GB 3304 code (01..56, 97, 98)");
        }

        if (PhotoSha256.Length != 32)
        {
            throw new ArgumentException("photo reference must be a 32-byte SHA-256");
        }

        var bytes = new List<byte> { Version, (byte)Sex, (byte)Ethnicity };
        bytes.AddRange(Encoding.ASCII.GetBytes(CitizenId));
        bytes.AddRange(PhotoSha256);
        foreach (var (field, text) in new[] { ("name", Name), ("hukou address", HukouAddress), ("current address", CurrentAddress), ("issuing authority name", IssuingAuthorityName) })
        {
            var utf8 = Encoding.UTF8.GetBytes(text);
            if (utf8.Length > 255)
            {
                throw new ArgumentException($"{field} is {utf8.Length} bytes in UTF-8; at most 255 fit");
            }

            bytes.Add((byte)utf8.Length);
            bytes.AddRange(utf8);
        }

        return bytes.ToArray();
    }

    /// <summary>Decodes personal data, or returns null with the reason.</summary>
    public static PersonalData? Decode(ReadOnlySpan<byte> data, out string error)
    {
        error = "";
        if (data.Length < 53)
        {
            error = "personal data shorter than its fixed part (53 bytes)";
            return null;
        }

        if (data[0] != Version)
        {
            error = $"personal data version {data[0]} is not {Version}";
            return null;
        }

        var strings = new string[4];
        int at = 53;
        for (int i = 0; i < 4; i++)
        {
            if (at >= data.Length || at + 1 + data[at] > data.Length)
            {
                error = "personal data string runs past the end";
                return null;
            }

            strings[i] = Encoding.UTF8.GetString(data.Slice(at + 1, data[at]));
            at += 1 + data[at];
        }

        return new PersonalData(strings[0], data[1], data[2], Encoding.ASCII.GetString(data.Slice(3, 18)), strings[1], strings[2], strings[3], data.Slice(21, 32).ToArray());
    }
}
