using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Time;

namespace Terminal.Tests.Display;

/// <summary>Verdicts as the rules engine fills them, for layout tests and the reference frames (fixed dates).</summary>
public static class ScreenSamples
{
    public static readonly CivilDate Today = CivilDate.FromYmd(2026, 11, 25);

    /// <summary>2026-11-25 10:00 Beijing.</summary>
    public static readonly long Now = Today.BeijingMidnightUnixSeconds() + 10 * 3600;

    public static Verdict Make(VerdictCode code, bool accepted, int warnings = 0, RevocationReason reason = RevocationReason.None)
    {
        var v = new Verdict();
        v.Reset(code);
        v.Accepted = accepted;
        v.Warnings = warnings;
        v.RevocationReason = code == VerdictCode.Revoked ? reason : RevocationReason.None;
        switch (code)
        {
            case VerdictCode.Valid:
            case VerdictCode.ValidEndorsementDueSoon:
                v.HasDaysUntilNextEndorsement = true;
                v.DaysUntilNextEndorsement = code == VerdictCode.Valid ? 200 : 20;
                break;
            case VerdictCode.SuspendedRestorable:
            case VerdictCode.SuspendedLapsed:
                v.HasSuspendedSince = true;
                v.SuspendedSince = Today.AddDays(code == VerdictCode.SuspendedRestorable ? -10 : -40);
                v.HasRestoreBy = true;
                v.RestoreBy = v.SuspendedSince.AddDays(30);
                break;
            case VerdictCode.Cancelled:
            case VerdictCode.Revoked:
                v.HasCancelledOn = true;
                v.CancelledOn = Today.AddDays(-5);
                break;
        }

        return v;
    }

    /// <summary>Every verdict the terminal can give: each code, accepted or not, each revocation reason, each warning and all together.</summary>
    public static IEnumerable<(string Name, Verdict Verdict)> All()
    {
        int[] warningSets =
        [
            VerdictWarnings.None, VerdictWarnings.EndorsementDueSoon, VerdictWarnings.RenewalWindowOpen, VerdictWarnings.ListStale, VerdictWarnings.ClockStale,
            VerdictWarnings.EndorsementDueSoon | VerdictWarnings.RenewalWindowOpen | VerdictWarnings.ListStale | VerdictWarnings.ClockStale,
        ];
        foreach (var code in Enum.GetValues<VerdictCode>())
        {
            foreach (var reason in code == VerdictCode.Revoked ? Enum.GetValues<RevocationReason>() : [RevocationReason.None])
            {
                foreach (bool accepted in new[] { true, false })
                {
                    foreach (int warnings in warningSets)
                    {
                        yield return ($"{code} {reason} accepted={accepted} warnings={warnings}", Make(code, accepted, warnings, reason));
                    }
                }
            }
        }
    }
}
