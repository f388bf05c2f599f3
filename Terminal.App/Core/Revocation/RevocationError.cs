using Terminal.Core.Signing;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Why a revocation list, delta or update was refused (None = accepted). Parsers and the store return these;
    /// no exception escapes their public API.
    /// </summary>
    public enum RevocationError
    {
        None = 0,

        // Format: the bytes are not a well-formed list or delta.
        Truncated = 1,
        BadMagic = 2,
        UnsupportedVersion = 3,
        BadHeaderField = 4,
        HeaderChecksum = 5,
        LengthMismatch = 6,
        BlockChecksum = 7,
        CorruptBlock = 8,
        IndexMismatch = 9,
        NonCanonicalPadding = 10,
        EntryCountMismatch = 11,

        // Input given to the encoder.
        KeyOutOfOrder = 20,
        KeyOutOfUniverse = 21,
        UnknownReason = 22,
        DateOutOfRange = 23,

        // Trust.
        UnknownKey = 30,
        WrongKeyUsage = 31,
        KeyNotValidOnIssueDate = 32,
        BadSignature = 33,

        // Update rules.
        NotNewer = 40,
        WrongBase = 41,
        DeltaConflict = 42,
        NoUpdateInProgress = 43,
        ChunkTooLarge = 44,

        // Storage.
        StorageFull = 50,
        StorageError = 51,
        NoList = 52,
    }

    public static class RevocationErrors
    {
        /// <summary>The shared signed-file check's result in the list's vocabulary.</summary>
        public static RevocationError From(SignedFileStatus status)
        {
            switch (status)
            {
                case SignedFileStatus.Ok: return RevocationError.None;
                case SignedFileStatus.Truncated: return RevocationError.Truncated;
                case SignedFileStatus.BadMagic: return RevocationError.BadMagic;
                case SignedFileStatus.UnsupportedVersion: return RevocationError.UnsupportedVersion;
                case SignedFileStatus.BadSignature: return RevocationError.BadSignature;
                default: return RevocationError.StorageError;
            }
        }
    }
}
