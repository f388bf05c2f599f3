namespace Terminal.Drivers.Feedback
{
    /// <summary>Several feedback devices shown as one (the LEDs and the buzzer).</summary>
    public sealed class FeedbackGroup : IFeedback
    {
        private readonly IFeedback[] _members;

        public FeedbackGroup(IFeedback[] members)
        {
            _members = members;
        }

        public void Show(Indication indication)
        {
            for (int i = 0; i < _members.Length; i++)
            {
                _members[i].Show(indication);
            }
        }
    }
}
