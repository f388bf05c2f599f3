using Terminal.Core.Crypto;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Signing
{
    /// <summary>
    /// Checks a file whose first signedLength bytes are signed by the 64-byte Ed25519 signature stored at signatureAt:
    /// revocation lists and deltas (streamed from storage) and signed configurations (in RAM).
    /// </summary>
    public static class SignedFile
    {
        /// <summary>Ed25519 signature bytes.</summary>
        public const int SignatureLength = 64;

        /// <summary>Streams the signed bytes from storage in chunks of the scratch buffer's size (never the whole file in RAM).</summary>
        public static SignedFileStatus Verify(IStoredFile file, long signedLength, long signatureAt, byte[] publicKey,
            ISignatureVerifier verifier, byte[] signature, byte[] scratch)
        {
            if (file.Read(signatureAt, signature, 0, SignatureLength) != SignatureLength)
            {
                return SignedFileStatus.StorageError;
            }

            verifier.Begin(publicKey, 0, signature, 0);
            long position = 0;
            while (position < signedLength)
            {
                long remaining = signedLength - position;
                int count = remaining < scratch.Length ? (int)remaining : scratch.Length;
                if (file.Read(position, scratch, 0, count) != count)
                {
                    verifier.End();
                    return SignedFileStatus.StorageError;
                }

                verifier.Update(scratch, 0, count);
                position += count;
            }

            return verifier.End() ? SignedFileStatus.Ok : SignedFileStatus.BadSignature;
        }

        /// <summary>The same check for a small message already in RAM (a pushed configuration): data[0..signedLength) signed, the signature at signatureAt.</summary>
        public static SignedFileStatus Verify(byte[] data, int signedLength, int signatureAt, byte[] publicKey, ISignatureVerifier verifier)
        {
            if (signedLength < 0 || signatureAt < 0 || signatureAt > data.Length - SignatureLength || signedLength > data.Length)
            {
                return SignedFileStatus.Truncated;
            }

            verifier.Begin(publicKey, 0, data, signatureAt);
            verifier.Update(data, 0, signedLength);
            return verifier.End() ? SignedFileStatus.Ok : SignedFileStatus.BadSignature;
        }
    }
}
