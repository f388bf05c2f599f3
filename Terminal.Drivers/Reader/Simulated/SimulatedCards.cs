using System;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>The cards a terminal meets, ready to tap on a <see cref="SimulatedField"/>.</summary>
    public static class SimulatedCards
    {
        /// <summary>A card built from an image (a personalised permit, a saved dump...).</summary>
        public static MifareClassicCard FromImage(CardImage image)
        {
            return new MifareClassicCard(image);
        }

        /// <summary>A factory-fresh MIFARE Classic 1K: zeros, transport keys FF FF FF FF FF FF, access bytes FF 07 80.</summary>
        public static MifareClassicCard Blank(byte[] uid)
        {
            return new MifareClassicCard(new MifareClassicImageBuilder(uid).Build());
        }

        /// <summary>
        /// Another application's MIFARE Classic card (e.g. a transit card): keys the terminal does not know, data that
        /// means nothing to it. Deterministic for a seed.
        /// </summary>
        public static MifareClassicCard Transit(byte[] uid, int seed = 7)
        {
            var random = new Random(seed);
            var builder = new MifareClassicImageBuilder(uid);
            var keyA = new byte[6];
            var keyB = new byte[6];
            var data = new byte[SectorReader.DataBytesPerSector];
            for (int sector = 0; sector < MifareClassic.SectorCount; sector++)
            {
                random.NextBytes(keyA);
                random.NextBytes(keyB);
                builder.SetSectorKeys(sector, keyA, keyB, 6 /* value blocks: read AB, write/increment B, decrement AB */, AccessConditions.PermitTrailer);
                if (sector > 0)
                {
                    random.NextBytes(data);
                    builder.WriteSectors(sector, data, 0, data.Length);
                }
            }

            return new MifareClassicCard(builder.Build());
        }

        /// <summary>A MIFARE Ultralight (7-byte UID, SAK 0x00, pages, no keys).</summary>
        public static UltralightCard Ultralight(byte[] uid7)
        {
            return new UltralightCard(uid7, new byte[] { 0x03, 0x00, 0xFE });
        }

        /// <summary>
        /// A UID-changeable "magic" card (gen2 / CUID) carrying a full copy of another card, UID included: to the card
        /// protocol it is the original. Only what is bound to something the copy cannot carry reveals it.
        /// </summary>
        public static MifareClassicCard MagicClone(CardImage original)
        {
            return new MifareClassicCard(original.WithUid(original.Uid, true));
        }

        /// <summary>A magic card holding a copy of the original's memory under a UID of the attacker's choice.</summary>
        public static MifareClassicCard MagicCloneWithUid(CardImage original, byte[] uid)
        {
            return new MifareClassicCard(original.WithUid(uid, true));
        }

        /// <summary>A 4-byte UID from a number, for tests and the demo.</summary>
        public static byte[] Uid4(uint value)
        {
            return new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };
        }

        /// <summary>A 7-byte UID (NXP manufacturer byte 0x04 first) from a number.</summary>
        public static byte[] Uid7(uint value)
        {
            return new byte[] { 0x04, 0x5A, 0x11, (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };
        }
    }
}
