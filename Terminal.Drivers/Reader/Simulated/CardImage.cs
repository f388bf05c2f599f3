using System;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// The content of a simulated card (portable: the nanoCLR's Linux build taps these too; saving and loading files is
    /// host-only, in Reader/Host/CardImage.Files.cs), to build, save and load cards for the simulator and the issuer tools.
    /// File format (binary, big-endian): "RTCI" | version 1 | family | flags (bit 0: UID writable) | UID length | UID |
    /// ATQA (2) | SAK | memory length (2) | memory (1024 bytes for MIFARE Classic 1K, keys in the trailers as stored).
    /// <see cref="FromMfd"/>/<see cref="ToMfd"/> convert from/to the plain 1024-byte dump of common MIFARE tools.
    /// </summary>
    public sealed partial class CardImage
    {
        public CardImage(CardFamily family, byte[] uid, ushort atqa, byte sak, byte[] memory, bool uidWritable)
        {
            Family = family;
            Uid = (byte[])uid.Clone();
            Atqa = atqa;
            Sak = sak;
            Memory = memory;
            UidWritable = uidWritable;
        }

        public CardFamily Family { get; }

        public byte[] Uid { get; }

        public ushort Atqa { get; }

        public byte Sak { get; }

        /// <summary>The card memory, block by block (trailers included).</summary>
        public byte[] Memory { get; }

        public bool UidWritable { get; }

        /// <summary>A copy with another UID (block 0 updated for MIFARE Classic): what a UID-changeable card can be made into.</summary>
        public CardImage WithUid(byte[] uid, bool uidWritable)
        {
            byte[] memory = (byte[])Memory.Clone();
            if (Family == CardFamily.MifareClassic1K)
            {
                MifareClassicImageBuilder.WriteManufacturerBlock(memory, uid, Sak, uid.Length == 4 ? (ushort)0x0004 : (ushort)0x0044);
            }

            ushort atqa = uid.Length == Uid.Length ? Atqa : (uid.Length == 4 ? (ushort)0x0004 : (ushort)0x0044);
            return new CardImage(Family, uid, atqa, Sak, memory, uidWritable);
        }
    }
}
