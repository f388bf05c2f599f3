using System.Diagnostics;
using Org.BouncyCastle.Security;
using Terminal.Core.Crypto;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Terminal.Benchmarks;

/// <summary>
/// Ed25519 verification: field multiplications per verification (the device cost metric: ≈ 1–2 ms each on an
/// ESP32), host time per verification next to BouncyCastle's in the same run, table sizes, the cost of expanding a
/// key, and bytes allocated per verification (must be 0). Optional arguments: teeth spacing (key table shape).
/// </summary>
public sealed class Ed25519Benchmark : IBenchmark
{
    public string Name => "ed25519";

    public string Description => "Ed25519 verify: field mults per verification, host µs vs BouncyCastle, table bytes [teeth spacing]";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args)
    {
        int teeth = args.Length > 0 ? int.Parse(args[0]) : Ed25519PublicKey.DefaultTeeth;
        int spacing = args.Length > 1 ? int.Parse(args[1]) : Ed25519PublicKey.DefaultSpacing;
        const int keyCount = 8, signaturesPerKey = 32, rounds = 15;

        var random = new SecureRandom();
        var publicKeys = new byte[keyCount][];
        var keys = new Ed25519PublicKey[keyCount];
        var messages = new byte[keyCount * signaturesPerKey][];
        var signatures = new byte[keyCount * signaturesPerKey][];
        for (int k = 0; k < keyCount; k++)
        {
            var secret = new byte[32];
            random.NextBytes(secret);
            publicKeys[k] = new byte[32];
            BcEd25519.GeneratePublicKey(secret, 0, publicKeys[k], 0);
            keys[k] = Ed25519PublicKey.Create(publicKeys[k], 0, teeth, spacing);
            if (!keys[k].IsValid)
            {
                throw new InvalidOperationException("key refused: " + keys[k].Status);
            }

            for (int i = 0; i < signaturesPerKey; i++)
            {
                var message = new byte[random.Next(0, 300)];
                random.NextBytes(message);
                messages[k * signaturesPerKey + i] = message;
                signatures[k * signaturesPerKey + i] = new byte[64];
                BcEd25519.Sign(secret, 0, message, 0, message.Length, signatures[k * signaturesPerKey + i], 0);
            }
        }

        var verifier = new Ed25519Verifier(keys);
        var bcPoints = publicKeys.Select(pk => BcEd25519.ValidatePublicKeyFullExport(pk, 0)).ToArray();
        int n = messages.Length;

        // Warm-up, and the per-verification multiplication count (the same for every signature by construction).
        long minMults = long.MaxValue, maxMults = 0;
        for (int i = 0; i < n; i++)
        {
            long before = Ed25519.FieldMultiplications;
            if (!verifier.Verify(keys[i / signaturesPerKey], signatures[i], 0, messages[i], 0, messages[i].Length))
            {
                throw new InvalidOperationException("valid signature rejected");
            }

            long used = Ed25519.FieldMultiplications - before;
            minMults = Math.Min(minMults, used);
            maxMults = Math.Max(maxMults, used);
            BcEd25519.Verify(signatures[i], 0, publicKeys[i / signaturesPerKey], 0, messages[i], 0, messages[i].Length);
        }

        var ours = new List<double>();
        var oursRaw = new List<double>();
        var bc = new List<double>();
        var bcPoint = new List<double>();
        long allocated = 0;
        bool sink = true;
        for (int round = 0; round < rounds; round++)
        {
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++)
            {
                sink &= verifier.Verify(keys[i / signaturesPerKey], signatures[i], 0, messages[i], 0, messages[i].Length);
            }

            ours.Add(sw.Elapsed.TotalMicroseconds / n);
            allocated = Math.Max(allocated, GC.GetAllocatedBytesForCurrentThread() - allocBefore);

            sw.Restart();
            for (int i = 0; i < n; i++)
            {
                verifier.Begin(publicKeys[i / signaturesPerKey], 0, signatures[i], 0);
                verifier.Update(messages[i], 0, messages[i].Length);
                sink &= verifier.End();
            }

            oursRaw.Add(sw.Elapsed.TotalMicroseconds / n);

            sw.Restart();
            for (int i = 0; i < n; i++)
            {
                sink &= BcEd25519.Verify(signatures[i], 0, publicKeys[i / signaturesPerKey], 0, messages[i], 0, messages[i].Length);
            }

            bc.Add(sw.Elapsed.TotalMicroseconds / n);

            sw.Restart();
            for (int i = 0; i < n; i++)
            {
                sink &= BcEd25519.Verify(signatures[i], 0, bcPoints[i / signaturesPerKey], messages[i], 0, messages[i].Length);
            }

            bcPoint.Add(sw.Elapsed.TotalMicroseconds / n);
        }

        // Key expansion, timed warm (after the verification rounds).
        long buildMults = 0;
        var buildTimes = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            var pk = publicKeys[round % keyCount];
            long before = Ed25519.FieldMultiplications;
            var sw = Stopwatch.StartNew();
            sink &= Ed25519PublicKey.Create(pk, 0, teeth, spacing).IsValid;
            buildTimes.Add(sw.Elapsed.TotalMicroseconds);
            buildMults = Math.Max(buildMults, Ed25519.FieldMultiplications - before);
        }

        if (!sink)
        {
            throw new InvalidOperationException("a valid signature or key was rejected");
        }

        var key = keys[0];
        Console.WriteLine($"key table: teeth {key.Table.Teeth}, spacing {key.Table.Spacing}, combs {key.Table.Combs}, {key.Table.EntryCount} points; " +
            $"base table: teeth {key.BaseTable.Teeth}, combs {key.BaseTable.Combs}, {key.BaseTable.EntryCount} points");
        Console.WriteLine($"field multiplications per verification: min {minMults}, max {maxMults}; per key expansion: {buildMults}");
        Console.WriteLine($"host µs per verification (median of {rounds} rounds of {n}): ours {Median(ours):0.0} (raw key bytes {Median(oursRaw):0.0}), " +
            $"BouncyCastle {Median(bc):0.0} (prebuilt PublicPoint {Median(bcPoint):0.0})");

        return [[
            Program.Pair("field_mults", maxMults),
            Program.Pair("verify_host_us", Median(ours)),
            Program.Pair("base_table_bytes", key.BaseTable.SizeBytes),
            Program.Pair("key_table_bytes", key.TableBytes),
            Program.Pair("bc_verify_host_us", Median(bc)),
            Program.Pair("bc_verify_point_host_us", Median(bcPoint)),
            Program.Pair("verify_raw_key_host_us", Median(oursRaw)),
            Program.Pair("key_build_field_mults", buildMults),
            Program.Pair("key_build_host_us", Median(buildTimes)),
            Program.Pair("allocated_bytes_per_verify", allocated / n),
        ]];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
