using System.Diagnostics;
using Terminal.Core.Revocation;
using Terminal.Core.Time;
using Terminal.Drivers.Storage.Host;
using Terminal.Tools.Revocation;

namespace Terminal.Benchmarks;

/// <summary>
/// The revocation list's size against the information-theoretic bound, lookup cost against a HashSet, and the size of
/// a 1 % churn delta against its bound. Two configurations; the 10M/500k line is printed last.
/// bits_per_entry counts every bit of the signed file (header, index, block headers, padding, signature) except the
/// per-entry payload (3-bit reason + date offset), which the bound log2 C(U,R) does not cover either.
/// </summary>
public sealed class RevocationBenchmark : IBenchmark
{
    private static readonly byte[] Seed = Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1)).ToArray();

    public string Name => "revocation";

    public string Description => "list bits/entry vs log2 C(U,R), lookup ns vs HashSet, block reads per lookup, 1% delta vs bound";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args) =>
    [
        Measure(50_000_000, 2_000_000, 11),
        Measure(10_000_000, 500_000, 12),
    ];

    private static IReadOnlyList<KeyValuePair<string, string>> Measure(ulong universe, int revoked, int seed)
    {
        var random = new Random(seed);
        var entries = RandomEntries(random, revoked, universe);
        long issuedAt = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        var parameters = new ListParameters(7, 100, issuedAt, 86400, 7 * 86400, universe, 10);
        byte[] list = RevocationListBuilder.Build(entries, parameters, Seed);
        var file = new MemoryFile(list);
        if (RevocationList.Open(file, out var opened) != RevocationError.None)
        {
            throw new InvalidOperationException("the benchmark list does not open");
        }

        var header = opened.Header;
        double payloadBits = (double)revoked * header.PayloadBits;
        double bitsPerEntry = (list.Length * 8.0 - payloadBits) / revoked;
        double boundPerEntry = Log2Binomial(universe, (ulong)revoked) / revoked;

        // Lookups: half members, half arbitrary keys, the same probes for both structures.
        const int probes = 400_000;
        var keys = new ulong[probes];
        for (int i = 0; i < probes; i++)
        {
            keys[i] = i % 2 == 0 ? entries[random.Next(entries.Length)].CardKey : (ulong)random.NextInt64((long)universe);
        }

        var set = new HashSet<ulong>(entries.Select(e => e.CardKey));
        long maxReads = 0, listed = 0, hashListed = 0;
        double lookupNs = double.MaxValue, hashNs = double.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < probes; i++)
            {
                long before = opened.BlockReads;
                var result = opened.Lookup(keys[i]);
                maxReads = Math.Max(maxReads, opened.BlockReads - before);
                listed += result.IsListed ? 1 : 0;
            }

            lookupNs = Math.Min(lookupNs, sw.Elapsed.TotalNanoseconds / probes);
            sw.Restart();
            for (int i = 0; i < probes; i++)
            {
                hashListed += set.Contains(keys[i]) ? 1 : 0;
            }

            hashNs = Math.Min(hashNs, sw.Elapsed.TotalNanoseconds / probes);
        }

        if (listed != hashListed)
        {
            throw new InvalidOperationException("the list and the HashSet disagree");
        }

        // A 1 % churn delta: 0.5 % of the entries removed, as many new ones added.
        int churn = revoked / 200;
        var next = entries.OrderBy(_ => random.Next()).Skip(churn).ToList();
        var present = new HashSet<ulong>(next.Select(e => e.CardKey));
        next.AddRange(RandomEntries(random, churn * 3, universe).Where(e => present.Add(e.CardKey)).Take(churn));
        byte[] nextList = RevocationListBuilder.Build(next, parameters with { Sequence = 101, IssuedAt = issuedAt + 86400 }, Seed);
        byte[] delta = RevocationDeltaBuilder.Build(list, nextList, 7, Seed);
        if (!ListFiles.ApplyDelta(list, delta).AsSpan().SequenceEqual(nextList))
        {
            throw new InvalidOperationException("the delta does not rebuild the next list");
        }

        var deltaHeader = ListFiles.ParseDeltaHeader(delta);
        double deltaBits = delta.Length * 8.0 - (double)deltaHeader.AddCount * deltaHeader.Target.PayloadBits;
        double deltaBound = Log2Binomial(universe - (ulong)revoked, deltaHeader.AddCount) + Log2Binomial((ulong)revoked, deltaHeader.RemoveCount);

        Console.WriteLine("revocation universe=" + universe + " revoked=" + revoked + ": list " + list.Length + " bytes (" +
            (list.Length * 8.0 / revoked).ToString("0.00") + " bits/entry with reason and date, payload " + header.PayloadBits +
            " bits), " + header.DataBlockCount + " data blocks of " + header.BlockSize + " bytes, " + header.IndexBlockCount +
            " index blocks; delta " + delta.Length + " bytes for " + deltaHeader.RemoveCount + " removed + " + deltaHeader.AddCount + " added");
        return
        [
            Program.Pair("universe", (long)universe), Program.Pair("revoked", revoked),
            Program.Pair("bits_per_entry", bitsPerEntry), Program.Pair("bound_bits_per_entry", boundPerEntry),
            Program.Pair("ratio", bitsPerEntry / boundPerEntry), Program.Pair("lookup_ns", lookupNs),
            Program.Pair("hashset_lookup_ns", hashNs), Program.Pair("block_reads_per_lookup", maxReads),
            Program.Pair("delta_ratio", deltaBits / deltaBound),
        ];
    }

    private static RevocationEntry[] RandomEntries(Random random, int count, ulong universe)
    {
        var keys = new HashSet<ulong>();
        while (keys.Count < count)
        {
            keys.Add((ulong)random.NextInt64((long)universe));
        }

        int firstDay = CivilDate.FromYmd(2020, 1, 1).DayNumber;
        return keys.Select(k => new RevocationEntry(k, (RevocationReason)random.Next(1, 7), CivilDate.FromDayNumber(firstDay + random.Next(0, 2200)))).ToArray();
    }

    /// <summary>log2 of the binomial coefficient C(n, k).</summary>
    private static double Log2Binomial(ulong n, ulong k)
    {
        double sum = 0;
        for (ulong i = 0; i < k; i++)
        {
            sum += Math.Log2((double)(n - i) / (k - i));
        }

        return sum;
    }
}
