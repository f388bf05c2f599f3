namespace Terminal.Core.Signing
{
    /// <summary>The start every signed file header shares: enough bytes, the 4-byte magic, then the format version.</summary>
    public static class HeaderPreamble
    {
        public static SignedFileStatus Check(byte[] buffer, int offset, int available, int headerLength, byte[] magic, int formatVersion)
        {
            if (available < headerLength)
            {
                return SignedFileStatus.Truncated;
            }

            for (int i = 0; i < magic.Length; i++)
            {
                if (buffer[offset + i] != magic[i])
                {
                    return SignedFileStatus.BadMagic;
                }
            }

            return buffer[offset + magic.Length] == formatVersion ? SignedFileStatus.Ok : SignedFileStatus.UnsupportedVersion;
        }
    }
}
