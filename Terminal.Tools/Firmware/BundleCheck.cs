using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Core.Update;
using Terminal.Drivers.Storage.Host;
using Terminal.Tools.Crypto;

namespace Terminal.Tools.Firmware;

/// <summary>
/// A bundle checked on the PC exactly as a terminal checks it (the bootstrap's <see cref="BundleVerifier"/>): structure,
/// a trusted firmware-signer key valid on the issue day, the signature, every assembly's SHA-512; then the policy of
/// the terminals it is meant for (hardware, bootstrap version, version floor). Used by `firmware verify`,
/// `firmware publish` and `device provision --bundle`.
/// </summary>
public static class BundleCheck
{
    /// <param name="hardware">required hardware id, or null for the manifest's own</param>
    /// <param name="bootstrapVersion">the terminals' bootstrap version, or null for any</param>
    /// <param name="floor">the version the bundle must be above (0: any)</param>
    public static UpdateError Verify(KeyRing ring, byte[] bundle, string? hardware, uint? bootstrapVersion, ulong floor, BundleManifest manifest)
    {
        var result = new BundleVerifier(ring, new BouncyCastleSignatureVerifier()).Verify(new MemoryFile(bundle), manifest);
        if (result != UpdateError.None)
        {
            return result;
        }

        var policy = new UpdatePolicy
        {
            HardwareId = hardware ?? manifest.HardwareId,
            BootstrapVersion = bootstrapVersion ?? uint.MaxValue,
            MaxBundleBytes = long.MaxValue, // the flash plan is the terminal's business (BundleVerifier.CheckFits)
        };
        return BundleVerifier.CheckPolicy(manifest, policy, floor);
    }

    /// <summary>The refusal in words a technician can act on: the reason's stable name and what it means for this bundle.</summary>
    /// <param name="truster">whose keys were trusted, for the UnknownKey case ("this configuration")</param>
    public static string Explain(UpdateError result, BundleManifest manifest, string? hardware, uint? bootstrapVersion, string truster)
    {
        string hint = result switch
        {
            UpdateError.UnknownKey => "; it is signed by key id " + manifest.KeyId + ", which " + truster + " does not trust",
            UpdateError.WrongKeyUsage => "; key id " + manifest.KeyId + " is not a firmware-signer key in " + truster,
            UpdateError.KeyNotValidOnIssueDate => "; firmware-signer key " + manifest.KeyId + " is not valid on the bundle's issue day " + CivilDate.BeijingDayOf(manifest.IssuedAt),
            UpdateError.BadSignature => "; the signature does not match firmware-signer key " + manifest.KeyId + " of " + truster,
            UpdateError.HashMismatch => "; an assembly does not match the signed manifest (damaged or altered file)",
            UpdateError.WrongHardware => "; it is for hardware " + manifest.HardwareId + ", the terminals are " + hardware,
            UpdateError.BootstrapTooOld => "; it needs bootstrap version " + manifest.MinBootstrapVersion + ", the terminals have " + bootstrapVersion,
            UpdateError.NotNewer => "; version " + manifest.Version + " is not above the version given",
            _ => "",
        };
        return "bundle: " + UpdateErrorNames.Name(result) + hint;
    }
}
