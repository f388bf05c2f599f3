namespace Terminal.Core.Signing
{
    /// <summary>
    /// What the shared signed-file checks found. Each format (revocation list, bundle, signed configuration) maps it to
    /// its own error vocabulary, so the bootstrap does not freeze the application's error codes.
    /// </summary>
    public enum SignedFileStatus
    {
        Ok = 0,
        Truncated = 1,
        BadMagic = 2,
        UnsupportedVersion = 3,
        BadSignature = 4,
        StorageError = 5,
    }
}
