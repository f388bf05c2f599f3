namespace Terminal.Core.Revocation
{
    /// <summary>The start every signed file header shares: enough bytes, the 4-byte magic, then the format version.</summary>
    internal static class HeaderPreamble
    {
        public static RevocationError Check(byte[] buffer, int offset, int available, int headerLength, byte[] magic, int formatVersion)
        {
            if (available < headerLength)
            {
                return RevocationError.Truncated;
            }

            for (int i = 0; i < magic.Length; i++)
            {
                if (buffer[offset + i] != magic[i])
                {
                    return RevocationError.BadMagic;
                }
            }

            return buffer[offset + magic.Length] == formatVersion ? RevocationError.None : RevocationError.UnsupportedVersion;
        }
    }
}
