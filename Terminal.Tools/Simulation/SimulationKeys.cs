using System.Security.Cryptography;
using Terminal.Tools.Crypto;

namespace Terminal.Tools.Simulation;

/// <summary>
/// Throw-away keys for one simulated province: an issuing authority, a list signer, a firmware signer, the regional
/// tier-1 master and the MIFARE sector-key masters. Made fresh for every demo run; never written anywhere.
/// </summary>
public sealed class SimulationKeys
{
    public const int IssuerKeyId = 1;
    public const int ListKeyId = 2;
    public const int MacKeyId = 1;
    public const int FirmwareKeyId = 20;

    public byte[] IssuerSeed { get; } = Ed25519Signing.NewPrivateSeed();
    public byte[] ListSeed { get; } = Ed25519Signing.NewPrivateSeed();
    public byte[] FirmwareSeed { get; } = Ed25519Signing.NewPrivateSeed();
    public byte[] RegionalMac { get; } = RandomNumberGenerator.GetBytes(32);
    public byte[] ReadMaster { get; } = RandomNumberGenerator.GetBytes(32);
    public byte[] WriteMaster { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>A key the province never trusted (what a forger signs with).</summary>
    public byte[] ForgerSeed { get; } = Ed25519Signing.NewPrivateSeed();

    public byte[] IssuerPublic => Ed25519Signing.PublicKeyOf(IssuerSeed);

    public byte[] ListPublic => Ed25519Signing.PublicKeyOf(ListSeed);

    public byte[] FirmwarePublic => Ed25519Signing.PublicKeyOf(FirmwareSeed);
}
