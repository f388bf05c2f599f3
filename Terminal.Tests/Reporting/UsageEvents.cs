using Terminal.Core.Reporting;
using Terminal.Core.Rules;

namespace Terminal.Tests.Reporting;

/// <summary>Deterministic sample events for the reporting tests.</summary>
public static class UsageEvents
{
    public static UsageEvent Make(int i, string terminal = "HB-WH-0001")
    {
        return new UsageEvent
        {
            TerminalId = terminal,
            UnixSeconds = 1_780_000_000L + i * 37L,
            Clock = (ClockTrust)(i % 3),
            ServicePoint = i % 5 == 0 ? "wuhan-union-hospital-desk-01" : "desk-" + (i % 7),
            Profile = (i % 2) == 0 ? "hospital" : "school",
            HasPermit = i % 11 != 3,
            PermitNumber = i % 11 == 3 ? 0 : 420_100_000_000L + i,
            Generation = i % 11 == 3 ? 0 : i % 16,
            Verdict = i % 11 == 3 ? VerdictCode.NotAPermit : (VerdictCode)(i % VerdictCodes.CodeCount),
            ListSequence = 1000 + i / 10,
            Firmware = "1.0." + (i % 3),
        };
    }

    /// <summary>Field-by-field equality except the sequence (assigned by the outbox).</summary>
    public static bool SameContent(UsageEvent a, UsageEvent b) =>
        a.TerminalId == b.TerminalId && a.UnixSeconds == b.UnixSeconds && a.Clock == b.Clock && a.ServicePoint == b.ServicePoint
        && a.Profile == b.Profile && a.HasPermit == b.HasPermit && a.PermitNumber == b.PermitNumber && a.Generation == b.Generation
        && a.Verdict == b.Verdict && a.ListSequence == b.ListSequence && a.Firmware == b.Firmware;

    public static UsageEvent[] Buffer(int n)
    {
        var buffer = new UsageEvent[n];
        for (int i = 0; i < n; i++)
        {
            buffer[i] = new UsageEvent();
        }

        return buffer;
    }
}
