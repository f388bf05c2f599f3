using System.Diagnostics;

namespace Terminal.Fuzz;

/// <summary>A crash: the input, and what escaped the harness.</summary>
public sealed record FuzzCrash(string Target, byte[] Input, Exception Exception)
{
    /// <summary>Exception type and the innermost frame: crashes with the same signature are one bug.</summary>
    public string Signature => Exception.GetType().Name + " at " + (new StackTrace(Exception).GetFrames().FirstOrDefault()?.GetMethod()?.ToString() ?? "?");
}

/// <summary>What one target's smoke run did.</summary>
public sealed record SmokeRun(string Target, long Executions, IReadOnlyList<FuzzCrash> Crashes, TimeSpan Elapsed, TimeSpan SlowestExecution);

/// <summary>
/// In-process fuzzing for a bounded budget, deterministic for a given seed: every corpus entry first, then mutations
/// of the corpus (<see cref="Mutator"/>) until the iteration budget or the time budget runs out. No coverage feedback:
/// this is the short CI run; the long run is AFL++ (README.md). Crashes are deduplicated by signature.
/// </summary>
public static class SmokeFuzzer
{
    public static SmokeRun Run(IFuzzTarget target, IReadOnlyList<byte[]> corpus, int seed, long maxIterations, TimeSpan maxTime)
    {
        var crashes = new List<FuzzCrash>();
        var signatures = new HashSet<string>();
        var mutator = new Mutator(seed, target.FieldOffsets);
        var pool = corpus.Count > 0 ? corpus : [Array.Empty<byte>()];
        var clock = Stopwatch.StartNew();
        long executions = 0;
        TimeSpan slowest = TimeSpan.Zero;
        while (executions < maxIterations && (executions < corpus.Count || clock.Elapsed < maxTime))
        {
            byte[] input = executions < corpus.Count ? corpus[(int)executions] : mutator.Mutate(pool);
            var started = clock.Elapsed;
            try
            {
                target.Run(input);
            }
            catch (Exception e)
            {
                var crash = new FuzzCrash(target.Name, input, e);
                if (signatures.Add(crash.Signature))
                {
                    crashes.Add(crash);
                }
            }

            var took = clock.Elapsed - started;
            if (took > slowest)
            {
                slowest = took;
            }

            executions++;
        }

        return new SmokeRun(target.Name, executions, crashes, clock.Elapsed, slowest);
    }

    /// <summary>
    /// Every target in turn, each starting from its committed corpus with the same seed. Prints a line per target and a
    /// line per crash (target, signature, input in hex) to log; returns the runs.
    /// </summary>
    public static IReadOnlyList<SmokeRun> RunAll(int seed, long maxIterationsPerTarget, TimeSpan maxTimePerTarget, TextWriter log)
    {
        var runs = new List<SmokeRun>();
        foreach (var target in FuzzTargets.All())
        {
            var corpus = FuzzTargets.LoadCorpus(target.Name).Select(c => c.Data).ToList();
            var run = Run(target, corpus, seed, maxIterationsPerTarget, maxTimePerTarget);
            log.WriteLine(run.Target + ": " + run.Executions + " executions (" + corpus.Count + " seeds) in " + run.Elapsed.TotalSeconds.ToString("0.0")
                + " s, slowest " + run.SlowestExecution.TotalMilliseconds.ToString("0.0") + " ms, " + run.Crashes.Count + " crashes");
            foreach (var crash in run.Crashes)
            {
                log.WriteLine("crash target=" + crash.Target + " " + crash.Signature + " input=" + Convert.ToHexString(crash.Input));
            }

            runs.Add(run);
        }

        return runs;
    }
}
