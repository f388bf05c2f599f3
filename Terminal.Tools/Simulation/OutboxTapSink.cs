using Terminal.Core.Reporting;
using Terminal.Core.Tap;

namespace Terminal.Tools.Simulation;

/// <summary>
/// Turns each check into a usage event (第二十条: permit number and generation, no personal data) and appends it to a
/// reporting terminal's outbox, from where the MQTT session delivers it.
/// </summary>
public sealed class OutboxTapSink(ReportingTerminal reporting, string servicePoint, string profile, string firmware) : ITapSink
{
    private readonly object _lock = new();

    public int Rejected { get; private set; }

    public void OnCheck(TapReport report)
    {
        var e = new UsageEvent
        {
            UnixSeconds = report.UnixSeconds,
            Clock = report.Clock,
            ServicePoint = servicePoint,
            Profile = profile,
            HasPermit = report.HasPermit,
            PermitNumber = report.HasPermit ? report.PermitNumber : 0,
            Generation = report.HasPermit ? report.Generation : 0,
            Verdict = report.Verdict.Code,
            ListSequence = (long)report.ListSequence,
            Firmware = firmware,
        };
        lock (_lock)
        {
            if (reporting.Tap(e) != OutboxStatus.Ok)
            {
                Rejected++;
            }
        }
    }
}
