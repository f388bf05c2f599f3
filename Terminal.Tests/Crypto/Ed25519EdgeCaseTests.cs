using System.Numerics;
using Terminal.Core.Crypto;
using Xunit.Abstractions;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;
using static Terminal.Tests.Crypto.EdwardsReference;
using static Terminal.Tests.Crypto.FieldReference;

namespace Terminal.Tests.Crypto;

/// <summary>
/// The edge cases of RFC 8032 verification one by one, each against BouncyCastle 2.7.0. Where RFC 8032 leaves a
/// choice (5.1.7: "Check the group equation [8][S]B = [8]R + [8][k]A'. It's sufficient, but not required, to
/// instead check [S]B = R + [k]A'") this verifier checks the cofactored equation, as BouncyCastle does; where it
/// goes beyond BouncyCastle's Verify (keys must have prime order) the test says so.
/// </summary>
[Collection(Terminal.Tests.Support.WorkCounterCollection.Name)]
public sealed class Ed25519EdgeCaseTests(ITestOutputHelper output)
{
    private sealed record Signer(byte[] Seed, BigInteger A, byte[] PublicKey, Ed25519PublicKey Key);

    private static Signer NewSigner(Random random)
    {
        var seed = new byte[32];
        random.NextBytes(seed);
        var pk = new byte[32];
        BcEd25519.GeneratePublicKey(seed, 0, pk, 0);
        return new Signer(seed, SecretScalar(seed), pk, Ed25519PublicKey.Create(pk, 0));
    }

    /// <summary>A nonce r and its point [r]B, from BouncyCastle's key derivation (so no slow reference multiply).</summary>
    private static (BigInteger R, (BigInteger X, BigInteger Y) Point) NewNonce(Random random)
    {
        var seed = new byte[32];
        random.NextBytes(seed);
        var encoded = new byte[32];
        BcEd25519.GeneratePublicKey(seed, 0, encoded, 0);
        return (SecretScalar(seed) % L, Decode(encoded)!.Value);
    }

    private static bool Ours(Ed25519PublicKey key, byte[] sig, byte[] message) =>
        new Ed25519Verifier().Verify(key, sig, 0, message, 0, message.Length);

    private static bool OursRaw(byte[] pk, byte[] sig, byte[] message)
    {
        var verifier = new Ed25519Verifier();
        verifier.Begin(pk, 0, sig, 0);
        verifier.Update(message, 0, message.Length);
        return verifier.End();
    }

    private static bool Bc(byte[] pk, byte[] sig, byte[] message) => BcEd25519.Verify(sig, 0, pk, 0, message, 0, message.Length);

    [Fact]
    public void Non_canonical_S_is_rejected_as_by_BouncyCastle()
    {
        var random = new Random(40);
        var signer = NewSigner(random);
        var message = "card record"u8.ToArray();
        var sig = new byte[64];
        BcEd25519.Sign(signer.Seed, 0, message, 0, message.Length, sig, 0);
        Assert.True(Ours(signer.Key, sig, message));

        var s = FromBytes(sig, 32);
        foreach (var bad in new[] { s + L, s + 2 * L, s + 15 * L, L, BigInteger.Pow(2, 256) - 1 })
        {
            var forged = (byte[])sig.Clone();
            Array.Copy(Bytes32(bad), 0, forged, 32, 32);
            var verifier = new Ed25519Verifier();
            Assert.False(verifier.Verify(signer.Key, forged, 0, message, 0, message.Length));
            Assert.Equal(Ed25519VerifyResult.NonCanonicalS, verifier.LastResult);
            Assert.False(Bc(signer.PublicKey, forged, message));
        }
    }

    [Fact]
    public void Small_order_keys_are_refused_even_when_the_equation_holds_as_by_BouncyCastle()
    {
        // With A of small order n, [S]B = R + [k]A holds for R = [S]B whenever n divides k: a forgery for any message.
        var random = new Random(41);
        int equationHeld = 0;
        for (int i = 0; i < 8; i++)
        {
            var a = Multiply(i, Torsion8);
            foreach (var pk in new[] { Encode(a), FlipSign(Encode(a)) })
            {
                var key = Ed25519PublicKey.Create(pk, 0);
                Assert.False(key.IsValid);
                Assert.Contains(key.Status, new[] { Ed25519KeyStatus.SmallOrder, Ed25519KeyStatus.NonCanonical });
                Assert.False(BcEd25519.ValidatePublicKeyFull(pk, 0));

                for (int m = 0; m < 4; m++)
                {
                    var message = new byte[] { (byte)i, (byte)m };
                    var (r, rPoint) = NewNonce(random);
                    var rBytes = Encode(rPoint);
                    var k = Challenge(rBytes, pk, message);
                    equationHeld += Decode(pk) is { } decoded && Multiply(k, decoded) == Identity ? 1 : 0;
                    byte[] sig = [.. rBytes, .. Bytes32(r)];
                    Assert.False(OursRaw(pk, sig, message));
                    Assert.False(Bc(pk, sig, message));
                }
            }
        }

        Assert.True(equationHeld > 0, "no forgery attempt satisfied the equation, so the test proved nothing");
    }

    [Fact]
    public void R_equal_to_the_identity_is_accepted_when_the_equation_holds_as_by_BouncyCastle()
    {
        // r = 0: R = (0, 1), S = k a. [S]B - [k]A = O = R, valid under either equation.
        var random = new Random(42);
        var signer = NewSigner(random);
        var message = "identity R"u8.ToArray();
        var sig = SignWithR(Encode(Identity), 0, signer.A, signer.PublicKey, message);
        Assert.True(Ours(signer.Key, sig, message));
        Assert.True(Bc(signer.PublicKey, sig, message));

        // The same point with the sign bit set is a non-canonical encoding (x = 0): refused by both.
        var signedIdentity = FlipSign(Encode(Identity));
        sig = SignWithR(signedIdentity, 0, signer.A, signer.PublicKey, message);
        Assert.False(Ours(signer.Key, sig, message));
        Assert.False(Bc(signer.PublicKey, sig, message));

        // y = p + 1, the other encoding of the identity's y: refused by both.
        var wideIdentity = Bytes32(P + 1);
        sig = SignWithR(wideIdentity, 0, signer.A, signer.PublicKey, message);
        Assert.False(Ours(signer.Key, sig, message));
        Assert.False(Bc(signer.PublicKey, sig, message));
    }

    [Fact]
    public void R_with_a_torsion_component_is_accepted_by_the_cofactored_equation_as_by_BouncyCastle()
    {
        // R = [r]B + T with T of order 2, 4 or 8 and S = r + k a: [8][S]B = [8]R + [8][k]A holds, [S]B = R + [k]A
        // does not. Decision: the cofactored equation RFC 8032 5.1.7 states (BouncyCastle 2.7.0 checks it too), so
        // these verify. A cofactorless verifier (ref10, libsodium) would reject them; honest signers never make them.
        var random = new Random(43);
        var signer = NewSigner(random);
        for (int i = 0; i < 40; i++)
        {
            var torsion = Multiply(1 + i % 7, Torsion8);
            var (r, rPoint) = i < 33 ? NewNonce(random) : (BigInteger.Zero, Identity); // the last: R of small order
            var rBytes = Encode(Add(rPoint, torsion));
            var message = BitConverter.GetBytes(i);
            var sig = SignWithR(rBytes, r, signer.A, signer.PublicKey, message);
            Assert.True(Ours(signer.Key, sig, message), "case " + i);
            Assert.True(Bc(signer.PublicKey, sig, message), "case " + i);

            // With the torsion on the wrong side (R' = [r]B - T signed as if it were R) both reject.
            var wrong = (byte[])sig.Clone();
            Array.Copy(Encode(Add(rPoint, Negate(torsion))), wrong, 32);
            bool sameEncoding = wrong.AsSpan(0, 32).SequenceEqual(rBytes);
            Assert.Equal(sameEncoding, Ours(signer.Key, wrong, message));
            Assert.Equal(sameEncoding, Bc(signer.PublicKey, wrong, message));
        }
    }

    [Fact]
    public void Keys_with_a_torsion_component_are_refused_where_BouncyCastle_Verify_accepts_them()
    {
        // A = aB + T: refused at key creation (NotPrimeOrder), as by BouncyCastle's ValidatePublicKeyFull. Decision:
        // a provisioned issuer key with a torsion component is a broken or hostile key, so it is refused loudly at
        // provisioning. BouncyCastle's Verify itself only refuses the eight small-order keys, and with its
        // cofactored equation accepts every signature made with a under such a key: the one documented difference.
        var random = new Random(44);
        int bcAccepted = 0, cases = 0;
        for (int i = 0; i < 12; i++)
        {
            var signer = NewSigner(random);
            var torsion = Multiply(1 + i % 7, Torsion8);
            var pk = Encode(Add(Decode(signer.PublicKey)!.Value, torsion));
            var key = Ed25519PublicKey.Create(pk, 0);
            Assert.Equal(Ed25519KeyStatus.NotPrimeOrder, key.Status);
            Assert.False(BcEd25519.ValidatePublicKeyFull(pk, 0));
            Assert.True(BcEd25519.ValidatePublicKeyPartial(pk, 0));

            for (int m = 0; m < 4; m++)
            {
                var message = new byte[] { (byte)i, (byte)m };
                var (r, rPoint) = NewNonce(random);
                var sig = SignWithR(Encode(rPoint), r, signer.A, pk, message);
                var verifier = new Ed25519Verifier();
                Assert.False(verifier.Verify(key, sig, 0, message, 0, message.Length));
                Assert.Equal(Ed25519VerifyResult.InvalidKey, verifier.LastResult);
                Assert.False(OursRaw(pk, sig, message));
                bcAccepted += Bc(pk, sig, message) ? 1 : 0;
                cases++;
            }
        }

        output.WriteLine($"BouncyCastle accepted {bcAccepted} of {cases} signatures under keys with torsion; this verifier none");
        Assert.Equal(cases, bcAccepted);
    }

    [Fact]
    public void Non_canonical_y_in_R_or_the_key_is_rejected_as_by_BouncyCastle()
    {
        var random = new Random(45);
        var signer = NewSigner(random);
        var message = "y >= p"u8.ToArray();
        for (int k = 0; k < 19; k++)
        {
            foreach (var sign in new[] { false, true })
            {
                var encoding = Bytes32(P + k);
                if (sign)
                {
                    encoding[31] |= 0x80;
                }

                // As R with S = k a (what would verify if the decoder reduced y mod p and this y = k were the identity).
                var sig = SignWithR(encoding, 0, signer.A, signer.PublicKey, message);
                Assert.False(Ours(signer.Key, sig, message));
                Assert.False(Bc(signer.PublicKey, sig, message));

                var key = Ed25519PublicKey.Create(encoding, 0);
                Assert.Equal(Ed25519KeyStatus.NonCanonical, key.Status);
                Assert.False(OursRaw(encoding, sig, message));
                Assert.False(Bc(encoding, sig, message));
            }
        }
    }

    [Fact]
    public void Bad_arguments_never_throw_and_never_verify()
    {
        var random = new Random(46);
        var signer = NewSigner(random);
        var message = new byte[10];
        var sig = new byte[64];
        BcEd25519.Sign(signer.Seed, 0, message, 0, message.Length, sig, 0);
        var verifier = new Ed25519Verifier();

        Assert.False(verifier.End());
        Assert.Equal(Ed25519VerifyResult.NotStarted, verifier.LastResult);
        verifier.Update(message, 0, 10);
        Assert.False(verifier.End());

        void Expect(Ed25519VerifyResult result, Action act)
        {
            act();
            Assert.False(verifier.End());
            Assert.Equal(result, verifier.LastResult);
        }

        Expect(Ed25519VerifyResult.InvalidArguments, () => verifier.Begin((byte[])null!, 0, sig, 0));
        Expect(Ed25519VerifyResult.InvalidArguments, () => verifier.Begin(new byte[31], 0, sig, 0));
        Expect(Ed25519VerifyResult.InvalidArguments, () => verifier.Begin(signer.PublicKey, -1, sig, 0));
        Expect(Ed25519VerifyResult.InvalidArguments, () => verifier.Begin(signer.PublicKey, 1, sig, 0));
        Expect(Ed25519VerifyResult.InvalidArguments, () => verifier.Begin(signer.PublicKey, 0, null!, 0));
        Expect(Ed25519VerifyResult.InvalidArguments, () => verifier.Begin(signer.PublicKey, 0, sig, 1));
        Expect(Ed25519VerifyResult.InvalidArguments, () => verifier.Begin(signer.PublicKey, 0, new byte[63], 0));
        Expect(Ed25519VerifyResult.InvalidArguments, () => verifier.Begin((Ed25519PublicKey)null!, sig, 0));
        Expect(Ed25519VerifyResult.InvalidArguments, () => { verifier.Begin(signer.Key, sig, 0); verifier.Update(null!, 0, 0); });
        Expect(Ed25519VerifyResult.InvalidArguments, () => { verifier.Begin(signer.Key, sig, 0); verifier.Update(message, 5, 6); });
        Expect(Ed25519VerifyResult.InvalidArguments, () => { verifier.Begin(signer.Key, sig, 0); verifier.Update(message, -1, 2); });
        Expect(Ed25519VerifyResult.InvalidArguments, () => { verifier.Begin(signer.Key, sig, 0); verifier.Update(message, 0, -1); });
        Expect(Ed25519VerifyResult.InvalidArguments, () => { verifier.Begin(signer.Key, sig, 0); verifier.Update(message, 0, 10); verifier.Update(message, int.MaxValue, 1); });
        Expect(Ed25519VerifyResult.InvalidKey, () => verifier.Begin(Ed25519PublicKey.Create(new byte[32], 0), sig, 0));
        Expect(Ed25519VerifyResult.InvalidKey, () => verifier.Begin(Ed25519PublicKey.Create(null!, 0), sig, 0));

        // Still usable, and End after End is false.
        Assert.True(verifier.Verify(signer.Key, sig, 0, message, 0, message.Length));
        Assert.False(verifier.End());

        // A verifier restricted to its provisioned keys refuses any other raw key without expanding it.
        var strict = new Ed25519Verifier([signer.Key], false);
        var other = NewSigner(random);
        var otherSig = new byte[64];
        BcEd25519.Sign(other.Seed, 0, message, 0, message.Length, otherSig, 0);
        long before = Ed25519.FieldMultiplications;
        strict.Begin(other.PublicKey, 0, otherSig, 0);
        strict.Update(message, 0, message.Length);
        Assert.False(strict.End());
        Assert.Equal(Ed25519VerifyResult.UnknownKey, strict.LastResult);
        Assert.Equal(0, Ed25519.FieldMultiplications - before);
        strict.Begin(signer.PublicKey, 0, sig, 0);
        strict.Update(message, 0, message.Length);
        Assert.True(strict.End());
        Assert.True(new Ed25519Verifier().Verify(other.Key, otherSig, 0, message, 0, message.Length));

        Assert.Equal(Ed25519KeyStatus.InvalidArguments, Ed25519PublicKey.Create(new byte[40], 9).Status);
        Assert.Equal(Ed25519KeyStatus.InvalidTableShape, Ed25519PublicKey.Create(signer.PublicKey, 0, 9, 32).Status);
        Assert.Equal(Ed25519KeyStatus.InvalidTableShape, Ed25519PublicKey.Create(signer.PublicKey, 0, 4, 0).Status);
        Assert.False(signer.Key.Matches(null!, 0));
        Assert.False(signer.Key.Matches(signer.PublicKey, 1));
    }

    [Fact]
    public void Verification_allocates_nothing_and_costs_at_most_968_field_multiplications()
    {
        var random = new Random(47);
        var signer = NewSigner(random);
        var verifier = new Ed25519Verifier([signer.Key]);
        var message = new byte[300];
        random.NextBytes(message);
        var sig = new byte[64];
        BcEd25519.Sign(signer.Seed, 0, message, 0, message.Length, sig, 0);
        Assert.True(verifier.Verify(signer.Key, sig, 0, message, 0, message.Length));

        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long mults = Ed25519.FieldMultiplications;
        bool first = verifier.Verify(signer.Key, sig, 0, message, 0, message.Length);
        long used = Ed25519.FieldMultiplications - mults;
        verifier.Begin(signer.PublicKey, 0, sig, 0); // raw bytes of a provisioned key: found, not rebuilt
        verifier.Update(message, 0, 100);
        verifier.Update(message, 100, 200);
        bool streamed = verifier.End();
        sig[5] ^= 1;
        bool corrupted = verifier.Verify(signer.Key, sig, 0, message, 0, message.Length);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.True(first);
        Assert.True(streamed);
        Assert.False(corrupted);
        Assert.Equal(0, allocated);

        // Decode R 275 (+1 when x needs the square root of -1) + 32 columns x two additions (7 + 6) + 31 doublings
        // x 8 + T after the last addition 1 + subtract R 6 + three doublings 7 each.
        Assert.InRange(used, 967, 968);
    }

    [Theory]
    [InlineData(8, 32)]
    [InlineData(4, 32)]
    [InlineData(2, 32)]
    [InlineData(1, 32)]
    [InlineData(8, 16)]
    [InlineData(6, 22)]
    [InlineData(5, 17)]
    [InlineData(3, 64)]
    public void Every_table_shape_verifies_and_rejects_like_BouncyCastle(int teeth, int spacing)
    {
        var random = new Random(48 + teeth * 100 + spacing);
        foreach (var v in Rfc8032Vectors.All)
        {
            var key = Ed25519PublicKey.Create(Convert.FromHexString(v.PublicKey), 0, teeth, spacing);
            Assert.True(key.IsValid);
            Assert.Equal(spacing, key.Table.Spacing);
            Assert.Equal(spacing, key.BaseTable.Spacing);
            var message = Convert.FromHexString(v.Message);
            Assert.True(Ours(key, Convert.FromHexString(v.Signature), message));
        }

        for (int i = 0; i < 40; i++)
        {
            var seed = new byte[32];
            random.NextBytes(seed);
            var pk = new byte[32];
            BcEd25519.GeneratePublicKey(seed, 0, pk, 0);
            var key = Ed25519PublicKey.Create(pk, 0, teeth, spacing);
            Assert.Equal((FixedBaseTable.CombsFor(teeth, spacing) << (teeth - 1)) * 120, key.TableBytes);
            var message = new byte[random.Next(80)];
            random.NextBytes(message);
            var sig = new byte[64];
            BcEd25519.Sign(seed, 0, pk, 0, message, 0, message.Length, sig, 0);
            if (i % 2 == 1)
            {
                sig[random.Next(64)] ^= (byte)(1 << random.Next(8));
            }

            Assert.Equal(Bc(pk, sig, message), Ours(key, sig, message));
        }
    }

    private static byte[] FlipSign(byte[] encoded)
    {
        var copy = (byte[])encoded.Clone();
        copy[31] ^= 0x80;
        return copy;
    }
}
