using nanoFramework.TestFramework;
using Terminal.Core.Crypto;
using Terminal.Tests.Device.Support;

namespace Terminal.Tests.Device
{
    /// <summary>
    /// The portable SHA-512 and Ed25519 on the board's interpreter: FIPS 180-2 digests and RFC 8032 section 7.1 tests 1-3
    /// (the host suite cross-checks the same code against BouncyCastle; here the device's integer arithmetic is on trial).
    /// </summary>
    [TestClass]
    public class CryptoVectorTests
    {
        [TestMethod]
        public void Sha512_of_abc_is_the_FIPS_180_2_digest()
        {
            Assert.AreEqual(
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
                Digest(new byte[] { 0x61, 0x62, 0x63 }));
        }

        [TestMethod]
        public void Sha512_of_the_empty_message()
        {
            Assert.AreEqual(
                "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
                Digest(new byte[0]));
        }

        [TestMethod]
        public void Sha512_of_the_two_block_FIPS_message_fed_in_odd_pieces()
        {
            byte[] message = Hex.Ascii(
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu");
            Sha512 sha = new Sha512();
            int offset = 0;
            for (int piece = 1; offset < message.Length; piece += 7)
            {
                int count = piece < message.Length - offset ? piece : message.Length - offset;
                sha.Update(message, offset, count);
                offset += count;
            }

            byte[] digest = new byte[Sha512.HashSize];
            sha.Final(digest, 0);
            Assert.AreEqual(
                "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909",
                Hex.Encode(digest, 0, digest.Length));
        }

        [TestMethod]
        public void Rfc8032_test_1_empty_message_verifies()
        {
            AssertVector("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        }

        [TestMethod]
        public void Rfc8032_test_2_one_byte_message_verifies()
        {
            AssertVector("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
        }

        [TestMethod]
        public void Rfc8032_test_3_two_byte_message_verifies()
        {
            AssertVector("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
                "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a");
        }

        private static string Digest(byte[] message)
        {
            Sha512 sha = new Sha512();
            sha.Update(message, 0, message.Length);
            byte[] digest = new byte[Sha512.HashSize];
            sha.Final(digest, 0);
            return Hex.Encode(digest, 0, digest.Length);
        }

        /// <summary>The vector verifies, and the same signature with one flipped bit of the message or of S does not.</summary>
        private static void AssertVector(string publicKeyHex, string messageHex, string signatureHex)
        {
            Ed25519PublicKey key = Ed25519PublicKey.Create(Hex.Decode(publicKeyHex), 0);
            Assert.IsTrue(key.IsValid, "public key decodes");
            byte[] message = Hex.Decode(messageHex);
            byte[] signature = Hex.Decode(signatureHex);
            Ed25519Verifier verifier = new Ed25519Verifier();
            Assert.IsTrue(verifier.Verify(key, signature, 0, message, 0, message.Length), "RFC 8032 signature verifies");

            signature[40] ^= 0x01;
            Assert.IsFalse(verifier.Verify(key, signature, 0, message, 0, message.Length), "a flipped bit of S is refused");
            signature[40] ^= 0x01;
            if (message.Length > 0)
            {
                message[0] ^= 0x80;
                Assert.IsFalse(verifier.Verify(key, signature, 0, message, 0, message.Length), "a flipped bit of the message is refused");
            }
        }
    }
}
