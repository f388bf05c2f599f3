using System;

namespace Terminal.Drivers.Reader.Simulated
{
    /// <summary>
    /// Corrupts chosen exchanges on the air: the reader gets no valid answer (it waits for its timeout) and the card, having
    /// seen a broken frame, drops back to IDLE. Faults can be scripted by operation number, by kind ("the next 2 reads"),
    /// or drawn at random with a seed.
    /// </summary>
    public sealed class RfFaultInjector
    {
        private readonly bool[] _scripted = new bool[4096];
        private readonly int[] _nextOfKind = new int[4];
        private Random _random;
        private double _probability;

        /// <summary>Faults injected so far.</summary>
        public int Injected { get; private set; }

        /// <summary>Fails the reader operation with this number (see <see cref="SimulatedField.Operations"/>, 1-based).</summary>
        public RfFaultInjector FailOperation(int operationNumber)
        {
            _scripted[operationNumber] = true;
            return this;
        }

        /// <summary>Fails the next count operations of a kind.</summary>
        public RfFaultInjector FailNext(SimulatedOperation kind, int count = 1)
        {
            _nextOfKind[(int)kind] += count;
            return this;
        }

        /// <summary>Fails every operation with this probability (0..1), reproducibly for a seed.</summary>
        public RfFaultInjector FailRandomly(double probability, int seed)
        {
            _probability = probability;
            _random = new Random(seed);
            return this;
        }

        public void Clear()
        {
            Array.Clear(_scripted, 0, _scripted.Length);
            Array.Clear(_nextOfKind, 0, _nextOfKind.Length);
            _random = null;
            _probability = 0;
        }

        internal bool ShouldFail(SimulatedOperation kind, int operationNumber)
        {
            bool fail = false;
            if (operationNumber >= 0 && operationNumber < _scripted.Length && _scripted[operationNumber])
            {
                _scripted[operationNumber] = false;
                fail = true;
            }
            else if (_nextOfKind[(int)kind] > 0)
            {
                _nextOfKind[(int)kind]--;
                fail = true;
            }
            else if (_random != null && _random.NextDouble() < _probability)
            {
                fail = true;
            }

            if (fail)
            {
                Injected++;
            }

            return fail;
        }
    }
}
