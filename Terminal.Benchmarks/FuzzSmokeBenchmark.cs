using Terminal.Fuzz;

namespace Terminal.Benchmarks;

/// <summary>
/// The bounded fuzz run for CI: every Terminal.Fuzz target in-process from its committed corpus, deterministic seed,
/// at most `-- fuzz-smoke [seconds-per-target] [iterations-per-target]` (default 4 s, 200 000). Crashes are printed with
/// the target and the input in hex before the RESULT line; the long run is AFL++ (Terminal.Fuzz/README.md).
/// </summary>
public sealed class FuzzSmokeBenchmark : IBenchmark
{
    public const int Seed = 20261125;

    public string Name => "fuzz-smoke";

    public string ResultName => "fuzz";

    public string Description => "bounded in-process fuzzing of every Terminal.Fuzz target from the seed corpus (crashes must be 0)";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args)
    {
        double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 4;
        long iterations = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var runs = SmokeFuzzer.RunAll(Seed, iterations, TimeSpan.FromSeconds(seconds), Console.Out);
        return
        [
            [
                Program.Pair("targets", runs.Count),
                Program.Pair("executions", runs.Sum(r => r.Executions)),
                Program.Pair("crashes", runs.Sum(r => r.Crashes.Count)),
            ],
        ];
    }
}
