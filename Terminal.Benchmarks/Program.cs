using System.Globalization;

namespace Terminal.Benchmarks;

public static class Program
{
    /// <summary>The registry; later issues add their benchmarks here.</summary>
    private static readonly IBenchmark[] Benchmarks =
    [
        new CivilDateBenchmark(),
        new ReaderTapBenchmark(),
        new Ed25519Benchmark(),
        new RevocationBenchmark(),
        new VerifyBenchmark(),
        new DrainBenchmark(),
        new FleetBenchmark(),
        new MemoryBenchmark(),
    ];

    public static int Main(string[] args)
    {
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
            Console.WriteLine("RESULT " + benchmark.Name + " " + string.Join(" ", line.Select(kv => kv.Key + "=" + kv.Value)));
        }

        return 0;
    }

    public static KeyValuePair<string, string> Pair(string key, double value) => new(key, value.ToString("0.###", CultureInfo.InvariantCulture));

    public static KeyValuePair<string, string> Pair(string key, long value) => new(key, value.ToString(CultureInfo.InvariantCulture));
}
