using System.Numerics;
using System.Security.Cryptography;
using static Terminal.Tests.Crypto.FieldReference;

namespace Terminal.Tests.Crypto;

/// <summary>
/// Slow, obviously-correct edwards25519 in affine BigInteger coordinates: builds the unusual inputs of the edge-case
/// tests (torsion points, small-order keys, signatures made with a chosen R) independently of the code under test.
/// </summary>
internal static class EdwardsReference
{
    public static readonly BigInteger D = Mod(-121665 * BigInteger.ModPow(121666, P - 2, P));

    public static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);

    public static readonly (BigInteger X, BigInteger Y) Identity = (0, 1);

    public static readonly (BigInteger X, BigInteger Y) B = Decode(Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666"))!.Value;

    /// <summary>A point of order exactly 8; the eight small-order points are its multiples 0..7.</summary>
    public static readonly (BigInteger X, BigInteger Y) Torsion8 = FindTorsion8();

    public static (BigInteger X, BigInteger Y) Add((BigInteger X, BigInteger Y) p, (BigInteger X, BigInteger Y) q)
    {
        var t = Mod(D * p.X * q.X * p.Y * q.Y);
        var x = Mod((p.X * q.Y + q.X * p.Y) * Inverse(1 + t));
        var y = Mod((p.Y * q.Y + p.X * q.X) * Inverse(1 - t));
        return (x, y);
    }

    public static (BigInteger X, BigInteger Y) Negate((BigInteger X, BigInteger Y) p) => (Mod(-p.X), p.Y);

    public static (BigInteger X, BigInteger Y) Multiply(BigInteger n, (BigInteger X, BigInteger Y) p)
    {
        var result = Identity;
        var addend = p;
        while (n > 0)
        {
            if (!n.IsEven)
            {
                result = Add(result, addend);
            }

            addend = Add(addend, addend);
            n >>= 1;
        }

        return result;
    }

    public static byte[] Encode((BigInteger X, BigInteger Y) p)
    {
        var bytes = Bytes32(p.Y);
        if (!p.X.IsEven)
        {
            bytes[31] |= 0x80;
        }

        return bytes;
    }

    /// <summary>RFC 8032 5.1.3 decoding, canonical encodings only; null when it fails.</summary>
    public static (BigInteger X, BigInteger Y)? Decode(byte[] encoded)
    {
        var bytes = (byte[])encoded.Clone();
        bool sign = (bytes[31] & 0x80) != 0;
        bytes[31] &= 0x7F;
        var y = FromBytes(bytes);
        if (y >= P)
        {
            return null;
        }

        var x = RecoverX(y, sign);
        return x == null ? null : (x.Value, y);
    }

    /// <summary>x for y with the given parity, if y is on the curve (x = 0 with sign set fails).</summary>
    public static BigInteger? RecoverX(BigInteger y, bool odd)
    {
        var u = Mod(y * y - 1);
        var v = Mod(D * y * y + 1);
        var x2 = Mod(u * Inverse(v));
        var x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (Mod(x * x - x2) != 0)
        {
            x = Mod(x * SqrtMinusOne);
        }

        if (Mod(x * x - x2) != 0)
        {
            return null;
        }

        if (x.IsZero && odd)
        {
            return null;
        }

        return x.IsEven == odd ? Mod(-x) : x;
    }

    public static bool IsOnCurve(BigInteger y) => RecoverX(y, false) != null;

    /// <summary>The clamped secret scalar a of an RFC 8032 secret key (seed).</summary>
    public static BigInteger SecretScalar(byte[] seed)
    {
        var h = SHA512.HashData(seed);
        h[0] &= 248;
        h[31] &= 127;
        h[31] |= 64;
        return FromBytes(h, 0, 32);
    }

    public static BigInteger Challenge(byte[] r, byte[] a, byte[] message)
    {
        var h = SHA512.HashData([.. r, .. a, .. message]);
        return new BigInteger(h, isUnsigned: true) % L;
    }

    /// <summary>A signature R ‖ S with a chosen R point and S = r + k a mod L (R need not be [r]B).</summary>
    public static byte[] SignWithR(byte[] rEncoded, BigInteger r, BigInteger a, byte[] publicKey, byte[] message)
    {
        var k = Challenge(rEncoded, publicKey, message);
        var s = (r + k * a) % L;
        return [.. rEncoded, .. Bytes32(s)];
    }

    public static BigInteger Inverse(BigInteger v) => BigInteger.ModPow(Mod(v), P - 2, P);

    private static (BigInteger X, BigInteger Y) FindTorsion8()
    {
        for (BigInteger y = 2; ; y++)
        {
            var x = RecoverX(y, false);
            if (x == null)
            {
                continue;
            }

            var t = Multiply(L, (x.Value, y));
            if (Multiply(4, t) != Identity)
            {
                return t;
            }
        }
    }
}
