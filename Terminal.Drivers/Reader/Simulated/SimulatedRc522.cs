namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// An RC522 front end whose RF field is a <see cref="SimulatedField"/>: it sends the cards the same commands the real
    /// chip would (REQA, anticollision/SELECT per cascade level, MFAuthent, READ, HLTA), lets the
    /// <see cref="RfFaultInjector"/> corrupt chosen exchanges, and charges every exchange to <see cref="Timing"/> per the
    /// <see cref="Rc522TimingModel"/>, SPI calls counted as the nanoFramework MfRc522 driver makes them.
    /// </summary>
    public sealed class SimulatedRc522 : IReaderFrontEnd
    {
        private readonly SimulatedField _field;
        private readonly RfFaultInjector _faults;
        private readonly Rc522TimingModel _model;
        private SimulatedCard _selected;
        private bool _cryptoOn;

        // Cost of the exchange in progress, committed to Timing at its end.
        private int _transfers;
        private double _busUs;
        private double _airUs;

        public SimulatedRc522(SimulatedField field, RfFaultInjector faults = null, Rc522TimingModel model = null)
        {
            _field = field;
            _faults = faults ?? new RfFaultInjector();
            _model = model ?? new Rc522TimingModel();
            Timing = new ReaderTiming();
            ChipResponds = true;
            ReinitializationSucceeds = true;
        }

        public ReaderTiming Timing { get; }

        public Rc522TimingModel Model
        {
            get { return _model; }
        }

        /// <summary>False simulates a dead chip (loose wiring): nothing is ever detected and re-initialisation fails.</summary>
        public bool ChipResponds { get; set; }

        /// <summary>False makes <see cref="Reinitialize"/> fail (the chip does not come back after its reset).</summary>
        public bool ReinitializationSucceeds { get; set; }

        public bool Detect(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak)
        {
            uidLength = 0;
            atqa = 0;
            sak = 0;
            int operation = BeginOperation();
            _cryptoOn = false;
            bool idle = _selected == null;
            double elapsedUs = 0;
            while (true)
            {
                SimulatedCard card = ChipResponds ? _field.Poll() : null;
                Registers(2 + 2); // clear Status2.MFCrypto1On, clear Coll bit
                SendReceiveSetup(1, true);
                ushort answer = 0;
                bool answered = card != null && card.Request(false, out answer);
                if (answered && Fault(SimulatedOperation.Detect, operation, card))
                {
                    answered = false;
                    Timing.FailedExchanges++;
                }

                if (!answered)
                {
                    SendReceiveUnanswered();
                    elapsedUs += Commit(idle);
                    Timing.EmptyPolls++;
                    if (elapsedUs >= timeoutMs * 1000.0)
                    {
                        return false;
                    }

                    Timing.IdleMs += _model.PollIntervalMs;
                    elapsedUs += _model.PollIntervalMs * 1000.0;
                    continue;
                }

                _airUs += Rc522TimingModel.RequestAirUs;
                SendReceiveAnswered(2);
                Registers(1 + 2); // Control register (valid bits), clear Coll bit before anticollision
                int levels = card.UidLength == 4 ? 1 : card.UidLength == 7 ? 2 : 3;
                for (int level = 0; level < levels; level++)
                {
                    Registers(1); // BitFraming
                    SendReceiveSetup(2, true);
                    SendReceiveAnswered(5);
                    Crc(7);
                    Registers(1);
                    SendReceiveSetup(9, true);
                    SendReceiveAnswered(3);
                    _airUs += Rc522TimingModel.CascadeLevelAirUs;
                }

                card.Select(out sak);
                atqa = answer;
                uidLength = card.CopyUid(uid);
                _selected = card;
                Timing.Detections++;
                Commit(false);
                return true;
            }
        }

        public bool Authenticate(MifareKeyType keyType, int block, byte[] key, byte[] uid, int uidLength)
        {
            int operation = BeginOperation();
            Timing.AuthenticationAttempts++;
            SimulatedCard card = ChipResponds ? _field.Card : null;
            SendReceiveSetup(12, false); // MFAuthent: command, block, key (6), UID (4)
            bool ok = card != null && !Fault(SimulatedOperation.Authenticate, operation, card)
                && card.Authenticate(keyType, block, key, uid, MifareClassic.AuthenticationUidOffset(uidLength)) == CardResponse.Ok;
            if (ok)
            {
                _airUs += Rc522TimingModel.AuthenticationAirUs;
                SendReceiveAnswered(0);
                _cryptoOn = true;
                Timing.SectorsAuthenticated++;
            }
            else
            {
                _airUs += Rc522TimingModel.UnansweredCommandAirUs;
                SendReceiveUnanswered();
                _cryptoOn = false;
                Timing.FailedExchanges++;
            }

            Commit(false);
            return ok;
        }

        public bool ReadBlock(int block, byte[] buffer, int offset)
        {
            int operation = BeginOperation();
            SimulatedCard card = ChipResponds ? _field.Card : null;
            Crc(2);
            SendReceiveSetup(4, true);
            CardResponse response = card == null || Fault(SimulatedOperation.Read, operation, card)
                ? CardResponse.NoResponse
                : card.Read(block, buffer, offset);
            if (response == CardResponse.NoResponse)
            {
                _airUs += Rc522TimingModel.UnansweredCommandAirUs;
                SendReceiveUnanswered();
            }
            else
            {
                // The driver reads 18 bytes from the FIFO and checks the CRC on the chip, NAK or not.
                _airUs += response == CardResponse.Ok ? Rc522TimingModel.ReadAirUs : Rc522TimingModel.NakAirUs;
                SendReceiveAnswered(18);
                Crc(16);
            }

            if (response == CardResponse.Ok)
            {
                Timing.BlocksRead++;
            }
            else
            {
                Timing.FailedExchanges++;
                _cryptoOn = false;
            }

            Commit(false);
            return response == CardResponse.Ok;
        }

        public void Halt()
        {
            int operation = BeginOperation();
            SimulatedCard card = ChipResponds ? _field.Card : null;
            Crc(2);
            SendReceiveSetup(4, true);
            _airUs += Rc522TimingModel.UnansweredCommandAirUs;
            SendReceiveUnanswered(); // a halted card never answers: the driver always waits out its timeout
            if (card != null && !Fault(SimulatedOperation.Halt, operation, card))
            {
                card.Halt(_cryptoOn);
            }

            Timing.Halts++;
            _cryptoOn = false;
            _selected = null;
            Commit(false);
        }

        public bool Reinitialize()
        {
            Timing.Reinitializations++;
            Timing.OverheadMs += _model.ReinitializationUs / 1000.0;
            _cryptoOn = false;
            _selected = null;
            return ChipResponds && ReinitializationSucceeds;
        }

        private int BeginOperation()
        {
            _field.BeginOperation();
            Timing.Operations++;
            return _field.Operations;
        }

        private bool Fault(SimulatedOperation kind, int operation, SimulatedCard card)
        {
            if (!_faults.ShouldFail(kind, operation))
            {
                return false;
            }

            card.CorruptedFrame();
            return true;
        }

        private void Registers(int count)
        {
            _transfers += count;
            _busUs += count * _model.SpiTransferUs(2);
        }

        private void FifoRead(int bytes)
        {
            _transfers++;
            _busUs += _model.SpiTransferUs(bytes + 1);
        }

        /// <summary>SendAndReceiveData up to the start: Idle, ComIEn, clear ComIrq bit, flush FIFO, one call per FIFO byte, BitFraming, command (+ StartSend bit for Transceive).</summary>
        private void SendReceiveSetup(int sendBytes, bool transceive)
        {
            Registers(1 + 1 + 2 + 2 + sendBytes + 1 + 1 + (transceive ? 2 : 0));
        }

        /// <summary>The ComIrq poll that sees the answer (earlier polls overlap the air time), the Error register, then FIFO level and content.</summary>
        private void SendReceiveAnswered(int receiveBytes)
        {
            Registers(1 + 1);
            if (receiveBytes > 0)
            {
                Registers(1);
                FifoRead(receiveBytes);
            }
        }

        /// <summary>No answer: the driver polls ComIrq until its Stopwatch runs out.</summary>
        private void SendReceiveUnanswered()
        {
            Registers(1);
            _airUs += _model.NoResponseTimeoutUs;
        }

        /// <summary>CalculateCrc: Idle, DivIrq, FIFO flush, one call per byte, command, one DivIrq poll, Idle, two result registers.</summary>
        private void Crc(int bytes)
        {
            Registers(9 + bytes);
        }

        /// <summary>Charges the pending cost (as idle time when no card session is open) and returns it in µs.</summary>
        private double Commit(bool idle)
        {
            double overheadUs = _transfers * _model.SpiCallOverheadUs + _model.OperationOverheadUs;
            double totalUs = _airUs + _busUs + overheadUs;
            if (idle)
            {
                Timing.IdleMs += totalUs / 1000.0;
            }
            else
            {
                Timing.RfMs += _airUs / 1000.0;
                Timing.SpiMs += _busUs / 1000.0;
                Timing.OverheadMs += overheadUs / 1000.0;
            }

            Timing.SpiTransfers += _transfers;
            _transfers = 0;
            _busUs = 0;
            _airUs = 0;
            return totalUs;
        }
    }
}
