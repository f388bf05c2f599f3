using System.Diagnostics;
using Terminal.Core.Time;

namespace Terminal.Benchmarks;

/// <summary>
/// Calendar arithmetic on every tap (Beijing day, month arithmetic for 第十五条): integer-only CivilDate vs the host's
/// DateOnly, side by side in one run, and the bytes CivilDate allocates (must be 0: it is on the per-tap path).
/// </summary>
public sealed class CivilDateBenchmark : IBenchmark
{
    public string Name => "dates";

    public string Description => "CivilDate.AddMonths + BeijingDayOf vs DateOnly, and allocations per call";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args)
    {
        const int n = 2_000_000;
        long sink = 0;
        double civilNs = double.MaxValue, hostNs = double.MaxValue;
        long allocated = 0;
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                var day = CivilDate.BeijingDayOf(1_700_000_000L + i * 977L);
                sink += day.AddMonths(i & 31).DayNumber;
            }

            civilNs = Math.Min(civilNs, sw.Elapsed.TotalNanoseconds / n);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            sw.Restart();
            for (int i = 0; i < n; i++)
            {
                var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000L + i * 977L).ToOffset(TimeSpan.FromHours(8)).DateTime);
                sink += day.AddMonths(i & 31).DayNumber;
            }

            hostNs = Math.Min(hostNs, sw.Elapsed.TotalNanoseconds / n);
        }

        Console.WriteLine($"(checksum {sink})");
        return [[
            Program.Pair("civil_ns", civilNs), Program.Pair("host_ns", hostNs), Program.Pair("ratio", civilNs / hostNs),
            Program.Pair("allocated_bytes_per_call", allocated / n),
        ]];
    }
}
