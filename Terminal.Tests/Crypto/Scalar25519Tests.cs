using System.Numerics;
using Terminal.Core.Crypto;
using static Terminal.Tests.Crypto.FieldReference;

namespace Terminal.Tests.Crypto;

public sealed class Scalar25519Tests
{
    private static BigInteger ValueOf(uint[] words) =>
        Enumerable.Range(0, 8).Aggregate(BigInteger.Zero, (acc, i) => acc + ((BigInteger)words[i] << (32 * i)));

    [Fact]
    public void ReduceWide_matches_big_integers_on_random_and_extreme_inputs()
    {
        var random = new Random(20);
        var result = new uint[8];
        var scratch = new long[Scalar25519.ReduceScratchLongs];
        var inputs = new List<byte[]>
        {
            new byte[64],
            Enumerable.Repeat((byte)0xFF, 64).ToArray(),
        };
        foreach (var v in new[] { L - 1, L, L + 1, 2 * L, 2 * L - 1, BigInteger.Pow(2, 252), BigInteger.Pow(2, 252) - 1, BigInteger.Pow(2, 253), L * L, BigInteger.Pow(2, 512) - L })
        {
            var bytes = new byte[64];
            var raw = v.ToByteArray(isUnsigned: true);
            Array.Copy(raw, bytes, Math.Min(64, raw.Length));
            inputs.Add(bytes);
        }

        for (int i = 0; i < 5000; i++)
        {
            var bytes = new byte[64];
            random.NextBytes(bytes);
            if (i % 7 == 0)
            {
                for (int k = random.Next(64); k < 64; k++)
                {
                    bytes[k] = (byte)(i % 2 == 0 ? 0 : 0xFF);
                }
            }

            inputs.Add(bytes);
        }

        foreach (var input in inputs)
        {
            var padded = new byte[70];
            Array.Copy(input, 0, padded, 3, 64);
            Scalar25519.ReduceWide(padded, 3, result, scratch);
            Assert.Equal(FromBytes(input, 0, 64) % L, ValueOf(result));
        }
    }

    [Fact]
    public void IsCanonical_accepts_exactly_the_values_below_L()
    {
        foreach (var v in new[] { BigInteger.Zero, BigInteger.One, L - 1, L, L + 1, BigInteger.Pow(2, 253), BigInteger.Pow(2, 256) - 1, L - BigInteger.Pow(2, 200), L + BigInteger.Pow(2, 128) })
        {
            var bytes = new byte[40];
            var raw = v.ToByteArray(isUnsigned: true);
            Array.Copy(raw, 0, bytes, 5, raw.Length);
            Assert.Equal(v < L, Scalar25519.IsCanonical(bytes, 5));
        }
    }

    [Fact]
    public void Halving_and_adding_mod_L_match_big_integers()
    {
        var random = new Random(21);
        var a = new uint[8];
        var b = new uint[8];
        var r = new uint[8];
        for (int i = 0; i < 2000; i++)
        {
            var x = i == 0 ? L - 1 : RandomBelow(random, L);
            var y = i == 0 ? L - 1 : RandomBelow(random, L);
            Scalar25519.FromBytes(Bytes32(x), 0, a);
            Scalar25519.FromBytes(Bytes32(y), 0, b);
            Scalar25519.AddModOrder(a, b, r);
            Assert.Equal((x + y) % L, ValueOf(r));
            Scalar25519.HalveModOrder(a);
            Assert.Equal(x, 2 * ValueOf(a) % L);
        }
    }
}
