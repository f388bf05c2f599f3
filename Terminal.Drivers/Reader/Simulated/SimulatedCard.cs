using System;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// A contactless card in the simulated field: the ISO/IEC 14443-3 state machine (IDLE, READY, ACTIVE, HALT) shared by
    /// every card type; memory commands are the subclasses'. Any frame a card cannot take in its state sends it back to
    /// IDLE without an answer, as a real card does, so a reader must re-select it after an error.
    /// </summary>
    public abstract class SimulatedCard
    {
        private byte[] _uid;

        protected SimulatedCard(byte[] uid, ushort atqa, byte sak)
        {
            if (uid == null || (uid.Length != 4 && uid.Length != 7 && uid.Length != 10))
            {
                throw new ArgumentException("a UID has 4, 7 or 10 bytes", nameof(uid));
            }

            _uid = (byte[])uid.Clone();
            Atqa = atqa;
            Sak = sak;
            State = CardState.PowerOff;
        }

        public ushort Atqa { get; }

        public byte Sak { get; }

        public CardState State { get; protected set; }

        public abstract CardFamily Family { get; }

        /// <summary>A copy of the UID.</summary>
        public byte[] Uid
        {
            get { return (byte[])_uid.Clone(); }
        }

        public int UidLength
        {
            get { return _uid.Length; }
        }

        public string UidHex
        {
            get
            {
                const string digits = "0123456789ABCDEF";
                char[] text = new char[_uid.Length * 2];
                for (int i = 0; i < _uid.Length; i++)
                {
                    text[2 * i] = digits[_uid[i] >> 4];
                    text[(2 * i) + 1] = digits[_uid[i] & 0x0F];
                }

                return new string(text);
            }
        }

        /// <summary>Copies the UID into buffer and returns its length.</summary>
        public int CopyUid(byte[] buffer)
        {
            Array.Copy(_uid, buffer, _uid.Length);
            return _uid.Length;
        }

        /// <summary>Entering the field powers the card up in IDLE.</summary>
        public void PowerOn()
        {
            State = CardState.Idle;
            OnReset();
        }

        /// <summary>Leaving the field loses every state (selection, authentication, halt).</summary>
        public void PowerOff()
        {
            State = CardState.PowerOff;
            OnReset();
        }

        /// <summary>REQA (wakeUp false) wakes an IDLE card; WUPA also a HALTed one. Any other state takes it as a bad frame.</summary>
        public bool Request(bool wakeUp, out ushort atqa)
        {
            atqa = 0;
            if (State == CardState.Idle || (wakeUp && State == CardState.Halt))
            {
                State = CardState.Ready;
                atqa = Atqa;
                return true;
            }

            DropToIdle();
            return false;
        }

        /// <summary>Anticollision and SELECT of every cascade level of a READY card: it becomes ACTIVE and answers its SAK.</summary>
        public bool Select(out byte sak)
        {
            sak = 0;
            if (State != CardState.Ready)
            {
                DropToIdle();
                return false;
            }

            State = CardState.Active;
            sak = Sak;
            return true;
        }

        /// <summary>
        /// HLTA. An ACTIVE card halts on a plain HLTA; an authenticated one only on an encrypted HLTA (the reader's Crypto1
        /// unit still on), a plain one is garbage to it and drops it to IDLE instead.
        /// </summary>
        public void Halt(bool encrypted)
        {
            if (State == CardState.Active || (State == CardState.Authenticated && encrypted))
            {
                State = CardState.Halt;
                OnReset();
                return;
            }

            DropToIdle();
        }

        /// <summary>A frame corrupted on the air: the card loses its session (the fault injector's effect).</summary>
        public void CorruptedFrame()
        {
            DropToIdle();
        }

        /// <summary>MIFARE Classic authentication; cards without sectors do not know the command.</summary>
        public virtual CardResponse Authenticate(MifareKeyType keyType, int block, byte[] key, byte[] uid, int uidOffset)
        {
            return Refuse(CardResponse.Nak);
        }

        /// <summary>READ of one 16-byte block (MIFARE Classic) or 4 pages (Ultralight).</summary>
        public abstract CardResponse Read(int block, byte[] buffer, int offset);

        /// <summary>WRITE of one 16-byte block.</summary>
        public abstract CardResponse Write(int block, byte[] data, int offset);

        /// <summary>Called when selection and authentication state is lost (power, halt, error).</summary>
        protected virtual void OnReset()
        {
        }

        protected bool IsSelected
        {
            get { return State == CardState.Active || State == CardState.Authenticated; }
        }

        protected CardResponse Refuse(CardResponse response)
        {
            DropToIdle();
            return response;
        }

        protected void ReplaceUid(byte[] uid)
        {
            _uid = (byte[])uid.Clone();
        }

        private void DropToIdle()
        {
            if (State != CardState.PowerOff && State != CardState.Halt)
            {
                State = CardState.Idle;
            }
            else if (State == CardState.Halt)
            {
                // A halted card ignores frames it does not expect and stays halted.
                return;
            }

            OnReset();
        }
    }
}
