using Terminal.Core.Rules;
using Terminal.Core.Tap;

namespace Terminal.Tools.Simulation;

/// <summary>A copy of one <see cref="TapReport"/> (the pipeline reuses its report object).</summary>
public sealed record CheckRecord(long UnixSeconds, ClockTrust Clock, VerdictCode Code, bool Accepted, string ReasonZh, string ReasonEn, string Article,
    bool HasPermit, long PermitNumber, int Generation, ulong ListSequence, bool IsForgeryAlert);

/// <summary>Keeps every check in memory (tests, and the demo before reporting is attached).</summary>
public sealed class RecordingTapSink : ITapSink
{
    private readonly List<CheckRecord> _checks = [];
    private readonly object _lock = new();

    public IReadOnlyList<CheckRecord> Checks
    {
        get
        {
            lock (_lock)
            {
                return _checks.ToList();
            }
        }
    }

    public void OnCheck(TapReport r)
    {
        var v = r.Verdict;
        lock (_lock)
        {
            _checks.Add(new CheckRecord(r.UnixSeconds, r.Clock, v.Code, v.Accepted, v.ReasonZh, v.ReasonEn, v.Article,
                r.HasPermit, r.PermitNumber, r.Generation, r.ListSequence, r.IsForgeryAlert));
        }
    }
}

/// <summary>Forwards to a sink attached after construction (the terminal core needs its sink before the reporting stack exists).</summary>
public sealed class LateTapSink : ITapSink
{
    public ITapSink? Target { get; set; }

    public void OnCheck(TapReport report) => Target?.OnCheck(report);
}
