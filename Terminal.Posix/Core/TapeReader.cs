using System;
using Terminal.Drivers.Clock.Simulated;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;

namespace Terminal.Posix
{
    /// <summary>Told when the tape's last card has been checked and the terminal has had its idle polls.</summary>
    public interface ITapeListener
    {
        /// <summary>The terminal polls for the first time: its boot is over, no card has come yet.</summary>
        void FirstPoll();

        /// <summary>The poll that found card <paramref name="index"/> returned (its tap's clock starts, DateTime ticks).</summary>
        void Detected(int index, long atTicks);

        /// <summary>Card <paramref name="index"/>, found at <paramref name="detectedAtTicks"/>, was halted by the terminal at <paramref name="haltedAtTicks"/>.</summary>
        void Tapped(int index, SimulatedCard card, long detectedAtTicks, long haltedAtTicks);

        void TapeFinished();
    }

    /// <summary>
    /// The RC522 and a clerk, for the application's own loop: the real <see cref="MifareClassicReader"/> over the
    /// simulated RC522 (<see cref="SimulatedReader"/>), fed one card of the tape at a time, the way the host demo taps
    /// them (<c>SimulatedTerminal.Tap</c>): the card stays until the terminal halts it after its verdict, the clerk
    /// lifts it, and the next card comes only after <see cref="IdlePollsBetweenCards"/> empty polls, during which the main
    /// loop runs the background tier-2 check of the card before; then the clock moves on 30 s. Measures, per card, the
    /// time from the poll that found it to the halt: the tap's compute on this runtime (the simulated RF costs nothing).
    /// </summary>
    public sealed class TapeReader : ICardReader
    {
        /// <summary>Idle polls between cards; each lets the main loop run one queued tier-2 check.</summary>
        public const int IdlePollsBetweenCards = 3;

        /// <summary>Seconds between taps, as in the host demo (longer than the repeat window, so a second tap of one card counts).</summary>
        public const int SecondsBetweenTaps = 30;

        private readonly SimulatedReader _reader = new SimulatedReader();
        private readonly TapeCard[] _tape;
        private readonly SimulatedClock _clock;
        private readonly ITapeListener _listener;
        private int _next;
        private int _inField = -1;
        private int _idlePolls = IdlePollsBetweenCards;
        private long _detectedAt;
        private bool _finished;
        private bool _polled;

        public TapeReader(TapeCard[] tape, SimulatedClock clock, ITapeListener listener)
        {
            _tape = tape;
            _clock = clock;
            _listener = listener;
        }

        public ReaderCounters Counters
        {
            get { return _reader.Counters; }
        }

        public ReaderResult WaitForCard(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak)
        {
            if (!_polled)
            {
                _polled = true;
                _listener.FirstPoll();
            }

            if (_inField < 0 && _reader.Field.PendingTaps == 0)
            {
                if (_idlePolls < IdlePollsBetweenCards)
                {
                    _idlePolls++;
                }
                else if (_next < _tape.Length)
                {
                    if (_next > 0)
                    {
                        _clock.Advance(SecondsBetweenTaps); // as the demo does after each tap, its tier-2 check done
                    }

                    _reader.Field.Tap(_tape[_next].Card, _tape[_next].HoldForOperations);
                    _inField = _next++;
                }
                else if (!_finished)
                {
                    _finished = true;
                    _listener.TapeFinished();
                }
            }

            long started = DateTime.UtcNow.Ticks;
            ReaderResult result = _reader.WaitForCard(timeoutMs, uid, out uidLength, out atqa, out sak);
            if (result == ReaderResult.Ok && _inField >= 0 && _detectedAt == 0)
            {
                _detectedAt = started;
                _listener.Detected(_inField, started);
            }

            return result;
        }

        public ReaderResult Authenticate(int sector, MifareKeyType keyType, byte[] key)
        {
            return _reader.Authenticate(sector, keyType, key);
        }

        public ReaderResult ReadBlock(int block, byte[] buffer, int offset)
        {
            return _reader.ReadBlock(block, buffer, offset);
        }

        /// <summary>The terminal's halt ends the tap: the clerk lifts the card.</summary>
        public void Halt()
        {
            _reader.Halt();
            if (_inField < 0)
            {
                return;
            }

            long halted = DateTime.UtcNow.Ticks;
            long detected = _detectedAt == 0 ? halted : _detectedAt;
            SimulatedCard card = _tape[_inField].Card;
            int index = _inField;
            _reader.Field.PullAway();
            _inField = -1;
            _detectedAt = 0;
            _idlePolls = 0;
            _listener.Tapped(index, card, detected, halted);
        }
    }
}
