using Terminal.Core.Crypto;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Terminal.Tests.Crypto;

[Collection(Terminal.Tests.Support.WorkCounterCollection.Name)]
public sealed class Ed25519Rfc8032Tests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var v in Rfc8032Vectors.All)
        {
            data.Add(v.Name);
        }

        return data;
    }

    private static Rfc8032Vectors.Vector Get(string name) => Rfc8032Vectors.All.Single(v => v.Name == name);

    [Theory]
    [MemberData(nameof(Names))]
    public void The_vector_is_consistent_according_to_BouncyCastle(string name)
    {
        // Guards the transcription of the hex: BouncyCastle derives the same public key and signature.
        var v = Get(name);
        var pk = new byte[32];
        BcEd25519.GeneratePublicKey(Convert.FromHexString(v.SecretKey), 0, pk, 0);
        Assert.Equal(v.PublicKey, Convert.ToHexStringLower(pk));
        var message = Convert.FromHexString(v.Message);
        var sig = new byte[64];
        BcEd25519.Sign(Convert.FromHexString(v.SecretKey), 0, message, 0, message.Length, sig, 0);
        Assert.Equal(v.Signature, Convert.ToHexStringLower(sig));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_vector_verifies_in_one_piece_and_streamed(string name)
    {
        var v = Get(name);
        var pk = Convert.FromHexString(v.PublicKey);
        var message = Convert.FromHexString(v.Message);
        var sig = Convert.FromHexString(v.Signature);

        var key = Ed25519PublicKey.Create(pk, 0);
        Assert.Equal(Ed25519KeyStatus.Valid, key.Status);
        var verifier = new Ed25519Verifier();
        Assert.True(verifier.Verify(key, sig, 0, message, 0, message.Length));
        Assert.Equal(Ed25519VerifyResult.Valid, verifier.LastResult);

        // Raw-key path, message in 7-byte chunks.
        verifier.Begin(pk, 0, sig, 0);
        for (int off = 0; off < message.Length; off += 7)
        {
            verifier.Update(message, off, Math.Min(7, message.Length - off));
        }

        Assert.True(verifier.End());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Any_flipped_bit_in_R_S_the_message_or_the_key_is_rejected(string name)
    {
        var v = Get(name);
        var pk = Convert.FromHexString(v.PublicKey);
        var message = Convert.FromHexString(v.Message);
        var sig = Convert.FromHexString(v.Signature);
        var verifier = new Ed25519Verifier();
        var key = Ed25519PublicKey.Create(pk, 0);

        for (int bit = 0; bit < 512; bit += 5)
        {
            var bad = (byte[])sig.Clone();
            bad[bit >> 3] ^= (byte)(1 << (bit & 7));
            Assert.False(verifier.Verify(key, bad, 0, message, 0, message.Length));
        }

        if (message.Length > 0)
        {
            var bad = (byte[])message.Clone();
            bad[message.Length / 2] ^= 0x10;
            Assert.False(verifier.Verify(key, sig, 0, bad, 0, bad.Length));
        }

        for (int bit = 0; bit < 256; bit += 37)
        {
            var badKey = (byte[])pk.Clone();
            badKey[bit >> 3] ^= (byte)(1 << (bit & 7));
            verifier.Begin(badKey, 0, sig, 0);
            verifier.Update(message, 0, message.Length);
            Assert.False(verifier.End());
        }
    }
}
