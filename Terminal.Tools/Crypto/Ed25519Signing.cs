using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Terminal.Core.Crypto;

namespace Terminal.Tools.Crypto;

/// <summary>
/// Host-side Ed25519 through BouncyCastle: key generation and signing for the platform tools, and an
/// <see cref="ISignatureVerifier"/> for host verification and tests until the portable verifier is wired in.
/// </summary>
public static class Ed25519Signing
{
    public const int SeedLength = 32;

    public static byte[] NewPrivateSeed()
    {
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        return key.GetEncoded();
    }

    public static byte[] PublicKeyOf(byte[] privateSeed) => new Ed25519PrivateKeyParameters(privateSeed, 0).GeneratePublicKey().GetEncoded();

    public static byte[] Sign(byte[] privateSeed, byte[] message, int offset, int count)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, new Ed25519PrivateKeyParameters(privateSeed, 0));
        signer.BlockUpdate(message, offset, count);
        return signer.GenerateSignature();
    }
}

/// <summary>Streaming <see cref="ISignatureVerifier"/> backed by BouncyCastle's Ed25519Signer.</summary>
public sealed class BouncyCastleSignatureVerifier : ISignatureVerifier
{
    private Ed25519Signer? _signer;
    private byte[] _signature = new byte[64];

    /// <summary>Number of Begin calls (tests count verifications).</summary>
    public int Verifications { get; private set; }

    public void Begin(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset)
    {
        Verifications++;
        _signer = new Ed25519Signer();
        _signer.Init(false, new Ed25519PublicKeyParameters(publicKey, publicKeyOffset));
        _signature = signature.AsSpan(signatureOffset, 64).ToArray();
    }

    public void Update(byte[] data, int offset, int count) => _signer!.BlockUpdate(data, offset, count);

    public bool End()
    {
        bool ok = _signer!.VerifySignature(_signature);
        _signer = null;
        return ok;
    }
}
