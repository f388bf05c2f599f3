using System.Numerics;
using Terminal.Core.Crypto;

namespace Terminal.Tests.Crypto;

/// <summary>BigInteger model of the field and the limb layout, for checking Field25519.</summary>
internal static class FieldReference
{
    public static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");

    private static readonly int[] Offsets = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];

    public static BigInteger Mod(BigInteger v) => ((v % P) + P) % P;

    /// <summary>The value the limbs stand for (signed limbs allowed), reduced mod p.</summary>
    public static BigInteger ValueOf(int[] limbs)
    {
        BigInteger v = 0;
        for (int i = 0; i < 10; i++)
        {
            v += (BigInteger)limbs[i] << Offsets[i];
        }

        return Mod(v);
    }

    /// <summary>Carried limbs of v mod p.</summary>
    public static int[] LimbsOf(BigInteger v)
    {
        v = Mod(v);
        var limbs = new int[10];
        for (int i = 0; i < 10; i++)
        {
            int width = i % 2 == 0 ? 26 : 25;
            limbs[i] = (int)(v & ((BigInteger.One << width) - 1));
            v >>= width;
        }

        return limbs;
    }

    public static byte[] Bytes32(BigInteger v)
    {
        var bytes = new byte[32];
        var raw = v.ToByteArray(isUnsigned: true, isBigEndian: false);
        Array.Copy(raw, bytes, Math.Min(32, raw.Length));
        return bytes;
    }

    public static BigInteger FromBytes(byte[] bytes, int offset = 0, int count = 32) =>
        new(bytes.AsSpan(offset, count), isUnsigned: true, isBigEndian: false);

    public static BigInteger RandomBelow(Random random, BigInteger bound)
    {
        var bytes = new byte[bound.GetByteCount(isUnsigned: true) + 8];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true) % bound;
    }

    /// <summary>Interesting field values: 0, 1, p-1, p-19.., values near 2^255 and powers of two, then random.</summary>
    public static IEnumerable<BigInteger> EdgeValues()
    {
        yield return 0;
        yield return 1;
        yield return 2;
        yield return 19;
        yield return P - 1;
        yield return P - 2;
        yield return P - 19;
        yield return (P - 1) / 2;
        yield return (P + 1) / 2;
        for (int b = 0; b < 255; b += 17)
        {
            yield return BigInteger.Pow(2, b);
            yield return BigInteger.Pow(2, b) - 1;
        }
    }

    public static int[] Field(BigInteger v) => LimbsOf(v);
}
