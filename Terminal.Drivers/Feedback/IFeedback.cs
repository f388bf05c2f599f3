namespace Terminal.Drivers.Feedback
{
    /// <summary>What the clerk sees and hears after a tap; one indication per verdict family.</summary>
    public enum Indication
    {
        Idle = 0,
        /// <summary>Green: the permit is usable here today.</summary>
        Accepted = 1,
        /// <summary>Green + amber: usable, but something needs attention soon (endorsement due, list ageing).</summary>
        AcceptedWithWarning = 2,
        /// <summary>Red: not usable here today.</summary>
        Refused = 3,
        /// <summary>Amber blink: the read failed; tap again.</summary>
        TapAgain = 4,
        /// <summary>Red + amber alternating: suspected forgery (a regional key may have leaked).</summary>
        ForgeryAlert = 5,
        /// <summary>All LEDs slow blink: the terminal cannot check cards (unprovisioned, clock or list unusable).</summary>
        Unprovisioned = 6,
        /// <summary>Amber steady: terminal fault.</summary>
        Fault = 7,
    }

    /// <summary>LEDs and buzzer driven by the tap pipeline (see <see cref="BuzzerPatterns"/>, <see cref="FeedbackGroup"/>).</summary>
    public interface IFeedback
    {
        void Show(Indication indication);
    }
}
