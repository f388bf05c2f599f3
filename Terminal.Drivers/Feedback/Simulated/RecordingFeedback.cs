using System.Collections.Generic;

namespace Terminal.Drivers.Feedback.Simulated
{
    /// <summary>Host feedback that records every indication, so tests and the demo can show what a clerk would see.</summary>
    public sealed class RecordingFeedback : IFeedback
    {
        private readonly List<Indication> _shown = new List<Indication>();

        public IReadOnlyList<Indication> Shown => _shown;

        public Indication Last => _shown.Count == 0 ? Indication.Idle : _shown[_shown.Count - 1];

        public void Show(Indication indication) => _shown.Add(indication);
    }
}
