using System.Text.Json;
using System.Text.Json.Nodes;
using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Tools.Crypto;

namespace Terminal.Tools.Keys;

/// <summary>
/// A signing key on disk, as JSON (see README.md in this folder). The public file holds what a terminal's key ring
/// needs; the private file adds the 32-byte Ed25519 seed and is written with Unix mode 0600.
/// </summary>
public sealed record KeyFile(uint KeyId, KeyUsage Usage, byte[] PublicKey, CivilDate ValidFrom, CivilDate ValidUntil, byte[]? PrivateSeed)
{
    public const string FormatName = "residence-terminal-key/1";

    public bool HasPrivateKey => PrivateSeed != null;

    public TrustedKey ToTrustedKey() => new(KeyId, Usage, PublicKey, ValidFrom.DayNumber, ValidUntil.DayNumber);

    public string UsageName => UsageToName(Usage);

    public static string UsageToName(KeyUsage usage) => usage switch
    {
        KeyUsage.CardIssuer => "card-issuer",
        KeyUsage.ListSigner => "list-signer",
        KeyUsage.FirmwareSigner => "firmware-signer",
        KeyUsage.ConfigSigner => "config-signer",
        _ => throw new ArgumentOutOfRangeException(nameof(usage)),
    };

    public static KeyUsage? UsageFromName(string name) => name switch
    {
        "card-issuer" => KeyUsage.CardIssuer,
        "list-signer" => KeyUsage.ListSigner,
        "firmware-signer" => KeyUsage.FirmwareSigner,
        "config-signer" => KeyUsage.ConfigSigner,
        _ => null,
    };

    public string ToJson(bool includePrivate)
    {
        var node = new JsonObject
        {
            ["format"] = FormatName,
            ["keyId"] = KeyId,
            ["usage"] = UsageName,
            ["algorithm"] = "ed25519",
            ["publicKey"] = Convert.ToBase64String(PublicKey),
            ["validFrom"] = ValidFrom.ToString(),
            ["validUntil"] = ValidUntil.ToString(),
        };
        if (includePrivate)
        {
            node["privateKey"] = Convert.ToBase64String(PrivateSeed ?? throw new InvalidOperationException("no private key"));
        }

        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>Writes the file; a private key file gets mode 0600 (owner read/write only) before any secret is written.</summary>
    public void Save(string path, bool includePrivate)
    {
        if (includePrivate)
        {
            WriteOwnerOnly(path, ToJson(includePrivate));
        }
        else
        {
            File.WriteAllText(path, ToJson(includePrivate));
        }
    }

    /// <summary>Creates (or truncates) the file with Unix mode 0600 before writing, so a secret is never world-readable, even briefly.</summary>
    public static void WriteOwnerOnly(string path, string text) => WriteOwnerOnly(path, System.Text.Encoding.UTF8.GetBytes(text));

    /// <inheritdoc cref="WriteOwnerOnly(string, string)"/>
    public static void WriteOwnerOnly(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        {
            if (!OperatingSystem.IsWindows())
            {
                // UnixCreateMode applies only to a new file; an existing one keeps its mode unless set here.
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            stream.Write(bytes);
        }
    }

    /// <summary>Reads a key file's JSON object and its format name; throws <see cref="InputException"/> (with line and position for malformed JSON).</summary>
    public static JsonObject ReadObject(string path, out string format)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InputException(path + ":" + ((e.LineNumber ?? 0) + 1) + ":" + ((e.BytePositionInLine ?? 0) + 1) + ": malformed JSON in a key file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path + ": " + e.Message);
        }

        format = root is JsonObject o && o["format"] is JsonValue v && v.TryGetValue(out string? f) ? f : "";
        if (root is not JsonObject obj || (format != FormatName && format != SecretKeyFile.FormatName))
        {
            throw new InputException(path + ": not a key file (format must be \"" + FormatName + "\" or \"" + SecretKeyFile.FormatName + "\")");
        }

        return obj;
    }

    /// <summary>Reads a key file; throws <see cref="InputException"/> naming what is wrong.</summary>
    public static KeyFile Load(string path)
    {
        var o = ReadObject(path, out string format);
        if (format != FormatName)
        {
            throw new InputException(path + ": " + SecretKeyFile.FromJson(path, o).UsageName + " secret where an Ed25519 key file was expected");
        }

        try
        {
            if ((string?)o["algorithm"] != "ed25519")
            {
                throw new InputException(path + ": algorithm must be \"ed25519\"");
            }

            var usage = UsageFromName((string?)o["usage"] ?? "") ?? throw new InputException(path + ": usage must be card-issuer, list-signer, firmware-signer or config-signer");
            uint keyId = (uint?)o["keyId"] ?? throw new InputException(path + ": keyId is missing");
            byte[] publicKey = Convert.FromBase64String((string?)o["publicKey"] ?? throw new InputException(path + ": publicKey is missing"));
            if (publicKey.Length != 32)
            {
                throw new InputException(path + ": publicKey must be 32 bytes");
            }

            var from = ParseDate((string?)o["validFrom"]) ?? throw new InputException(path + ": validFrom must be a date (yyyy-mm-dd)");
            var until = ParseDate((string?)o["validUntil"]) ?? throw new InputException(path + ": validUntil must be a date (yyyy-mm-dd)");
            byte[]? seed = null;
            if (o["privateKey"] is JsonNode privateNode)
            {
                seed = Convert.FromBase64String((string?)privateNode ?? "");
                if (seed.Length != 32 || !Ed25519Signing.PublicKeyOf(seed).AsSpan().SequenceEqual(publicKey))
                {
                    throw new InputException(path + ": privateKey does not match publicKey");
                }
            }

            return new KeyFile(keyId, usage, publicKey, from, until, seed);
        }
        catch (FormatException)
        {
            throw new InputException(path + ": a key is not valid base64");
        }
        catch (InvalidOperationException e)
        {
            throw new InputException(path + ": " + e.Message);
        }
    }

    /// <summary>yyyy-mm-dd as a civil date, or null.</summary>
    public static CivilDate? ParseDate(string? text)
    {
        if (text is null || text.Length != 10 || text[4] != '-' || text[7] != '-'
            || !int.TryParse(text.AsSpan(0, 4), out int y) || !int.TryParse(text.AsSpan(5, 2), out int m) || !int.TryParse(text.AsSpan(8, 2), out int d)
            || !CivilDate.IsValid(y, m, d))
        {
            return null;
        }

        return CivilDate.FromYmd(y, m, d);
    }
}

/// <summary>Bad input from the user (file content or arguments): reported as one line on stderr, exit code 2.</summary>
public sealed class InputException(string message) : Exception(message);
