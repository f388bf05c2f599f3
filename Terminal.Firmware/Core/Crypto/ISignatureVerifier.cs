namespace Terminal.Core.Crypto
{
    /// <summary>
    /// Streaming Ed25519 (RFC 8032) signature verification: card records, revocation lists and update bundles all go
    /// through this one verifier. The message is supplied in chunks, so a list or bundle is never held whole in RAM.
    /// </summary>
    public interface ISignatureVerifier
    {
        /// <summary>Starts a verification with a 32-byte public key and a 64-byte signature (R ‖ S).</summary>
        void Begin(byte[] publicKey, int publicKeyOffset, byte[] signature, int signatureOffset);

        /// <summary>Feeds the next chunk of the signed message.</summary>
        void Update(byte[] data, int offset, int count);

        /// <summary>True only if the signature is valid for the key and the whole message fed since Begin.</summary>
        bool End();
    }
}
