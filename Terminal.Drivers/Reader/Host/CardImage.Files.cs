using System;
using System.IO;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>The host-only half of <see cref="CardImage"/>: the RTCI file format and plain MIFARE dumps (streams and files).</summary>
    public sealed partial class CardImage
    {
        private static readonly byte[] Magic = { (byte)'R', (byte)'T', (byte)'C', (byte)'I' };
        private const byte FormatVersion = 1;

        public void Save(Stream stream)
        {
            var writer = new BinaryWriter(stream);
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write((byte)Family);
            writer.Write((byte)(UidWritable ? 1 : 0));
            writer.Write((byte)Uid.Length);
            writer.Write(Uid);
            writer.Write((byte)(Atqa >> 8));
            writer.Write((byte)Atqa);
            writer.Write(Sak);
            writer.Write((byte)(Memory.Length >> 8));
            writer.Write((byte)Memory.Length);
            writer.Write(Memory);
            writer.Flush();
        }

        public byte[] ToBytes()
        {
            var stream = new MemoryStream();
            Save(stream);
            return stream.ToArray();
        }

        public void Save(string path)
        {
            File.WriteAllBytes(path, ToBytes());
        }

        /// <summary>Reads an image; throws InvalidDataException on anything but a well-formed image (host tooling).</summary>
        public static CardImage Load(Stream stream)
        {
            var reader = new BinaryReader(stream);
            byte[] magic = reader.ReadBytes(4);
            if (magic.Length != 4 || magic[0] != Magic[0] || magic[1] != Magic[1] || magic[2] != Magic[2] || magic[3] != Magic[3])
            {
                throw new InvalidDataException("not a card image (magic)");
            }

            if (reader.ReadByte() != FormatVersion)
            {
                throw new InvalidDataException("unknown card image version");
            }

            var family = (CardFamily)reader.ReadByte();
            bool uidWritable = (reader.ReadByte() & 1) != 0;
            int uidLength = reader.ReadByte();
            if (uidLength != 4 && uidLength != 7 && uidLength != 10)
            {
                throw new InvalidDataException("bad UID length " + uidLength);
            }

            byte[] uid = reader.ReadBytes(uidLength);
            ushort atqa = (ushort)((reader.ReadByte() << 8) | reader.ReadByte());
            byte sak = reader.ReadByte();
            int length = (reader.ReadByte() << 8) | reader.ReadByte();
            byte[] memory = reader.ReadBytes(length);
            if (uid.Length != uidLength || memory.Length != length)
            {
                throw new InvalidDataException("truncated card image");
            }

            if (family == CardFamily.MifareClassic1K && length != MifareClassic.MemorySize)
            {
                throw new InvalidDataException("a MIFARE Classic 1K image holds 1024 bytes");
            }

            return new CardImage(family, uid, atqa, sak, memory, uidWritable);
        }

        public static CardImage FromBytes(byte[] bytes)
        {
            return Load(new MemoryStream(bytes));
        }

        public static CardImage Load(string path)
        {
            return FromBytes(File.ReadAllBytes(path));
        }

        /// <summary>A 1024-byte MIFARE Classic dump (.mfd/.bin, as mfoc and nfc-mfclassic write it) with a 4-byte UID in block 0.</summary>
        public static CardImage FromMfd(byte[] dump)
        {
            if (dump == null || dump.Length != MifareClassic.MemorySize)
            {
                throw new InvalidDataException("a MIFARE Classic 1K dump holds 1024 bytes");
            }

            byte[] uid = new byte[4];
            Array.Copy(dump, uid, 4);
            return new CardImage(CardFamily.MifareClassic1K, uid, 0x0004, dump[5], (byte[])dump.Clone(), false);
        }

        public byte[] ToMfd()
        {
            return (byte[])Memory.Clone();
        }
    }
}
