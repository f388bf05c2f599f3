using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Terminal.Drivers.Feedback.Simulated
{
    /// <summary>Host feedback that records every indication and the buzzer pattern it sounds, so tests and the demo can show what a clerk would see and hear.</summary>
    public sealed class RecordingFeedback : IFeedback
    {
        private readonly List<Indication> _shown = new List<Indication>();
        private readonly List<int[]> _sounds = new List<int[]>();

        public IReadOnlyList<Indication> Shown => _shown;

        /// <summary>The buzzer pattern of each indication, in order (see <see cref="BuzzerPatterns"/>).</summary>
        public IReadOnlyList<int[]> Sounds => _sounds;

        public Indication Last => _shown.Count == 0 ? Indication.Idle : _shown[_shown.Count - 1];

        public int[] LastSound => _sounds.Count == 0 ? BuzzerPatterns.For(Indication.Idle) : _sounds[_sounds.Count - 1];

        public void Show(Indication indication)
        {
            _shown.Add(indication);
            _sounds.Add(BuzzerPatterns.For(indication));
        }

        /// <summary>A pattern in words, e.g. "2700 Hz 120 ms, pause 80 ms, 2700 Hz 120 ms".</summary>
        public static string Describe(int[] pattern)
        {
            if (pattern.Length == 0)
            {
                return "silence";
            }

            var text = new StringBuilder();
            for (int i = 0; i + 1 < pattern.Length; i += 2)
            {
                if (text.Length > 0)
                {
                    text.Append(", ");
                }

                text.Append(pattern[i] == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"pause {pattern[i + 1]} ms")
                    : string.Create(CultureInfo.InvariantCulture, $"{pattern[i]} Hz {pattern[i + 1]} ms"));
            }

            return text.ToString();
        }
    }
}
