using Terminal.Core.Binary;
using Terminal.Core.Persistence;
using Terminal.Drivers.Storage;

namespace Terminal.Core.Revocation
{
    /// <summary>
    /// The record that says which list slot is active (a <see cref="TwoCopyRecord"/>): a switch is one record write,
    /// and on boot the newest valid copy names the active slot.
    /// </summary>
    internal sealed class SlotSelector : TwoCopyRecord
    {
        public const int RecordLength = 48;

        private const int SignaturePrefixLength = 16;

        private static readonly byte[] Magic = new byte[] { (byte)'R', (byte)'T', (byte)'S', (byte)'L' };

        public SlotSelector()
            : base(Magic, RecordLength)
        {
        }

        public int Slot;

        public ulong Sequence;

        public long FileLength;

        public byte[] SignaturePrefix = new byte[SignaturePrefixLength];

        /// <summary>The newest valid record in the selector file, or null when there is none.</summary>
        public static SlotSelector ReadNewest(IFileStore store, string name)
        {
            SlotSelector record = new SlotSelector();
            return record.LoadNewest(store, name) ? record : null;
        }

        /// <summary>Writes the record as the next generation after current (null: none) and makes it durable.</summary>
        public static bool Write(IFileStore store, string name, SlotSelector current, int slot, ulong sequence, long fileLength, byte[] signature)
        {
            SlotSelector next = new SlotSelector();
            next.Slot = slot;
            next.Sequence = sequence;
            next.FileLength = fileLength;
            System.Array.Copy(signature, 0, next.SignaturePrefix, 0, SignaturePrefixLength);
            return next.WriteNext(store, name, current);
        }

        public bool MatchesSignature(byte[] signature)
        {
            for (int i = 0; i < SignaturePrefixLength; i++)
            {
                if (SignaturePrefix[i] != signature[i])
                {
                    return false;
                }
            }

            return true;
        }

        protected override bool IsValidPayload(byte[] bytes, int offset)
        {
            return bytes[offset] <= 1;
        }

        protected override void DecodePayload(byte[] bytes, int offset)
        {
            Slot = bytes[offset];
            Sequence = LittleEndian.ReadUInt64(bytes, offset + 4);
            FileLength = (long)LittleEndian.ReadUInt64(bytes, offset + 12);
            System.Array.Copy(bytes, offset + 20, SignaturePrefix, 0, SignaturePrefixLength);
        }

        protected override void EncodePayload(byte[] record, int offset)
        {
            record[offset] = (byte)Slot;
            LittleEndian.WriteUInt64(record, offset + 4, Sequence);
            LittleEndian.WriteUInt64(record, offset + 12, (ulong)FileLength);
            System.Array.Copy(SignaturePrefix, 0, record, offset + 20, SignaturePrefixLength);
        }
    }
}
