using System.Numerics;
using Terminal.Core.Crypto;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;
using static Terminal.Tests.Crypto.FieldReference;

namespace Terminal.Tests.Crypto;

[Collection(Terminal.Tests.Support.WorkCounterCollection.Name)]
public sealed class EdwardsCurveTests
{
    [Fact]
    public void Decode_matches_the_reference_and_Encode_round_trips()
    {
        var random = new Random(60);
        var curve = new EdwardsCurve();
        var point = new ExtendedPoint();
        var encoded = new byte[40];
        int onCurve = 0;
        for (int i = 0; i < 400; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            if (i < 40)
            {
                bytes = Bytes32(i % 20); // small y, both signs
                bytes[31] |= (byte)(i < 20 ? 0 : 0x80);
            }

            var expected = EdwardsReference.Decode(bytes);
            var result = curve.Decode(bytes, 0, point);
            Assert.Equal(expected != null, result == PointDecodeResult.Ok);
            if (expected == null)
            {
                continue;
            }

            onCurve++;
            Assert.Equal(expected.Value.X, ValueOf(point.X));
            Assert.Equal(expected.Value.Y, ValueOf(point.Y));
            Assert.Equal(Mod(expected.Value.X * expected.Value.Y), ValueOf(point.T));
            curve.Encode(point, encoded, 5);
            Assert.Equal(bytes, encoded.AsSpan(5, 32).ToArray());
        }

        Assert.InRange(onCurve, 100, 300);
    }

    public static TheoryData<int, int> Shapes() => new() { { 8, 32 }, { 4, 32 }, { 1, 32 }, { 8, 16 }, { 5, 17 }, { 7, 64 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Comb_multiples_of_B_match_BouncyCastle_public_keys_and_edge_scalars(int teeth, int spacing)
    {
        var random = new Random(61 + teeth + spacing);
        var curve = new EdwardsCurve();
        var table = Ed25519BaseTable.ForSpacing(spacing);
        if (teeth != table.Teeth)
        {
            var b = new ExtendedPoint();
            Ed25519BaseTable.SetBasePoint(b);
            table = FixedBaseTable.Build(b, teeth, spacing, curve)!;
        }

        var digits = new int[table.DigitCount];
        var m = new uint[FixedBaseTable.RecodedWords];
        var scalar = new uint[8];
        var result = new ExtendedPoint();
        var encoded = new byte[32];
        var baseEncoding = Convert.FromHexString("5866666666666666666666666666666666666666666666666666666666666666");
        var minusBase = (byte[])baseEncoding.Clone();
        minusBase[31] |= 0x80;
        var cases = new List<(BigInteger Scalar, byte[] Expected)>
        {
            (0, Bytes32(1)),
            (1, baseEncoding),
            (L - 1, minusBase),
            (2, EdwardsReference.Encode(EdwardsReference.Add(EdwardsReference.B, EdwardsReference.B))),
        };
        for (int i = 0; i < 20; i++)
        {
            var seed = new byte[32];
            random.NextBytes(seed);
            var pk = new byte[32];
            BcEd25519.GeneratePublicKey(seed, 0, pk, 0);
            cases.Add((EdwardsReference.SecretScalar(seed) % L, pk));
        }

        foreach (var (s, expected) in cases)
        {
            Scalar25519.FromBytes(Bytes32(s), 0, scalar);
            table.RecodeScalar(scalar, m, digits);
            FixedBaseTable.MultiplyJoint(table, digits, null, null, false, false, result, curve);
            curve.Encode(result, encoded, 0);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(encoded));
        }

        // [L]B through the exact (unreduced) recoding is the identity.
        table.RecodeOrder(m, digits);
        FixedBaseTable.MultiplyJoint(table, digits, null, null, false, false, result, curve);
        Assert.True(curve.IsIdentity(result));
    }
}
