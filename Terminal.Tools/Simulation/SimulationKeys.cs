using System.Security.Cryptography;

namespace Terminal.Tools.Simulation;

/// <summary>
/// Throw-away keys for one simulated province: an issuing authority, a list signer, the regional tier-1 master and
/// the MIFARE sector-key masters. Made fresh for every demo run; never written anywhere.
/// </summary>
public sealed class SimulationKeys
{
    public const int IssuerKeyId = 1;
    public const int ListKeyId = 2;
    public const int MacKeyId = 1;

    public byte[] IssuerSeed { get; } = Crypto.Ed25519.NewPrivateSeed();
    public byte[] ListSeed { get; } = Crypto.Ed25519.NewPrivateSeed();
    public byte[] RegionalMac { get; } = RandomNumberGenerator.GetBytes(32);
    public byte[] ReadMaster { get; } = RandomNumberGenerator.GetBytes(32);
    public byte[] WriteMaster { get; } = RandomNumberGenerator.GetBytes(32);

    /// <summary>A key the province never trusted (what a forger signs with).</summary>
    public byte[] ForgerSeed { get; } = Crypto.Ed25519.NewPrivateSeed();

    public byte[] IssuerPublic => Crypto.Ed25519.PublicKeyOf(IssuerSeed);

    public byte[] ListPublic => Crypto.Ed25519.PublicKeyOf(ListSeed);
}
