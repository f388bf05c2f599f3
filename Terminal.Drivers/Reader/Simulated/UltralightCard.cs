using System;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// A MIFARE Ultralight (MF0ICU1): 7-byte UID, ATQA 0x0044, SAK 0x00, 16 pages of 4 bytes, no sectors and no keys.
    /// It does not know MIFARE Classic authentication (NAK, back to IDLE); READ returns 4 pages.
    /// </summary>
    public sealed class UltralightCard : SimulatedCard
    {
        public const int PageCount = 16;
        public const int PageSize = 4;

        private readonly byte[] _memory = new byte[PageCount * PageSize];

        public UltralightCard(byte[] uid7, byte[] userData = null)
            : base(uid7, 0x0044, 0x00)
        {
            if (uid7.Length != 7)
            {
                throw new ArgumentException("an Ultralight UID has 7 bytes", nameof(uid7));
            }

            // Pages 0-2: UID with its two check bytes (BCC0 includes the cascade tag 0x88), then lock bytes and OTP.
            _memory[0] = uid7[0];
            _memory[1] = uid7[1];
            _memory[2] = uid7[2];
            _memory[3] = (byte)(0x88 ^ uid7[0] ^ uid7[1] ^ uid7[2]);
            Array.Copy(uid7, 3, _memory, 4, 4);
            _memory[8] = (byte)(uid7[3] ^ uid7[4] ^ uid7[5] ^ uid7[6]);
            if (userData != null)
            {
                Array.Copy(userData, 0, _memory, 16, userData.Length < _memory.Length - 16 ? userData.Length : _memory.Length - 16);
            }
        }

        public override CardFamily Family
        {
            get { return CardFamily.Ultralight; }
        }

        public override CardResponse Read(int block, byte[] buffer, int offset)
        {
            if (!IsSelected || block < 0 || block >= PageCount)
            {
                return Refuse(CardResponse.Nak);
            }

            for (int i = 0; i < MifareClassic.BlockSize; i++)
            {
                buffer[offset + i] = _memory[(block * PageSize + i) % _memory.Length];
            }

            return CardResponse.Ok;
        }

        public override CardResponse Write(int block, byte[] data, int offset)
        {
            if (!IsSelected || block < 4 || block >= PageCount)
            {
                return Refuse(CardResponse.Nak);
            }

            Array.Copy(data, offset, _memory, block * PageSize, PageSize);
            return CardResponse.Ok;
        }
    }
}
