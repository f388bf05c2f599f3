using System.Security.Cryptography;
using Terminal.Core.Update;
using Terminal.Tools.Crypto;

namespace Terminal.Tools.Firmware;

/// <summary>One application assembly to put in a bundle, in load order.</summary>
public sealed record BundleInput(string Name, byte[] Content);

/// <summary>What a bundle says about itself besides its assemblies.</summary>
public sealed record BundleParameters(ulong Version, uint MinBootstrapVersion, string HardwareId, string EntryType, uint KeyId, long IssuedAt);

/// <summary>
/// The platform side of a firmware bundle: the portable <see cref="BundleManifest"/> encodes the body (one definition
/// of the format), BouncyCastle signs it, the assemblies follow in load order.
/// </summary>
public static class FirmwareBundleBuilder
{
    /// <summary>Builds and signs a bundle; throws ArgumentException naming the field that is out of bounds.</summary>
    public static byte[] Build(IReadOnlyList<BundleInput> assemblies, BundleParameters parameters, byte[] privateSeed)
    {
        if (assemblies.Count < 1 || assemblies.Count > BundleManifest.MaxAssemblies)
        {
            throw new ArgumentException("a bundle holds 1.." + BundleManifest.MaxAssemblies + " assemblies, not " + assemblies.Count);
        }

        var manifest = new BundleManifest
        {
            KeyId = parameters.KeyId,
            Version = parameters.Version,
            MinBootstrapVersion = parameters.MinBootstrapVersion,
            IssuedAt = parameters.IssuedAt,
            HardwareId = parameters.HardwareId,
            EntryType = parameters.EntryType,
        };
        if (parameters.Version == 0)
        {
            throw new ArgumentException("the version must be at least 1");
        }

        if (!BundleManifest.IsToken(parameters.HardwareId, BundleManifest.MaxHardwareIdLength, false))
        {
            throw new ArgumentException("hardware id must be 1.." + BundleManifest.MaxHardwareIdLength + " characters of [A-Za-z0-9._-]");
        }

        if (!BundleManifest.IsToken(parameters.EntryType, BundleManifest.MaxEntryTypeLength, true))
        {
            throw new ArgumentException("entry type must be 1.." + BundleManifest.MaxEntryTypeLength + " characters of [A-Za-z0-9._+-]");
        }

        var entries = new BundleAssembly[assemblies.Count];
        for (int i = 0; i < assemblies.Count; i++)
        {
            var input = assemblies[i];
            if (!BundleManifest.IsToken(input.Name, BundleManifest.MaxNameLength, false))
            {
                throw new ArgumentException("assembly name '" + input.Name + "' must be 1.." + BundleManifest.MaxNameLength + " characters of [A-Za-z0-9._-]");
            }

            if (input.Content.Length < 1 || input.Content.Length > BundleManifest.MaxAssemblyBytes)
            {
                throw new ArgumentException(input.Name + ": " + input.Content.Length + " bytes; an assembly is 1.." + BundleManifest.MaxAssemblyBytes + " bytes");
            }

            if (assemblies.Take(i).Any(a => a.Name == input.Name))
            {
                throw new ArgumentException("assembly " + input.Name + " given twice");
            }

            entries[i] = new BundleAssembly { Name = input.Name, Size = input.Content.Length, Sha512 = SHA512.HashData(input.Content) };
        }

        manifest.SetAssemblies(entries);
        byte[] body = manifest.EncodeBody() ?? throw new ArgumentException("the manifest exceeds " + BundleManifest.MaxManifestBytes + " bytes (too many or too long names)");
        byte[] signature = Ed25519Signing.Sign(privateSeed, body, 0, body.Length);
        using var output = new MemoryStream();
        output.Write(body);
        output.Write(signature);
        foreach (var input in assemblies)
        {
            output.Write(input.Content);
        }

        return output.ToArray();
    }

    /// <summary>Parses the manifest of bundle bytes (structure only); throws FormatException with the reason.</summary>
    public static BundleManifest ParseManifest(byte[] bundle)
    {
        var manifest = new BundleManifest();
        UpdateError error = manifest.Parse(bundle, Math.Min(bundle.Length, BundleManifest.MaxManifestBytes));
        if (error != UpdateError.None)
        {
            throw new FormatException("not a firmware bundle: " + error);
        }

        if (bundle.Length != manifest.BundleLength)
        {
            throw new FormatException("bundle is " + bundle.Length + " bytes, its manifest says " + manifest.BundleLength);
        }

        return manifest;
    }
}
