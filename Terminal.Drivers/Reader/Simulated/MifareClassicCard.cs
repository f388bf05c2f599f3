using System;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// A MIFARE Classic 1K card: 64 blocks of 16 bytes, keys and access conditions in each sector trailer, enforced the
    /// way the MF1S50 datasheet says: a wrong key gets no answer and the card falls back to IDLE (the reader must
    /// re-select it); a command outside the authenticated sector or not allowed by the access conditions gets a NAK and
    /// the same fall-back; reading a trailer returns zeros in place of key A and of anything else not readable; key B
    /// opens nothing when the access conditions make it readable; a sector whose access bytes are inconsistent is
    /// blocked. Block 0 (UID and manufacturer data) is read-only, except on a "magic" UID-changeable card.
    /// </summary>
    public sealed class MifareClassicCard : SimulatedCard
    {
        private readonly byte[] _memory = new byte[MifareClassic.MemorySize];
        private readonly int[] _conditions = new int[4];
        private int _authSector = -1;
        private MifareKeyType _authKeyType;

        public MifareClassicCard(CardImage image)
            : base(image.Uid, image.Atqa, image.Sak)
        {
            if (image.Family != CardFamily.MifareClassic1K || image.Memory.Length != MifareClassic.MemorySize)
            {
                throw new ArgumentException("not a MIFARE Classic 1K image", nameof(image));
            }

            Array.Copy(image.Memory, _memory, _memory.Length);
            UidWritable = image.UidWritable;
        }

        public override CardFamily Family
        {
            get { return CardFamily.MifareClassic1K; }
        }

        /// <summary>A "magic" (gen2 / CUID) card: block 0 is writable and the UID follows it.</summary>
        public bool UidWritable { get; }

        /// <summary>The sector the card is authenticated to (-1 when none).</summary>
        public int AuthenticatedSector
        {
            get { return State == CardState.Authenticated ? _authSector : -1; }
        }

        /// <summary>The card's content as an image (memory as stored, keys included).</summary>
        public CardImage ToImage()
        {
            return new CardImage(CardFamily.MifareClassic1K, Uid, Atqa, Sak, (byte[])_memory.Clone(), UidWritable);
        }

        public override CardResponse Authenticate(MifareKeyType keyType, int block, byte[] key, byte[] uid, int uidOffset)
        {
            if (!IsSelected)
            {
                return Refuse(CardResponse.NoResponse);
            }

            if (block < 0 || block >= MifareClassic.BlockCount)
            {
                return Refuse(CardResponse.Nak);
            }

            // Crypto1 mixes the UID into the cipher: a reader that sends other UID bytes never agrees with the card.
            byte[] own = Uid;
            int ownOffset = MifareClassic.AuthenticationUidOffset(own.Length);
            for (int i = 0; i < MifareClassic.AuthenticationUidLength; i++)
            {
                if (uid == null || uid[uidOffset + i] != own[ownOffset + i])
                {
                    return Refuse(CardResponse.NoResponse);
                }
            }

            int sector = MifareClassic.SectorOf(block);
            int trailer = MifareClassic.TrailerBlock(sector) * MifareClassic.BlockSize;
            if (!AccessConditions.TryDecode(_memory, trailer + AccessConditions.TrailerOffset, _conditions))
            {
                return Refuse(CardResponse.NoResponse);
            }

            int keyOffset = trailer + (keyType == MifareKeyType.KeyA ? 0 : 10);
            for (int i = 0; i < MifareClassic.KeyLength; i++)
            {
                if (key == null || key[i] != _memory[keyOffset + i])
                {
                    return Refuse(CardResponse.NoResponse);
                }
            }

            State = CardState.Authenticated;
            _authSector = sector;
            _authKeyType = keyType;
            return CardResponse.Ok;
        }

        public override CardResponse Read(int block, byte[] buffer, int offset)
        {
            if (!InAuthenticatedSector(block))
            {
                return Refuse(CardResponse.Nak);
            }

            int blockInSector = block % MifareClassic.BlocksPerSector;
            int start = block * MifareClassic.BlockSize;
            int trailerCondition = _conditions[3];
            if (!MifareClassic.IsTrailer(block))
            {
                if (!AccessConditions.CanReadData(_conditions[blockInSector], trailerCondition, _authKeyType))
                {
                    return Refuse(CardResponse.Nak);
                }

                Array.Copy(_memory, start, buffer, offset, MifareClassic.BlockSize);
                return CardResponse.Ok;
            }

            if (AccessConditions.KeyBReadable(trailerCondition) && _authKeyType == MifareKeyType.KeyB)
            {
                return Refuse(CardResponse.Nak);
            }

            Array.Clear(buffer, offset, MifareClassic.BlockSize);
            if (AccessConditions.CanReadAccessBits(trailerCondition, _authKeyType))
            {
                Array.Copy(_memory, start + 6, buffer, offset + 6, 4);
            }

            if (AccessConditions.CanReadKeyB(trailerCondition, _authKeyType))
            {
                Array.Copy(_memory, start + 10, buffer, offset + 10, 6);
            }

            return CardResponse.Ok;
        }

        public override CardResponse Write(int block, byte[] data, int offset)
        {
            if (!InAuthenticatedSector(block))
            {
                return Refuse(CardResponse.Nak);
            }

            int blockInSector = block % MifareClassic.BlocksPerSector;
            int start = block * MifareClassic.BlockSize;
            int trailerCondition = _conditions[3];
            if (!MifareClassic.IsTrailer(block))
            {
                if ((block == 0 && !UidWritable) || !AccessConditions.CanWriteData(_conditions[blockInSector], trailerCondition, _authKeyType))
                {
                    return Refuse(CardResponse.Nak);
                }

                Array.Copy(data, offset, _memory, start, MifareClassic.BlockSize);
                if (block == 0)
                {
                    byte[] uid = new byte[UidLength];
                    Array.Copy(_memory, 0, uid, 0, uid.Length);
                    ReplaceUid(uid);
                }

                return CardResponse.Ok;
            }

            // A trailer write changes each part the conditions let this key change and leaves the others as they are.
            bool keyA = AccessConditions.CanWriteKeyA(trailerCondition, _authKeyType);
            bool access = AccessConditions.CanWriteAccessBits(trailerCondition, _authKeyType);
            bool keyB = AccessConditions.CanWriteKeyB(trailerCondition, _authKeyType);
            if (!keyA && !access && !keyB)
            {
                return Refuse(CardResponse.Nak);
            }

            if (keyA)
            {
                Array.Copy(data, offset, _memory, start, 6);
            }

            if (access)
            {
                Array.Copy(data, offset + 6, _memory, start + 6, 4);
            }

            if (keyB)
            {
                Array.Copy(data, offset + 10, _memory, start + 10, 6);
            }

            return CardResponse.Ok;
        }

        protected override void OnReset()
        {
            _authSector = -1;
        }

        private bool InAuthenticatedSector(int block)
        {
            return State == CardState.Authenticated && block >= 0 && block < MifareClassic.BlockCount && MifareClassic.SectorOf(block) == _authSector;
        }
    }
}
