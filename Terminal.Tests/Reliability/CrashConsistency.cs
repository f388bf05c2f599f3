using Terminal.Drivers.Storage.Simulated;
using Xunit.Abstractions;

namespace Terminal.Tests.Reliability;

/// <summary>One fault model for a power cut: what unflushed data becomes, how the page in progress tears, what a tick is.</summary>
public sealed record CutVariant(string Name, UnflushedDataOnPowerCut Policy, TornPage Torn, WriteTickUnit Unit)
{
    public override string ToString() => Name;
}

/// <summary>Where one run was cut, for the checks and their messages.</summary>
public sealed record CutPoint(string Scenario, CutVariant Variant, long Tick, long Ticks)
{
    /// <summary>The operation ran to its end (the cut was armed past its last tick).</summary>
    public bool Completed => Tick >= Ticks;

    public override string ToString() => Scenario + " [" + Variant + "] cut at tick " + Tick + " of " + Ticks;
}

/// <summary>
/// Exhaustive crash consistency: runs an operation once on a clone of the starting flash to count its write ticks,
/// then, for every tick k (0 = before the first write, up to the end) and every fault variant, cuts power at k, reboots
/// and lets the scenario recover and check its invariant. Prints the cut points per variant and in total.
/// </summary>
public static class CrashConsistency
{
    /// <summary>
    /// LittleFS's model (unflushed data lost), an in-place file system's (kept, the write torn at a byte, the rest of the
    /// page old or erased), and cuts between whole page programs with the next page erased.
    /// </summary>
    public static readonly CutVariant[] Variants =
    [
        new("unflushed lost", UnflushedDataOnPowerCut.Lost, TornPage.RestOld, WriteTickUnit.Byte),
        new("kept, torn byte, rest old", UnflushedDataOnPowerCut.Kept, TornPage.RestOld, WriteTickUnit.Byte),
        new("kept, torn byte, rest of page erased", UnflushedDataOnPowerCut.Kept, TornPage.RestErased, WriteTickUnit.Byte),
        new("kept, cut between pages, next page erased", UnflushedDataOnPowerCut.Kept, TornPage.RestErased, WriteTickUnit.Page),
    ];

    /// <param name="observe">A fresh record of what the operation was told before the cut (the oracle of verify).</param>
    /// <param name="operation">Runs on the flash; a <see cref="PowerCutException"/> ends it at the cut.</param>
    /// <param name="verify">Recovers from the rebooted flash and asserts the invariant.</param>
    /// <returns>The number of cut points run over all variants.</returns>
    public static long CutEverywhere<TObservation>(ITestOutputHelper output, string scenario, SimulatedFlash start,
        Func<TObservation> observe, Action<SimulatedFlash, TObservation> operation, Action<SimulatedFlash, TObservation, CutPoint> verify)
    {
        long total = 0;
        foreach (var variant in Variants)
        {
            var counting = start.Clone(variant.Unit);
            operation(counting, observe());
            long ticks = counting.WriteTicks;
            Assert.True(ticks > 0, scenario + ": the operation writes nothing");

            // The completed run is checked too: recovery after a clean shutdown must hold the same invariant.
            for (long k = 0; k <= ticks; k++)
            {
                var flash = start.Clone(variant.Unit);
                flash.ArmPowerCut(k, variant.Policy, variant.Torn);
                var observation = observe();
                bool interrupted = false;
                try
                {
                    operation(flash, observation);
                }
                catch (PowerCutException)
                {
                    interrupted = true;
                }

                var point = new CutPoint(scenario, variant, k, ticks);
                Assert.True(interrupted == !point.Completed, point + ": the operation " + (interrupted ? "was cut" : "was not cut"));
                verify(flash.Reboot(), observation, point);
            }

            output.WriteLine("crash-consistency: " + scenario + " [" + variant + "] " + (ticks + 1) + " cut points");
            total += ticks + 1;
        }

        output.WriteLine("crash-consistency: " + scenario + " " + total + " cut points");
        return total;
    }

    /// <summary>Assert.True with a message built only on failure (the loops run this many thousand times).</summary>
    public static void Check(bool condition, CutPoint point, Func<string> message)
    {
        if (!condition)
        {
            Assert.Fail(point + ": " + message());
        }
    }
}
