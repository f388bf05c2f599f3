using Terminal.Drivers.Feedback;

namespace Terminal.Core.Rules
{
    /// <summary>What the clerk sees for a verdict: one indication per verdict family.</summary>
    public static class VerdictFeedback
    {
        public static Indication For(Verdict verdict)
        {
            switch (verdict.Code)
            {
                case VerdictCode.ForgeryAlert:
                    return Indication.ForgeryAlert;
                case VerdictCode.Unreadable:
                    return Indication.TapAgain;
                case VerdictCode.ClockUntrusted:
                case VerdictCode.ListStale:
                    return Indication.Unprovisioned;
            }

            if (!verdict.Accepted)
            {
                return Indication.Refused;
            }

            return verdict.Warnings == 0 && verdict.Code == VerdictCode.Valid ? Indication.Accepted : Indication.AcceptedWithWarning;
        }
    }
}
