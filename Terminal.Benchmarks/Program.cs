using System.Globalization;

namespace Terminal.Benchmarks;

public static class Program
{
    /// <summary>The registry; later issues add their benchmarks here.</summary>
    private static readonly IBenchmark[] Benchmarks =
    [
        new CivilDateBenchmark(),
        new ReaderTapBenchmark(),
        new TapBenchmark(),
        new Ed25519Benchmark(),
        new RevocationBenchmark(),
        new VerifyBenchmark(),
        new DrainBenchmark(),
        new FleetBenchmark(),
        new FuzzSmokeBenchmark(),
        new UpdateBenchmark(),
        new MemoryBenchmark(),
    ];

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == FleetTerminals.Command)
        {
            return FleetTerminals.Run(args[1..]); // a child process of the fleet benchmark, not a benchmark of its own
        }

        if (args.Length == 0 || args[0] is "list" or "--help" or "-h")
        {
            foreach (var b in Benchmarks)
            {
                Console.WriteLine(args.Length == 0 || args[0] == "list" ? b.Name : b.Name + "\t" + b.Description);
            }

            return args.Length == 0 ? 2 : 0;
        }

        var benchmark = Benchmarks.FirstOrDefault(b => b.Name == args[0]);
        if (benchmark == null)
        {
            Console.Error.WriteLine("unknown benchmark '" + args[0] + "'; `-- list` prints the names");
            return 2;
        }

        foreach (var line in benchmark.Run(args[1..]))
        {
            // A line may name itself (first pair ResultName=...), e.g. the tap benchmark's "RESULT tier2" line.
            string name = line.Count > 0 && line[0].Key == ResultName ? line[0].Value : benchmark.ResultName;
            Console.WriteLine("RESULT " + name + " " + string.Join(" ", line.Where(kv => kv.Key != ResultName).Select(kv => kv.Key + "=" + kv.Value)));
        }

        return 0;
    }

    /// <summary>Key of an optional first pair that names the RESULT line instead of the benchmark's name.</summary>
    public const string ResultName = "@result";

    public static KeyValuePair<string, string> Pair(string key, double value) => new(key, value.ToString("0.###", CultureInfo.InvariantCulture));

    public static KeyValuePair<string, string> Pair(string key, long value) => new(key, value.ToString(CultureInfo.InvariantCulture));
}
