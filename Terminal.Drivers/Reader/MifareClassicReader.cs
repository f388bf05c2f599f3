namespace Terminal.Drivers.Reader
{
    /// <summary>
    /// <see cref="ICardReader"/> over any <see cref="IReaderFrontEnd"/>: keeps the selected card's UID and the
    /// authenticated sector, and recovers from errors the way a MIFARE Classic card requires. A failed authentication
    /// or exchange drops the card to IDLE (Crypto1 state lost), so the reader re-selects it (REQA + SELECT) before
    /// anything else; a re-selection that finds no card, or another UID, means the card left: CardGone. After
    /// <see cref="ReinitializeAfterErrors"/> operations end in RfError with no block read in between (detection and
    /// authentication may still work when the chip's FIFO or timer set-up is corrupted), the chip is re-initialised.
    /// </summary>
    public sealed class MifareClassicReader : ICardReader
    {
        private readonly IReaderFrontEnd _frontEnd;
        private readonly ReaderCounters _counters = new ReaderCounters();
        private readonly byte[] _uid = new byte[MifareClassic.MaxUidLength];
        private readonly byte[] _reselectedUid = new byte[MifareClassic.MaxUidLength];
        private readonly byte[] _authKey = new byte[MifareClassic.KeyLength];
        private int _uidLength;
        private bool _selected;
        private int _authSector = -1;
        private MifareKeyType _authKeyType;
        private int _consecutiveErrors;

        public MifareClassicReader(IReaderFrontEnd frontEnd)
        {
            _frontEnd = frontEnd;
            AuthenticationAttempts = 2;
            ReadRetries = 1;
            ReinitializeAfterErrors = 3;
        }

        /// <summary>Tries per Authenticate call; the card is re-selected between tries (a wrong key and a lost frame look alike).</summary>
        public int AuthenticationAttempts { get; set; }

        /// <summary>Extra tries of a failed ReadBlock, each after re-selecting and re-authenticating.</summary>
        public int ReadRetries { get; set; }

        /// <summary>Operations ending in RfError, with no successful block read in between, after which the chip is re-initialised.</summary>
        public int ReinitializeAfterErrors { get; set; }

        public ReaderCounters Counters
        {
            get { return _counters; }
        }

        public ReaderResult WaitForCard(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak)
        {
            uidLength = 0;
            atqa = 0;
            sak = 0;
            if (uid == null || uid.Length < MifareClassic.MaxUidLength || timeoutMs < 0)
            {
                return ReaderResult.InvalidArgument;
            }

            _selected = false;
            _authSector = -1;
            int length;
            if (!_frontEnd.Detect(timeoutMs, _uid, out length, out atqa, out sak))
            {
                return ReaderResult.NoCard;
            }

            if (length != 4 && length != 7 && length != 10)
            {
                _counters.RfError();
                return Failed();
            }

            _uidLength = length;
            for (int i = 0; i < length; i++)
            {
                uid[i] = _uid[i];
            }

            uidLength = length;
            _selected = true;
            _counters.CardDetected();
            return ReaderResult.Ok;
        }

        public ReaderResult Authenticate(int sector, MifareKeyType keyType, byte[] key)
        {
            if (sector < 0 || sector >= MifareClassic.SectorCount || key == null || key.Length < MifareClassic.KeyLength)
            {
                return ReaderResult.InvalidArgument;
            }

            if (!_selected)
            {
                return ReaderResult.NotAuthenticated;
            }

            _authSector = -1;
            for (int i = 0; i < MifareClassic.KeyLength; i++)
            {
                _authKey[i] = key[i];
            }

            _authKeyType = keyType;
            for (int attempt = 0; attempt < AuthenticationAttempts; attempt++)
            {
                if (_frontEnd.Authenticate(keyType, MifareClassic.TrailerBlock(sector), _authKey, _uid, _uidLength))
                {
                    _authSector = sector;
                    _counters.Authenticated();
                    return ReaderResult.Ok;
                }

                if (!Reselect())
                {
                    return Gone();
                }
            }

            _counters.AuthFailed();
            return ReaderResult.AuthFailed;
        }

        public ReaderResult ReadBlock(int block, byte[] buffer, int offset)
        {
            if (block < 0 || block >= MifareClassic.BlockCount || buffer == null || offset < 0 || offset + MifareClassic.BlockSize > buffer.Length)
            {
                return ReaderResult.InvalidArgument;
            }

            int sector = MifareClassic.SectorOf(block);
            if (!_selected || _authSector != sector)
            {
                return ReaderResult.NotAuthenticated;
            }

            for (int attempt = 0; ; attempt++)
            {
                if (_frontEnd.ReadBlock(block, buffer, offset))
                {
                    _consecutiveErrors = 0;
                    _counters.BlockRead();
                    return ReaderResult.Ok;
                }

                _counters.RfError();

                // The card is in IDLE now (or gone): only a re-selection tells which.
                if (!Reselect())
                {
                    return Gone();
                }

                if (attempt >= ReadRetries)
                {
                    break;
                }

                if (_frontEnd.Authenticate(_authKeyType, MifareClassic.TrailerBlock(sector), _authKey, _uid, _uidLength))
                {
                    _authSector = sector;
                }
                else
                {
                    _counters.RfError();
                    break;
                }
            }

            return Failed();
        }

        public void Halt()
        {
            if (_selected)
            {
                _frontEnd.Halt();
            }

            _selected = false;
            _authSector = -1;
        }

        /// <summary>Re-selects the current card (up to two polls: the first may only knock an authenticated card back to IDLE).</summary>
        private bool Reselect()
        {
            _authSector = -1;
            _counters.Reselected();
            for (int poll = 0; poll < 2; poll++)
            {
                int length;
                ushort atqa;
                byte sak;
                if (_frontEnd.Detect(0, _reselectedUid, out length, out atqa, out sak))
                {
                    return SameUid(length);
                }
            }

            return false;
        }

        private bool SameUid(int length)
        {
            if (length != _uidLength)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (_reselectedUid[i] != _uid[i])
                {
                    return false;
                }
            }

            return true;
        }

        private ReaderResult Gone()
        {
            _selected = false;
            _authSector = -1;
            _counters.CardGone();
            return ReaderResult.CardGone;
        }

        private ReaderResult Failed()
        {
            _authSector = -1;
            _counters.ReadError();
            _consecutiveErrors++;
            if (_consecutiveErrors < ReinitializeAfterErrors)
            {
                return ReaderResult.RfError;
            }

            _consecutiveErrors = 0;
            _selected = false;
            bool back = _frontEnd.Reinitialize();
            _counters.Reinitialized(back);
            return back ? ReaderResult.RfError : ReaderResult.ReaderFault;
        }
    }
}
