using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Terminal.Core.Time;

namespace Terminal.Tools.Keys;

/// <summary>What a 32-byte symmetric master is for. Each has exactly one use, like the Ed25519 key usages.</summary>
public enum SecretUsage
{
    /// <summary>Tier-1 MAC master of a region (every terminal of the region holds it; `key=regional-mac,...`).</summary>
    RegionalMac,

    /// <summary>Master of the per-card MIFARE key A (read): every terminal holds it (`sector_read_master`).</summary>
    SectorReadMaster,

    /// <summary>Master of the per-card MIFARE key B (write): only the issuer holds it; never provisioned to a terminal.</summary>
    SectorWriteMaster,
}

/// <summary>
/// A symmetric master on disk (see README.md in this folder): one file, <c>&lt;usage&gt;-&lt;id&gt;.secret.json</c>,
/// written with Unix mode 0600. There is no public half; <see cref="CheckValue"/> identifies it without revealing it.
/// </summary>
public sealed record SecretKeyFile(uint KeyId, SecretUsage Usage, byte[] Secret, CivilDate ValidFrom, CivilDate ValidUntil)
{
    public const string FormatName = "residence-terminal-secret/1";
    public const int SecretLength = 32;

    public string UsageName => UsageToName(Usage);

    public static string UsageToName(SecretUsage usage) => usage switch
    {
        SecretUsage.RegionalMac => "regional-mac",
        SecretUsage.SectorReadMaster => "sector-read-master",
        SecretUsage.SectorWriteMaster => "sector-write-master",
        _ => throw new ArgumentOutOfRangeException(nameof(usage)),
    };

    public static SecretUsage? UsageFromName(string name) => name switch
    {
        "regional-mac" => SecretUsage.RegionalMac,
        "sector-read-master" => SecretUsage.SectorReadMaster,
        "sector-write-master" => SecretUsage.SectorWriteMaster,
        _ => null,
    };

    /// <summary>Key check value: the first 8 bytes of SHA-256("rp-kcv" ‖ secret), so two files can be compared without showing the secret.</summary>
    public byte[] CheckValue => SHA256.HashData([.. "rp-kcv"u8, .. Secret])[..8];

    public static SecretKeyFile New(uint keyId, SecretUsage usage, CivilDate validFrom, CivilDate validUntil) =>
        new(keyId, usage, RandomNumberGenerator.GetBytes(SecretLength), validFrom, validUntil);

    public string ToJson() => new JsonObject
    {
        ["format"] = FormatName,
        ["keyId"] = KeyId,
        ["usage"] = UsageName,
        ["algorithm"] = "hmac-sha256-master",
        ["validFrom"] = ValidFrom.ToString(),
        ["validUntil"] = ValidUntil.ToString(),
        ["secret"] = Convert.ToBase64String(Secret),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    public void Save(string path) => KeyFile.WriteOwnerOnly(path, ToJson());

    /// <summary>Parses an already-read JSON object of this format; throws <see cref="InputException"/> naming what is wrong.</summary>
    public static SecretKeyFile FromJson(string path, JsonObject o)
    {
        try
        {
            var usage = UsageFromName((string?)o["usage"] ?? "") ?? throw new InputException(path + ": usage must be regional-mac, sector-read-master or sector-write-master");
            uint keyId = (uint?)o["keyId"] ?? throw new InputException(path + ": keyId is missing");
            byte[] secret = Convert.FromBase64String((string?)o["secret"] ?? throw new InputException(path + ": secret is missing"));
            if (secret.Length != SecretLength)
            {
                throw new InputException(path + ": secret must be " + SecretLength + " bytes");
            }

            var from = KeyFile.ParseDate((string?)o["validFrom"]) ?? throw new InputException(path + ": validFrom must be a date (yyyy-mm-dd)");
            var until = KeyFile.ParseDate((string?)o["validUntil"]) ?? throw new InputException(path + ": validUntil must be a date (yyyy-mm-dd)");
            return new SecretKeyFile(keyId, usage, secret, from, until);
        }
        catch (FormatException)
        {
            throw new InputException(path + ": the secret is not valid base64");
        }
        catch (InvalidOperationException e)
        {
            throw new InputException(path + ": " + e.Message);
        }
    }
}
