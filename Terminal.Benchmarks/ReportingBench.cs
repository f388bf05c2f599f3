using System.Globalization;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;

namespace Terminal.Benchmarks;

/// <summary>Shared bits of the reporting benchmarks: option parsing and sample events.</summary>
internal static class ReportingBench
{
    public static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string? StringOption(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static UsageEvent Event(int i) => new()
    {
        UnixSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        Clock = ClockTrust.Trusted,
        ServicePoint = "desk-" + (i % 8),
        Profile = "hospital",
        HasPermit = true,
        PermitNumber = 420_100_000_000L + i,
        Generation = i % 16,
        Verdict = VerdictCode.Valid,
        ListSequence = 1234,
        Firmware = "1.0.0",
    };

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
}
