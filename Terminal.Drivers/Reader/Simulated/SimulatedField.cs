using System.Collections;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// The reader's RF field and a script of who enters it: each <see cref="Tap"/> queues a card that arrives after some
    /// empty polls and stays for a number of reader operations (one operation = one front-end command: a detection, an
    /// authentication, a block read, a halt), then is pulled away. Time is counted in operations, not seconds, so tests
    /// are exact and fast.
    /// </summary>
    public sealed class SimulatedField
    {
        /// <summary>Hold value meaning "stays until pulled away".</summary>
        public const int Forever = int.MaxValue;

        // ArrayList, not Queue<T>: this field also runs compiled for the device (the nanoCLR's Linux build, issue #18).
        private readonly ArrayList _script = new ArrayList();
        private Presence _current;
        private int _operationsInField;

        /// <summary>The card in the field now (null when none).</summary>
        public SimulatedCard Card
        {
            get { return _current == null ? null : _current.Card; }
        }

        /// <summary>Reader operations so far (1-based numbering is used by the fault injector).</summary>
        public int Operations { get; private set; }

        /// <summary>Polls that found the field empty.</summary>
        public int EmptyPolls { get; private set; }

        /// <summary>Taps still waiting to happen.</summary>
        public int PendingTaps
        {
            get { return _script.Count; }
        }

        /// <summary>
        /// Queues a tap: the card enters after arriveAfterPolls empty polls, answers holdForOperations reader operations
        /// (the one that detects it included) and leaves before the next.
        /// </summary>
        public void Tap(SimulatedCard card, int holdForOperations = Forever, int arriveAfterPolls = 0)
        {
            _script.Add(new Presence(card, holdForOperations, arriveAfterPolls));
        }

        /// <summary>Puts the card in the field now, for as long as the test wants (until <see cref="PullAway"/>).</summary>
        public void Place(SimulatedCard card)
        {
            PullAway();
            _script.Clear();
            Tap(card);
            Arrive();
        }

        /// <summary>The card leaves the field now.</summary>
        public void PullAway()
        {
            if (_current != null)
            {
                _current.Card.PowerOff();
                _current = null;
            }
        }

        /// <summary>Start of a reader operation: a card whose hold is used up leaves first.</summary>
        internal void BeginOperation()
        {
            Operations++;
            if (_current != null)
            {
                if (_current.HoldForOperations != Forever && _operationsInField >= _current.HoldForOperations)
                {
                    PullAway();
                }
                else
                {
                    _operationsInField++;
                }
            }
        }

        /// <summary>One REQA poll: an empty field lets the next scripted card come closer (or arrive, counting this operation).</summary>
        internal SimulatedCard Poll()
        {
            if (_current == null && _script.Count > 0)
            {
                Presence next = (Presence)_script[0];
                if (next.ArriveAfterPolls > 0)
                {
                    next.ArriveAfterPolls--;
                }
                else
                {
                    Arrive();
                    _operationsInField = 1;
                }
            }

            if (_current == null)
            {
                EmptyPolls++;
            }

            return Card;
        }

        private void Arrive()
        {
            _current = (Presence)_script[0];
            _script.RemoveAt(0);
            _operationsInField = 0;
            _current.Card.PowerOn();
        }

        private sealed class Presence
        {
            public Presence(SimulatedCard card, int holdForOperations, int arriveAfterPolls)
            {
                Card = card;
                HoldForOperations = holdForOperations;
                ArriveAfterPolls = arriveAfterPolls;
            }

            public SimulatedCard Card { get; }

            public int HoldForOperations { get; }

            public int ArriveAfterPolls { get; set; }
        }
    }
}
