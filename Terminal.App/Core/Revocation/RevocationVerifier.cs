using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Drivers.Storage;
using Terminal.Core.Signing;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Trust checks shared by the terminal's store and the host tools: the signer must be a trusted ListSigner key
    /// valid on the (Beijing) issue day, and the Ed25519 signature must hold over the file, streamed in 4 KB chunks.
    /// </summary>
    public static class RevocationVerifier
    {
        public const int ChunkBytes = 4096;

        /// <summary>Header, exact length, trusted key and signature of a full list (not the sequence rule, not the body structure).</summary>
        public static RevocationError VerifyList(IStoredFile file, KeyRing keys, ISignatureVerifier verifier, out RevocationListHeader header)
        {
            header = null;
            RevocationList list;
            RevocationError error = RevocationList.Open(file, out list);
            if (error != RevocationError.None)
            {
                return error;
            }

            header = list.Header;
            return VerifyListSignature(file, header, keys, verifier, new byte[RevocationListHeader.SignatureLength], new byte[ChunkBytes]);
        }

        /// <summary>Header, exact length, trusted key and signature of a delta (not whether it fits a base).</summary>
        public static RevocationError VerifyDelta(IStoredFile file, KeyRing keys, ISignatureVerifier verifier, out RevocationDeltaHeader header)
        {
            header = null;
            byte[] headerBytes = new byte[RevocationDeltaHeader.Length];
            if (file.Length < RevocationDeltaHeader.Length)
            {
                return RevocationError.Truncated;
            }

            if (file.Read(0, headerBytes, 0, headerBytes.Length) != headerBytes.Length)
            {
                return RevocationError.StorageError;
            }

            RevocationDeltaHeader parsed = new RevocationDeltaHeader();
            RevocationError error = RevocationDeltaHeader.TryParse(headerBytes, 0, headerBytes.Length, parsed);
            if (error != RevocationError.None)
            {
                return error;
            }

            if (file.Length != parsed.FileLength)
            {
                return file.Length < parsed.FileLength ? RevocationError.Truncated : RevocationError.LengthMismatch;
            }

            header = parsed;
            return VerifyDeltaSignature(file, parsed, keys, verifier, new byte[RevocationListHeader.SignatureLength], new byte[ChunkBytes]);
        }

        internal static RevocationError VerifyListSignature(IStoredFile file, RevocationListHeader header, KeyRing keys, ISignatureVerifier verifier,
            byte[] signature, byte[] scratch)
        {
            TrustedKey key;
            RevocationError error = ToError(keys.Check(header.KeyId, KeyUsage.ListSigner, CivilDate.BeijingDayOf(header.IssuedAt), out key));
            if (error != RevocationError.None)
            {
                return error;
            }

            return RevocationErrors.From(SignedFile.Verify(file, header.SignedLength, header.SignedLength, key.PublicKey, verifier, signature, scratch));
        }

        internal static RevocationError VerifyDeltaSignature(IStoredFile file, RevocationDeltaHeader header, KeyRing keys, ISignatureVerifier verifier,
            byte[] signature, byte[] scratch)
        {
            TrustedKey key;
            RevocationError error = ToError(keys.Check(header.KeyId, KeyUsage.ListSigner, CivilDate.BeijingDayOf(header.Target.IssuedAt), out key));
            if (error != RevocationError.None)
            {
                return error;
            }

            return RevocationErrors.From(SignedFile.Verify(file, header.SignedLength, header.SignedLength, key.PublicKey, verifier, signature, scratch));
        }

        private static RevocationError ToError(KeyCheck check)
        {
            switch (check)
            {
                case KeyCheck.Trusted: return RevocationError.None;
                case KeyCheck.WrongUsage: return RevocationError.WrongKeyUsage;
                case KeyCheck.NotValidOnDate: return RevocationError.KeyNotValidOnIssueDate;
                default: return RevocationError.UnknownKey;
            }
        }
    }
}
