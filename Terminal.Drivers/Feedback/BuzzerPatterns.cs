namespace Terminal.Drivers.Feedback
{
    /// <summary>
    /// What the buzzer plays for each indication, so a clerk who is not looking at the LEDs still knows the verdict.
    /// A pattern is pairs (frequency in Hz, duration in ms); frequency 0 is a pause. Every indication sounds different
    /// in rhythm, pitch or length (tests check that no two are alike).
    /// The arrays are shared: read them, never change them.
    /// </summary>
    public static class BuzzerPatterns
    {
        public const int High = 2700;
        public const int Middle = 2000;
        public const int Low = 900;

        private static readonly int[] Silence = new int[0];

        /// <summary>One short high beep.</summary>
        private static readonly int[] Accepted = new int[] { High, 120 };

        /// <summary>Two short high beeps.</summary>
        private static readonly int[] AcceptedWithWarning = new int[] { High, 120, 0, 80, High, 120 };

        /// <summary>One long low tone.</summary>
        private static readonly int[] Refused = new int[] { Low, 600 };

        /// <summary>Three short middle beeps: try again.</summary>
        private static readonly int[] TapAgain = new int[] { Middle, 60, 0, 60, Middle, 60, 0, 60, Middle, 60 };

        /// <summary>A two-tone siren, four times.</summary>
        private static readonly int[] ForgeryAlert = new int[] { High, 150, 1200, 150, High, 150, 1200, 150, High, 150, 1200, 150, High, 150, 1200, 150 };

        /// <summary>Two slow low beeps.</summary>
        private static readonly int[] Unprovisioned = new int[] { Low, 200, 0, 300, Low, 200 };

        /// <summary>One long middle tone.</summary>
        private static readonly int[] Fault = new int[] { Middle, 1000 };

        public static int[] For(Indication indication)
        {
            switch (indication)
            {
                case Indication.Accepted: return Accepted;
                case Indication.AcceptedWithWarning: return AcceptedWithWarning;
                case Indication.Refused: return Refused;
                case Indication.TapAgain: return TapAgain;
                case Indication.ForgeryAlert: return ForgeryAlert;
                case Indication.Unprovisioned: return Unprovisioned;
                case Indication.Fault: return Fault;
                default: return Silence;
            }
        }

        /// <summary>Total length of a pattern in ms.</summary>
        public static int DurationMs(int[] pattern)
        {
            int total = 0;
            for (int i = 1; i < pattern.Length; i += 2)
            {
                total += pattern[i];
            }

            return total;
        }
    }
}
