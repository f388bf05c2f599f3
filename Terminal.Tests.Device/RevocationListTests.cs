using nanoFramework.TestFramework;
using Terminal.Core.Crypto;
using Terminal.Core.Revocation;
using Terminal.Core.Time;
using Terminal.Tests.Device.Support;

namespace Terminal.Tests.Device
{
    /// <summary>Lookups and the signature check of <see cref="EmbeddedList"/> (expected values printed by the host tool that built it).</summary>
    [TestClass]
    public class RevocationListTests
    {
        [TestMethod]
        public void Embedded_list_opens_with_the_header_it_was_built_with()
        {
            RevocationList list = Open();
            Assert.AreEqual((long)EmbeddedList.KeyId, (long)list.Header.KeyId, "key id");
            Assert.AreEqual((long)EmbeddedList.Sequence, (long)list.Header.Sequence, "sequence");
            Assert.AreEqual((long)EmbeddedList.EntryCount, (long)list.Header.EntryCount, "entries");
            Assert.AreEqual(3L, (long)list.Header.DataBlockCount, "data blocks");
        }

        [TestMethod]
        public void Listed_keys_come_back_with_their_reason_and_date()
        {
            RevocationList list = Open();
            AssertListed(list, 6721600000343UL, RevocationReason.ReplacedGeneration, 20089);
            AssertListed(list, 6721600453397UL, RevocationReason.ObtainedWithFalseMaterials, 20188);
            AssertListed(list, 6721600999131UL, RevocationReason.NotRenewedAfterSuspension, 20288);
        }

        [TestMethod]
        public void Keys_below_between_and_above_the_entries_are_not_listed()
        {
            RevocationList list = Open();
            Assert.IsFalse(list.Lookup(6721599999999UL).IsListed, "below the first entry");
            Assert.IsFalse(list.Lookup(6721600000344UL).IsListed, "right after the first entry");
            Assert.IsFalse(list.Lookup(6721600999132UL).IsListed, "after the last entry");
        }

        [TestMethod]
        public void A_lookup_reads_at_most_two_blocks()
        {
            RevocationList list = Open();
            long before = list.BlockReads;
            list.Lookup(6721600453397UL);
            Assert.IsTrue(list.BlockReads - before <= 2, "block reads per lookup");
        }

        [TestMethod]
        public void Signature_verifies_with_the_list_signer_key_and_not_after_tampering()
        {
            KeyRing keys = new KeyRing();
            keys.Add(new TrustedKey(EmbeddedList.KeyId, KeyUsage.ListSigner, Hex.Decode(EmbeddedList.ListSignerPublicKey),
                CivilDate.FromYmd(2020, 1, 1).DayNumber, CivilDate.FromYmd(2099, 12, 31).DayNumber));
            RevocationListHeader header;
            Assert.AreEqual((int)RevocationError.None,
                (int)RevocationVerifier.VerifyList(new ArrayStoredFile(EmbeddedList.Bytes), keys, new Ed25519Verifier(), out header), "signed list verifies");

            byte[] tampered = (byte[])EmbeddedList.Bytes.Clone();
            tampered[1200] ^= 0x04;
            Assert.IsTrue(RevocationVerifier.VerifyList(new ArrayStoredFile(tampered), keys, new Ed25519Verifier(), out header) != RevocationError.None,
                "one flipped bit in a data block is refused");
        }

        private static RevocationList Open()
        {
            RevocationList list;
            Assert.AreEqual((int)RevocationError.None, (int)RevocationList.Open(new ArrayStoredFile(EmbeddedList.Bytes), out list), "list opens");
            return list;
        }

        private static void AssertListed(RevocationList list, ulong cardKey, RevocationReason reason, int effectiveDay)
        {
            RevocationLookupResult result = list.Lookup(cardKey);
            Assert.IsTrue(result.IsListed, "listed");
            Assert.AreEqual((int)reason, (int)result.Reason, "reason");
            Assert.AreEqual(effectiveDay, result.EffectiveDate.DayNumber, "effective date");
        }
    }
}
