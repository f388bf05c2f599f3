using System.Numerics;
using Terminal.Core.Crypto;
using static Terminal.Tests.Crypto.FieldReference;

namespace Terminal.Tests.Crypto;

[Collection(Terminal.Tests.Support.WorkCounterCollection.Name)]
public sealed class Field25519Tests
{
    private static IEnumerable<BigInteger> Values(int seed, int randomCount)
    {
        foreach (var v in EdgeValues())
        {
            yield return v;
        }

        var random = new Random(seed);
        for (int i = 0; i < randomCount; i++)
        {
            yield return RandomBelow(random, P);
        }
    }

    [Fact]
    public void Constants_are_what_their_names_say()
    {
        var d = Mod(-121665 * BigInteger.ModPow(121666, P - 2, P));
        Assert.Equal(d, ValueOf(Field25519.D));
        Assert.Equal(Mod(2 * d), ValueOf(Field25519.D2));
        Assert.Equal(P - 1, Mod(BigInteger.Pow(ValueOf(Field25519.SqrtMinusOne), 2)));

        var b = new ExtendedPoint();
        Ed25519BaseTable.SetBasePoint(b);
        var x = ValueOf(b.X);
        var y = ValueOf(b.Y);
        Assert.Equal(Mod(4 * BigInteger.ModPow(5, P - 2, P)), y);
        Assert.True(x.IsEven);
        Assert.Equal(Mod(-x * x + y * y), Mod(1 + d * x * x * y * y));
    }

    [Fact]
    public void Mul_and_Square_match_big_integers()
    {
        var values = Values(1, 400).ToList();
        var h = Field25519.Create();
        for (int i = 0; i < values.Count; i++)
        {
            var a = values[i];
            var b = values[(i * 7 + 3) % values.Count];
            Field25519.Mul(Field(a), Field(b), h);
            Assert.Equal(Mod(a * b), ValueOf(h));
            Field25519.Square(Field(a), h);
            Assert.Equal(Mod(a * a), ValueOf(h));
        }
    }

    [Fact]
    public void Mul_is_exact_for_the_widest_inputs_the_group_formulas_produce()
    {
        // Limbs at their carried maximum summed a times / b times with a * b = 12 (the doubling's E' F'), and
        // signed mixtures: any overflow of a long would show as a wrong product.
        var random = new Random(2);
        var h = Field25519.Create();
        for (int n = 0; n < 2000; n++)
        {
            int a = 1 + random.Next(4), b = 12 / a;
            var f = new int[10];
            var g = new int[10];
            for (int i = 0; i < 10; i++)
            {
                int max = i % 2 == 0 ? (1 << 26) - 1 : (1 << 25) - 1;
                int sign = n % 3 == 0 ? 1 : (random.Next(2) * 2 - 1);
                f[i] = sign * (n % 2 == 0 ? max * a : random.Next(max) * a);
                g[i] = (n % 5 == 0 ? 1 : (random.Next(2) * 2 - 1)) * (n % 2 == 0 ? max * b : random.Next(max) * b);
            }

            Field25519.Mul(f, g, h);
            Assert.Equal(Mod(ValueOf(f) * ValueOf(g)), ValueOf(h));
            AssertCarried(h);
            Field25519.Square(f, h);
            Assert.Equal(Mod(ValueOf(f) * ValueOf(f)), ValueOf(h));
            AssertCarried(h);
        }
    }

    [Fact]
    public void Invert_and_PowP58_match_big_integers()
    {
        var h = Field25519.Create();
        var t = new int[4][];
        for (int i = 0; i < 4; i++)
        {
            t[i] = Field25519.Create();
        }

        foreach (var a in Values(3, 30))
        {
            Field25519.Invert(Field(a), h, t[0], t[1], t[2], t[3]);
            Assert.Equal(a.IsZero ? 0 : BigInteger.ModPow(a, P - 2, P), ValueOf(h));
            Field25519.PowP58(Field(a), h, t[0], t[1], t[2], t[3]);
            Assert.Equal(BigInteger.ModPow(a, (P - 5) / 8, P), ValueOf(h));
        }
    }

    [Fact]
    public void Invert_costs_265_and_PowP58_262_multiplications()
    {
        var h = Field25519.Create();
        var before = Ed25519.FieldMultiplications;
        Field25519.Invert(Field(12345), h, Field25519.Create(), Field25519.Create(), Field25519.Create(), Field25519.Create());
        Assert.Equal(265, Ed25519.FieldMultiplications - before);
        before = Ed25519.FieldMultiplications;
        Field25519.PowP58(Field(12345), h, Field25519.Create(), Field25519.Create(), Field25519.Create(), Field25519.Create());
        Assert.Equal(262, Ed25519.FieldMultiplications - before);
    }

    [Fact]
    public void ToBytes_is_canonical_for_any_representation()
    {
        var random = new Random(4);
        var bytes = new byte[32];
        foreach (var v in Values(5, 300))
        {
            // The same value with limbs pushed around: + k p spread over limbs, negative limbs, unreduced sums.
            var f = Field(v);
            var g = (int[])f.Clone();
            switch (random.Next(4))
            {
                case 0:
                    break;
                case 1: // add p in non-canonical limbs
                    g[0] += (1 << 26) - 19;
                    for (int i = 1; i < 10; i++)
                    {
                        g[i] += (1 << (i % 2 == 0 ? 26 : 25)) - 1;
                    }

                    break;
                case 2: // subtract p: negative limbs
                    g[0] -= (1 << 26) - 19;
                    for (int i = 1; i < 10; i++)
                    {
                        g[i] -= (1 << (i % 2 == 0 ? 26 : 25)) - 1;
                    }

                    break;
                default: // borrow-and-carry shuffle between neighbours
                    int k = random.Next(9);
                    g[k] += 1 << (k % 2 == 0 ? 26 : 25);
                    g[k + 1] -= 1;
                    break;
            }

            Field25519.ToBytes(g, bytes, 0);
            Assert.Equal(Bytes32(v), bytes);
            Assert.Equal(v.IsZero, Field25519.IsZero(g));
            Assert.Equal(!v.IsEven, Field25519.IsOdd(g));
        }
    }

    [Fact]
    public void FromBytes_reads_255_bits_and_IsCanonical_flags_values_from_p_up()
    {
        var h = Field25519.Create();
        foreach (var v in Values(6, 200))
        {
            var bytes = Bytes32(v);
            bytes[31] |= 0x80; // the sign bit is ignored
            Field25519.FromBytes(bytes, 0, h);
            Assert.Equal(v, ValueOf(h));
            Assert.True(Field25519.IsCanonical(bytes, 0));
        }

        for (int k = 0; k < 19; k++)
        {
            var bytes = Bytes32(P + k);
            Assert.False(Field25519.IsCanonical(bytes, 0));
            Field25519.FromBytes(bytes, 0, h);
            Assert.Equal(Mod(k), ValueOf(h));
        }

        Assert.True(Field25519.IsCanonical(Bytes32(P - 1), 0));
    }

    private static void AssertCarried(int[] h)
    {
        for (int i = 0; i < 10; i++)
        {
            // Limb 1 takes the last small carry, which can be negative: it may leave [0, 2^25) by at most 2^17.
            int slack = i == 1 ? 1 << 17 : 0;
            Assert.InRange(h[i], -slack, (1 << (i % 2 == 0 ? 26 : 25)) - 1 + slack);
        }
    }
}
