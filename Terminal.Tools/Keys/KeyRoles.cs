using System.Security.Cryptography;
using Terminal.Core.Crypto;
using Terminal.Core.Time;

namespace Terminal.Tools.Keys;

/// <summary>
/// Loads a key file for one role in a command and refuses the wrong kind with one sentence: a list-signer key given
/// as the card issuer, a public file where signing needs the private one, a secret of another usage, a key outside its
/// validity window on the day it is used, an id that does not fit the 16-bit fields of the card and configuration.
/// </summary>
public static class KeyRoles
{
    /// <summary>Key ids in the core record and the device configuration are 16-bit.</summary>
    public const uint MaxKeyId = 65535;

    public static KeyFile Signing(string path, KeyUsage usage, string option, bool needPrivate)
    {
        var key = KeyFile.Load(path);
        if (key.Usage != usage)
        {
            throw new InputException(option + " " + path + ": key " + key.KeyId + " is a " + key.UsageName + " key; " + option + " takes a " + KeyFile.UsageToName(usage) + " key");
        }

        if (needPrivate && !key.HasPrivateKey)
        {
            throw new InputException(option + " " + path + ": a private key file is needed to sign (this is the public half)");
        }

        return key;
    }

    /// <summary>
    /// The private key that signs a kind of file (lists, bundles): the private half first, then its usage, each refusal
    /// naming what the file is signed for.
    /// </summary>
    public static KeyFile Signer(string path, KeyUsage usage, string signedThings)
    {
        var key = KeyFile.Load(path);
        if (!key.HasPrivateKey)
        {
            throw new InputException(path + ": a private key file is needed to sign");
        }

        if (key.Usage != usage)
        {
            throw new InputException(path + ": key " + key.KeyId + " is a " + key.UsageName + " key; " + signedThings + " are signed only by " + KeyFile.UsageToName(usage) + " keys");
        }

        return key;
    }

    public static SecretKeyFile Secret(string path, SecretUsage usage, string option)
    {
        var o = KeyFile.ReadObject(path, out string format);
        if (format != SecretKeyFile.FormatName)
        {
            var key = KeyFile.Load(path);
            throw new InputException(option + " " + path + ": key " + key.KeyId + " is a " + key.UsageName + " Ed25519 key; " + option + " takes a " + SecretKeyFile.UsageToName(usage) + " secret");
        }

        var secret = SecretKeyFile.FromJson(path, o);
        if (secret.Usage != usage)
        {
            throw new InputException(option + " " + path + ": secret " + secret.KeyId + " is a " + secret.UsageName + "; " + option + " takes a " + SecretKeyFile.UsageToName(usage));
        }

        return secret;
    }

    /// <summary>Throws unless <paramref name="day"/> lies in [from, until]; says "expired" or "not valid before".</summary>
    public static void RequireValidOn(string option, string path, uint keyId, CivilDate from, CivilDate until, CivilDate day, string use)
    {
        if (day > until)
        {
            throw new InputException(option + " " + path + ": key " + keyId + " expired on " + until + " (" + use + " " + day + ")");
        }

        if (day < from)
        {
            throw new InputException(option + " " + path + ": key " + keyId + " is not valid before " + from + " (" + use + " " + day + ")");
        }
    }

    public static void RequireShortId(string option, string path, uint keyId)
    {
        if (keyId > MaxKeyId)
        {
            throw new InputException(option + " " + path + ": key id " + keyId + " is out of range: cards and terminals store key ids in 16 bits (0.." + MaxKeyId + ")");
        }
    }

    /// <summary>SHA-256 of the public key, first 8 bytes, as 4 colon-separated groups (what `keys list` prints).</summary>
    /// <summary>Public keys from files (a repeatable --key), as a terminal's key ring; a key id given twice is bad input.</summary>
    public static KeyRing TrustedRing(IEnumerable<string> paths)
    {
        var ring = new KeyRing();
        foreach (string path in paths)
        {
            var key = KeyFile.Load(path);
            if (!ring.Add(key.ToTrustedKey()))
            {
                throw new InputException(path + ": key id " + key.KeyId + " given twice");
            }
        }

        return ring;
    }

    public static string Fingerprint(byte[] publicKey) => Group(SHA256.HashData(publicKey)[..8]);

    public static string Group(byte[] bytes)
    {
        string hex = Convert.ToHexStringLower(bytes);
        return string.Join(":", Enumerable.Range(0, hex.Length / 4).Select(i => hex.Substring(i * 4, 4)));
    }
}
