using System;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;

namespace Terminal.Posix
{
    /// <summary>One card of the tape: what enters the field and for how many reader operations.</summary>
    public sealed class TapeCard
    {
        public TapeCard(SimulatedCard card, int holdForOperations)
        {
            Card = card;
            HoldForOperations = holdForOperations;
        }

        public SimulatedCard Card { get; }

        /// <summary><see cref="SimulatedField.Forever"/>: until the terminal halts it (the clerk lifts it after the verdict).</summary>
        public int HoldForOperations { get; }
    }

    /// <summary>
    /// The cards of a run, one record each, as the host writes them into the image and the interpreter reads them back.
    /// Record (little-endian): version 1 | family | flags (bit 0: UID writable) | hold (int32) | UID length | UID |
    /// ATQA (uint16) | SAK | memory length (uint16) | memory. An Ultralight carries no memory: it is rebuilt from its UID
    /// as <see cref="SimulatedCards.Ultralight"/> makes it.
    /// </summary>
    public static class CardTape
    {
        public const byte Version = 1;

        public static byte[] Encode(SimulatedCard card, int holdForOperations)
        {
            byte[] uid = new byte[MifareClassic.MaxUidLength];
            int uidLength = card.CopyUid(uid);
            byte[] memory = new byte[0];
            ushort atqa = 0;
            byte sak = 0;
            bool writable = false;
            MifareClassicCard classic = card as MifareClassicCard;
            if (classic != null)
            {
                CardImage image = classic.ToImage();
                memory = image.Memory;
                atqa = image.Atqa;
                sak = image.Sak;
                writable = image.UidWritable;
            }
            else if (card.Family != CardFamily.Ultralight)
            {
                throw new ArgumentException("the tape carries MIFARE Classic and Ultralight cards only");
            }

            byte[] record = new byte[1 + 1 + 1 + 4 + 1 + uidLength + 2 + 1 + 2 + memory.Length];
            int at = 0;
            record[at++] = Version;
            record[at++] = (byte)card.Family;
            record[at++] = (byte)(writable ? 1 : 0);
            record[at++] = (byte)holdForOperations;
            record[at++] = (byte)(holdForOperations >> 8);
            record[at++] = (byte)(holdForOperations >> 16);
            record[at++] = (byte)(holdForOperations >> 24);
            record[at++] = (byte)uidLength;
            Array.Copy(uid, 0, record, at, uidLength);
            at += uidLength;
            record[at++] = (byte)atqa;
            record[at++] = (byte)(atqa >> 8);
            record[at++] = sak;
            record[at++] = (byte)memory.Length;
            record[at++] = (byte)(memory.Length >> 8);
            Array.Copy(memory, 0, record, at, memory.Length);
            return record;
        }

        /// <summary>The card of one record; null when the record is not a well-formed version-1 record.</summary>
        public static TapeCard Decode(byte[] record)
        {
            if (record == null || record.Length < 8 || record[0] != Version)
            {
                return null;
            }

            CardFamily family = (CardFamily)record[1];
            bool writable = (record[2] & 1) != 0;
            int hold = record[3] | (record[4] << 8) | (record[5] << 16) | (record[6] << 24);
            int uidLength = record[7];
            int at = 8;
            if ((uidLength != 4 && uidLength != 7 && uidLength != 10) || record.Length < at + uidLength + 5)
            {
                return null;
            }

            byte[] uid = new byte[uidLength];
            Array.Copy(record, at, uid, 0, uidLength);
            at += uidLength;
            ushort atqa = (ushort)(record[at] | (record[at + 1] << 8));
            byte sak = record[at + 2];
            int memoryLength = record[at + 3] | (record[at + 4] << 8);
            at += 5;
            if (record.Length != at + memoryLength)
            {
                return null;
            }

            if (family == CardFamily.Ultralight)
            {
                return uidLength == 7 && memoryLength == 0 ? new TapeCard(SimulatedCards.Ultralight(uid), hold) : null;
            }

            if (family != CardFamily.MifareClassic1K || memoryLength != MifareClassic.MemorySize)
            {
                return null;
            }

            byte[] memory = new byte[memoryLength];
            Array.Copy(record, at, memory, 0, memoryLength);
            return new TapeCard(new MifareClassicCard(new CardImage(family, uid, atqa, sak, memory, writable)), hold);
        }
    }
}
