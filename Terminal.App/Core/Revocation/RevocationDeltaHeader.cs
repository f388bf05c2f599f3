using Terminal.Core.Binary;
using Terminal.Core.Signing;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Header of a delta file, which moves the list with sequence BaseSequence (identified exactly by its signature)
    /// to the list described by Target. Byte layout: see README.md beside this file.
    /// </summary>
    public sealed class RevocationDeltaHeader
    {
        public const int Length = 176;

        public const int FormatVersion = 1;

        /// <summary>After the body: the target list's signature, then the delta's own signature.</summary>
        public const int TrailerLength = 2 * RevocationListHeader.SignatureLength;

        public static readonly byte[] Magic = new byte[] { (byte)'R', (byte)'T', (byte)'R', (byte)'D' };

        private const int TargetHeaderOffset = 84;

        public uint KeyId;

        public ulong BaseSequence;

        /// <summary>The 64-byte signature of the base list: the delta applies to that exact file only.</summary>
        public byte[] BaseSignature = new byte[RevocationListHeader.SignatureLength];

        /// <summary>Header of the list the delta produces (copied verbatim into it).</summary>
        public RevocationListHeader Target = new RevocationListHeader();

        public uint RemoveCount;

        public uint AddCount;

        public int RemoveRiceParameter;

        public int AddRiceParameter;

        public uint RemovesBytes;

        public uint AddsBytes;

        public long RemovesPosition { get { return Length; } }

        public long AddsPosition { get { return Length + (long)RemovesBytes; } }

        /// <summary>Where the target list's signature is stored.</summary>
        public long TargetSignaturePosition { get { return Length + (long)RemovesBytes + AddsBytes; } }

        public long SignedLength { get { return TargetSignaturePosition + RevocationListHeader.SignatureLength; } }

        public long FileLength { get { return SignedLength + RevocationListHeader.SignatureLength; } }

        public void WriteTo(byte[] buffer, int offset)
        {
            System.Array.Clear(buffer, offset, Length);
            System.Array.Copy(Magic, 0, buffer, offset, 4);
            buffer[offset + 4] = FormatVersion;
            LittleEndian.WriteUInt16(buffer, offset + 6, Length);
            LittleEndian.WriteUInt32(buffer, offset + 8, KeyId);
            LittleEndian.WriteUInt64(buffer, offset + 12, BaseSequence);
            System.Array.Copy(BaseSignature, 0, buffer, offset + 20, RevocationListHeader.SignatureLength);
            Target.WriteTo(buffer, offset + TargetHeaderOffset);
            int o = offset + TargetHeaderOffset + RevocationListHeader.Length;
            LittleEndian.WriteUInt32(buffer, o, RemoveCount);
            LittleEndian.WriteUInt32(buffer, o + 4, AddCount);
            buffer[o + 8] = (byte)RemoveRiceParameter;
            buffer[o + 9] = (byte)AddRiceParameter;
            LittleEndian.WriteUInt32(buffer, o + 12, RemovesBytes);
            LittleEndian.WriteUInt32(buffer, o + 16, AddsBytes);
            LittleEndian.WriteUInt32(buffer, offset + Length - 4, Crc32.Compute(buffer, offset, Length - 4));
        }

        public static RevocationError TryParse(byte[] buffer, int offset, int available, RevocationDeltaHeader header)
        {
            RevocationError preamble = RevocationErrors.From(HeaderPreamble.Check(buffer, offset, available, Length, Magic, FormatVersion));
            if (preamble != RevocationError.None)
            {
                return preamble;
            }

            if (LittleEndian.ReadUInt32(buffer, offset + Length - 4) != Crc32.Compute(buffer, offset, Length - 4))
            {
                return RevocationError.HeaderChecksum;
            }

            RevocationError targetError = RevocationListHeader.TryParse(buffer, offset + TargetHeaderOffset, RevocationListHeader.Length, header.Target);
            if (targetError != RevocationError.None)
            {
                return targetError;
            }

            header.KeyId = LittleEndian.ReadUInt32(buffer, offset + 8);
            header.BaseSequence = LittleEndian.ReadUInt64(buffer, offset + 12);
            System.Array.Copy(buffer, offset + 20, header.BaseSignature, 0, RevocationListHeader.SignatureLength);
            int o = offset + TargetHeaderOffset + RevocationListHeader.Length;
            header.RemoveCount = LittleEndian.ReadUInt32(buffer, o);
            header.AddCount = LittleEndian.ReadUInt32(buffer, o + 4);
            header.RemoveRiceParameter = buffer[o + 8];
            header.AddRiceParameter = buffer[o + 9];
            header.RemovesBytes = LittleEndian.ReadUInt32(buffer, o + 12);
            header.AddsBytes = LittleEndian.ReadUInt32(buffer, o + 16);
            bool ok = LittleEndian.ReadUInt16(buffer, offset + 6) == Length && buffer[offset + 5] == 0
                && buffer[o + 10] == 0 && buffer[o + 11] == 0
                && header.BaseSequence >= 1 && header.Target.Sequence > header.BaseSequence
                && header.RemoveRiceParameter <= RevocationListHeader.MaxRiceParameter
                && header.AddRiceParameter <= RevocationListHeader.MaxRiceParameter
                && (ulong)header.RemoveCount * (ulong)(1 + header.RemoveRiceParameter) <= (ulong)header.RemovesBytes * 8
                && (ulong)header.AddCount * (ulong)(1 + header.AddRiceParameter + header.Target.PayloadBits) <= (ulong)header.AddsBytes * 8;
            return ok ? RevocationError.None : RevocationError.BadHeaderField;
        }
    }
}
