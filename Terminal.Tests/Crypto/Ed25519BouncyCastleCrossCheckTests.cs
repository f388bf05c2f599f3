using System.Numerics;
using Terminal.Core.Crypto;
using Xunit.Abstractions;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;
using static Terminal.Tests.Crypto.FieldReference;

namespace Terminal.Tests.Crypto;

/// <summary>
/// The verifier against BouncyCastle's Ed25519.Verify on random keys and messages, valid and corrupted in every way
/// the edge-case list names, plus signatures only the cofactored equation accepts (R with a torsion component). On
/// all of these the two must agree exactly. (The one designed difference, keys with a torsion component, is in
/// Ed25519EdgeCaseTests.)
/// </summary>
[Collection(Terminal.Tests.Support.WorkCounterCollection.Name)]
public sealed class Ed25519BouncyCastleCrossCheckTests(ITestOutputHelper output)
{
    private const int Cases = 10_000;
    private const int KeyPool = 256;

    private enum Variant
    {
        Valid,
        ValidLongMessage,
        FlipBitInR,
        FlipBitInS,
        FlipBitInMessage,
        FlipBitInKey,
        SPlusL,
        SmallOrderR,
        SmallOrderKey,
        NonCanonicalR,
        NonCanonicalKey,
        TorsionR,
        SmallOrderRSigned,
    }

    [Fact]
    public void Agrees_with_BouncyCastle_on_10000_random_valid_and_corrupted_signatures()
    {
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var random = new Random(30);
        var smallOrder = Enumerable.Range(0, 8).Select(i => EdwardsReference.Encode(EdwardsReference.Multiply(i, EdwardsReference.Torsion8))).ToArray();

        var seeds = new byte[KeyPool][];
        var scalars = new BigInteger[KeyPool];
        var publicKeys = new byte[KeyPool][];
        var provisioned = new Ed25519PublicKey[KeyPool];
        for (int k = 0; k < KeyPool; k++)
        {
            seeds[k] = new byte[32];
            random.NextBytes(seeds[k]);
            scalars[k] = EdwardsReference.SecretScalar(seeds[k]);
            publicKeys[k] = new byte[32];
            BcEd25519.GeneratePublicKey(seeds[k], 0, publicKeys[k], 0);
            provisioned[k] = Ed25519PublicKey.Create(publicKeys[k], 0);
            Assert.True(provisioned[k].IsValid);
        }

        var verifier = new Ed25519Verifier(provisioned);
        var variants = Enum.GetValues<Variant>();
        var accepted = new int[variants.Length];
        var total = new int[variants.Length];
        for (int i = 0; i < Cases; i++)
        {
            var variant = variants[i % variants.Length];
            int k = random.Next(KeyPool);
            var pk = (byte[])publicKeys[k].Clone();
            var message = new byte[variant == Variant.ValidLongMessage ? random.Next(129, 1200) : random.Next(0, 130)];
            random.NextBytes(message);
            var sig = new byte[64];
            BcEd25519.Sign(seeds[k], 0, publicKeys[k], 0, message, 0, message.Length, sig, 0);

            switch (variant)
            {
                case Variant.FlipBitInR:
                    sig[random.Next(32)] ^= (byte)(1 << random.Next(8));
                    break;
                case Variant.FlipBitInS:
                    sig[32 + random.Next(32)] ^= (byte)(1 << random.Next(8));
                    break;
                case Variant.FlipBitInMessage:
                    if (message.Length == 0)
                    {
                        message = [(byte)random.Next(256)];
                    }
                    else
                    {
                        message[random.Next(message.Length)] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case Variant.FlipBitInKey:
                    pk[random.Next(32)] ^= (byte)(1 << random.Next(8));
                    break;
                case Variant.SPlusL:
                    Array.Copy(Bytes32(FromBytes(sig, 32) + L), 0, sig, 32, 32);
                    break;
                case Variant.SmallOrderR:
                    Array.Copy(WithRandomSign(smallOrder[random.Next(8)], random), 0, sig, 0, 32);
                    break;
                case Variant.SmallOrderKey:
                    pk = WithRandomSign(smallOrder[random.Next(8)], random);
                    break;
                case Variant.NonCanonicalR:
                    Array.Copy(NonCanonicalY(random), 0, sig, 0, 32);
                    break;
                case Variant.NonCanonicalKey:
                    pk = NonCanonicalY(random);
                    break;
                case Variant.TorsionR:
                {
                    // R = [r]B + T, S = r + k a: valid only under the cofactored equation (which both check).
                    var nonceSeed = new byte[32];
                    random.NextBytes(nonceSeed);
                    var nonce = new byte[32];
                    BcEd25519.GeneratePublicKey(nonceSeed, 0, nonce, 0);
                    var rPoint = EdwardsReference.Add(EdwardsReference.Decode(nonce)!.Value, EdwardsReference.Multiply(1 + random.Next(7), EdwardsReference.Torsion8));
                    sig = EdwardsReference.SignWithR(EdwardsReference.Encode(rPoint), EdwardsReference.SecretScalar(nonceSeed), scalars[k], pk, message);
                    break;
                }

                case Variant.SmallOrderRSigned:
                    // R of small order, S = k a: [8]([S]B - [k]A - R) = O.
                    sig = EdwardsReference.SignWithR(smallOrder[random.Next(8)], 0, scalars[k], pk, message);
                    break;
            }

            bool expected = BcEd25519.Verify(sig, 0, pk, 0, message, 0, message.Length);

            verifier.Begin(pk, 0, sig, 0);
            for (int off = 0; off < message.Length;)
            {
                int chunk = Math.Min(message.Length - off, 1 + random.Next(200));
                verifier.Update(message, off, chunk);
                off += chunk;
            }

            bool actual = verifier.End();
            Assert.True(expected == actual,
                $"case {i} ({variant}): BouncyCastle {expected}, ours {actual} ({verifier.LastResult}); pk {Convert.ToHexString(pk)} sig {Convert.ToHexString(sig)} msg {Convert.ToHexString(message)}");
            total[(int)variant]++;
            accepted[(int)variant] += actual ? 1 : 0;
        }

        output.WriteLine($"{Cases} cases over {KeyPool} provisioned keys: {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s of CPU");
        for (int v = 0; v < variants.Length; v++)
        {
            output.WriteLine($"{variants[v]}: {accepted[v]} of {total[v]} accepted by both");
        }

        foreach (var v in new[] { Variant.Valid, Variant.ValidLongMessage, Variant.TorsionR, Variant.SmallOrderRSigned })
        {
            Assert.Equal(total[(int)v], accepted[(int)v]);
        }

        for (int v = (int)Variant.FlipBitInR; v <= (int)Variant.NonCanonicalKey; v++)
        {
            Assert.Equal(0, accepted[v]);
        }
    }

    [Fact]
    public void Key_validation_agrees_with_BouncyCastle_ValidatePublicKeyFull_on_random_and_special_encodings()
    {
        var random = new Random(31);
        var candidates = new List<byte[]>();
        for (int i = 0; i < 300; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            candidates.Add(bytes);
        }

        for (int i = 0; i < 8; i++)
        {
            var t = EdwardsReference.Encode(EdwardsReference.Multiply(i, EdwardsReference.Torsion8));
            candidates.Add(t);
            var flipped = (byte[])t.Clone();
            flipped[31] ^= 0x80;
            candidates.Add(flipped);
        }

        for (int k = 0; k < 19; k++)
        {
            candidates.Add(Bytes32(P + k));
            var signed = Bytes32(P + k);
            signed[31] |= 0x80;
            candidates.Add(signed);
        }

        int valid = 0;
        var statuses = new Dictionary<Ed25519KeyStatus, int>();
        foreach (var pk in candidates)
        {
            var key = Ed25519PublicKey.Create(pk, 0);
            Assert.True(BcEd25519.ValidatePublicKeyFull(pk, 0) == key.IsValid, Convert.ToHexString(pk) + " " + key.Status);
            valid += key.IsValid ? 1 : 0;
            statuses[key.Status] = statuses.GetValueOrDefault(key.Status) + 1;
        }

        output.WriteLine(string.Join(", ", statuses.Select(kv => kv.Key + " " + kv.Value)));
        Assert.True(valid > 0);
        Assert.True(statuses.GetValueOrDefault(Ed25519KeyStatus.NotPrimeOrder) > 0);
        Assert.True(statuses.GetValueOrDefault(Ed25519KeyStatus.NotOnCurve) > 0);
        Assert.True(statuses.GetValueOrDefault(Ed25519KeyStatus.SmallOrder) > 0);
        Assert.True(statuses.GetValueOrDefault(Ed25519KeyStatus.NonCanonical) > 0);
    }

    private static byte[] WithRandomSign(byte[] encoded, Random random)
    {
        var copy = (byte[])encoded.Clone();
        if (random.Next(2) == 0)
        {
            copy[31] ^= 0x80;
        }

        return copy;
    }

    /// <summary>y = p + k (k in 0..18, a second encoding of y = k) with a random sign bit.</summary>
    private static byte[] NonCanonicalY(Random random)
    {
        var bytes = Bytes32(P + random.Next(19));
        if (random.Next(2) == 0)
        {
            bytes[31] |= 0x80;
        }

        return bytes;
    }
}
