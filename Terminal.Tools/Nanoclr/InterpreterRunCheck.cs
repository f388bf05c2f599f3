using System.Globalization;
using Terminal.Core.Reporting;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Tools.Nanoclr;

/// <summary>
/// Reads what a whole-terminal run on the nanoCLR printed (<c>Terminal.Posix.PosixTerminal</c>) and compares it with the
/// host demo's terminal for the same image (expected.txt of <see cref="InterpreterImage"/>): the drive the run left is
/// rebuilt from its FILE/DATA lines and its outbox opened with the host build of the same Outbox, so the verdicts are
/// the ones the terminal persisted for the platform, card for card, in order.
/// </summary>
public sealed class InterpreterRunCheck
{
    private InterpreterRunCheck()
    {
    }

    /// <summary>Cards the run tapped (TAP lines).</summary>
    public int CardsTapped { get; private set; }

    /// <summary>Cards whose check in the run's outbox equals the host's (verdict, permit, generation, time, clock trust, list).</summary>
    public int VerdictsEqual { get; private set; }

    public int Cards { get; private set; }

    /// <summary>Events in the run's outbox / expected from the host.</summary>
    public int Events { get; private set; }

    public int ExpectedEvents { get; private set; }

    /// <summary>Median time, over the valid permits, from detection to the terminal's halt (full read, tier 1, list lookup, rules, indication, outbox append, tier-2 area read), µs.</summary>
    public long TapComputeMicroseconds { get; private set; }

    /// <summary>Median time, over the valid permits, from detection to the first indication (the tier-1 path the clerk waits for), µs.</summary>
    public long TapVerdictMicroseconds { get; private set; }

    public bool Ended { get; private set; }

    /// <summary>HEAP lines read (power-on, bootstrap, booted and one per tap), 0 when the run did not measure its heap.</summary>
    public int HeapSamples { get; private set; }

    /// <summary>
    /// The terminal's live-heap high-water over the cards: free bytes at power-on (image and drive already in RAM)
    /// minus the fewest free bytes after any tap, each after a collection; 0 without HEAP lines.
    /// </summary>
    public long HeapHighWaterBytes { get; private set; }

    /// <summary>Live heap once the bootstrap decided the boot, before the application is loaded: power-on free minus bootstrap free.</summary>
    public long HeapBootstrapBytes { get; private set; }

    /// <summary>Live heap of the booted terminal before its first card (the loaded application included): power-on free minus booted free.</summary>
    public long HeapBootBytes { get; private set; }

    /// <summary>What differed or failed, one line each; empty when the run equals the host.</summary>
    public List<string> Problems { get; } = [];

    public bool Passed => Problems.Count == 0;

    public static InterpreterRunCheck Compare(string expectedText, IEnumerable<string> runLines)
    {
        var check = new InterpreterRunCheck();
        var cardExpected = new List<int>();
        var expected = new List<(int Card, string Line)>();
        foreach (var line in expectedText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ', 3);
            if (f[0] == "CARD")
            {
                cardExpected.Add(int.Parse(f[2].Split(' ')[0], CultureInfo.InvariantCulture));
            }
            else if (f[0] == "EVENT")
            {
                expected.Add((int.Parse(f[1], CultureInfo.InvariantCulture), f[2]));
            }
        }

        check.Cards = cardExpected.Count;
        check.ExpectedEvents = expected.Count;
        var flash = new SimulatedFlash();
        var files = new Dictionary<string, MemoryStream>(StringComparer.Ordinal);
        var computeUs = new Dictionary<int, long>();
        var verdictUs = new Dictionary<int, long>();
        long powerOnFree = -1, bootstrapFree = -1, bootedFree = -1, leastFree = long.MaxValue;
        foreach (var line in runLines)
        {
            var f = line.TrimEnd('\r').Split(' ');
            switch (f[0])
            {
                case "TAP" when f.Length >= 5:
                    check.CardsTapped++;
                    int card = int.Parse(f[1], CultureInfo.InvariantCulture);
                    verdictUs[card] = long.Parse(f[3]["verdict_us=".Length..], CultureInfo.InvariantCulture);
                    computeUs[card] = long.Parse(f[4]["compute_us=".Length..], CultureInfo.InvariantCulture);
                    break;
                case "FILE" when f.Length == 3:
                    files[f[1]] = new MemoryStream();
                    break;
                case "DATA" when f.Length == 4 && files.ContainsKey(f[1]):
                    files[f[1]].Write(Convert.FromHexString(f[3]));
                    break;
                case "HEAP" when f.Length == 3 && f[2].StartsWith("free=", StringComparison.Ordinal):
                    long free = long.Parse(f[2]["free=".Length..], CultureInfo.InvariantCulture);
                    check.HeapSamples++;
                    if (f[1] == "power-on")
                    {
                        powerOnFree = free;
                    }
                    else if (f[1] == "bootstrap")
                    {
                        bootstrapFree = free;
                    }
                    else if (f[1] == "booted")
                    {
                        bootedFree = free;
                    }
                    else
                    {
                        leastFree = Math.Min(leastFree, free);
                    }

                    break;
                case "END" when f.Length >= 2 && f[1] == "app":
                    check.Ended = true;
                    break;
                case "FAIL":
                    check.Problems.Add("the run failed: " + line);
                    break;
            }
        }

        if (powerOnFree >= 0 && leastFree != long.MaxValue)
        {
            check.HeapHighWaterBytes = powerOnFree - leastFree;
            check.HeapBootBytes = bootedFree < 0 ? 0 : powerOnFree - bootedFree;
            check.HeapBootstrapBytes = bootstrapFree < 0 ? 0 : powerOnFree - bootstrapFree;
        }

        if (!check.Ended)
        {
            check.Problems.Add("no 'END app' line: the run did not finish (an uncaught exception ends the nanoCLR silently)");
        }

        foreach (var (name, content) in files)
        {
            flash.WriteAllBytes(name, content.ToArray());
        }

        var outbox = new Outbox(flash, new OutboxOptions());
        var opened = outbox.Open();
        var events = new List<UsageEvent>();
        if (opened != OutboxStatus.Ok)
        {
            check.Problems.Add("the run's outbox does not open on the host: " + opened);
        }
        else
        {
            var batch = new UsageEvent[32];
            for (int i = 0; i < batch.Length; i++)
            {
                batch[i] = new UsageEvent();
            }

            int n;
            while ((n = outbox.ReadNext(batch, 0, batch.Length)) > 0)
            {
                foreach (var e in batch.Take(n))
                {
                    var copy = new UsageEvent();
                    copy.CopyFrom(e);
                    events.Add(copy);
                }

                outbox.Acknowledge(events[^1].Sequence);
            }
        }

        check.Events = events.Count;
        if (events.Count != expected.Count)
        {
            check.Problems.Add($"the run's outbox holds {events.Count} events, the host terminal reported {expected.Count}");
        }

        var equalCards = new HashSet<int>();
        var differingCards = new HashSet<int>();
        for (int i = 0; i < Math.Min(events.Count, expected.Count); i++)
        {
            string got = EventLine(events[i]);
            if (got == expected[i].Line)
            {
                if (expected[i].Card >= 0)
                {
                    equalCards.Add(expected[i].Card);
                }
            }
            else
            {
                differingCards.Add(expected[i].Card);
                check.Problems.Add($"event {i + 1} (card {(expected[i].Card >= 0 ? (expected[i].Card + 1).ToString(CultureInfo.InvariantCulture) : "tier-2 alert")}): run {got}, host {expected[i].Line}");
            }
        }

        equalCards.ExceptWith(differingCards);
        check.VerdictsEqual = equalCards.Count;
        if (check.CardsTapped != check.Cards)
        {
            check.Problems.Add($"the run tapped {check.CardsTapped} of {check.Cards} cards");
        }

        // The common tap: a valid permit (Valid, code from the demo's expectations), its full read and checks.
        var valid = Enumerable.Range(0, cardExpected.Count)
            .Where(i => cardExpected[i] == (int)Terminal.Core.Rules.VerdictCode.Valid && computeUs.ContainsKey(i)).ToList();
        check.TapComputeMicroseconds = Median(valid.Select(i => computeUs[i]));
        check.TapVerdictMicroseconds = Median(valid.Select(i => verdictUs[i]));
        return check;
    }

    private static long Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static string EventLine(UsageEvent e) => string.Create(CultureInfo.InvariantCulture,
        $"unix={e.UnixSeconds} clock={(int)e.Clock} verdict={(int)e.Verdict} permit={e.PermitNumber} generation={e.Generation} list={e.ListSequence}");
}
