using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Host;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Crypto;
using Terminal.Tools.Revocation;

namespace Terminal.Tests.Revocation;

/// <summary>Everything a terminal must refuse: any flipped bit, truncation, extension, replay, wrong base, wrong key.</summary>
public sealed class RevocationTamperTests
{
    private const ulong Universe = 3000;

    private static readonly RevocationEntry[] OldEntries = RevocationFixtures.RandomEntries(new Random(3), 30, Universe);
    private static readonly RevocationEntry[] NewEntries = RevocationFixtures.Churn(new Random(4), OldEntries, 4, 6, 1, Universe);
    private static readonly byte[] OldList = RevocationFixtures.BuildList(OldEntries, RevocationFixtures.Parameters(1, Universe));
    private static readonly byte[] NewList = RevocationFixtures.BuildList(NewEntries, RevocationFixtures.Parameters(2, Universe));
    private static readonly byte[] Delta = RevocationDeltaBuilder.Build(OldList, NewList, RevocationFixtures.ListKeyId, RevocationFixtures.ListSeed);

    [Fact]
    public void Every_single_bit_flip_of_a_list_is_refused()
    {
        var ring = RevocationFixtures.Ring();
        var verifier = new BouncyCastleSignatureVerifier();
        Assert.Equal(RevocationError.None, RevocationVerifier.VerifyList(new MemoryFile(NewList), ring, verifier, out _));
        for (long bit = 0; bit < NewList.Length * 8L; bit++)
        {
            byte[] flipped = (byte[])NewList.Clone();
            flipped[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
            var error = RevocationVerifier.VerifyList(new MemoryFile(flipped), ring, verifier, out _);
            Assert.True(error != RevocationError.None, "flipping bit " + bit + " of " + NewList.Length * 8 + " was accepted");
        }
    }

    [Fact]
    public void Every_single_bit_flip_of_a_delta_is_refused()
    {
        var ring = RevocationFixtures.Ring();
        var verifier = new BouncyCastleSignatureVerifier();
        Assert.Equal(RevocationError.None, RevocationVerifier.VerifyDelta(new MemoryFile(Delta), ring, verifier, out _));
        for (long bit = 0; bit < Delta.Length * 8L; bit++)
        {
            byte[] flipped = (byte[])Delta.Clone();
            flipped[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
            var error = RevocationVerifier.VerifyDelta(new MemoryFile(flipped), ring, verifier, out _);
            Assert.True(error != RevocationError.None, "flipping bit " + bit + " of the delta was accepted");
        }
    }

    [Fact]
    public void Sampled_bit_flips_are_refused_by_the_store_and_leave_the_active_list_in_place()
    {
        var random = new Random(6);
        var flash = StoreHarness.FlashWithActiveList(OldList);
        var store = StoreHarness.NewStore(flash);
        Assert.Equal(RevocationError.None, store.Mount(true));
        foreach (byte[] update in new[] { NewList, Delta })
        {
            for (int i = 0; i < 60; i++)
            {
                byte[] flipped = (byte[])update.Clone();
                long bit = random.NextInt64(update.Length * 8L);
                flipped[bit >> 3] ^= (byte)(1 << (int)(bit & 7));
                Assert.NotEqual(RevocationError.None, StoreHarness.Update(store, flipped));
                Assert.Equal(1UL, store.Status.Sequence);
                StoreHarness.AssertAnswersLike(store, OldEntries, Universe, i);
            }
        }

        Assert.Equal(RevocationError.None, StoreHarness.Update(store, Delta));
        Assert.Equal(2UL, store.Status.Sequence);
    }

    [Fact]
    public void Truncated_and_over_long_files_are_refused()
    {
        var ring = RevocationFixtures.Ring();
        var verifier = new BouncyCastleSignatureVerifier();
        foreach (byte[] file in new[] { NewList, Delta })
        {
            bool isDelta = ListFiles.IsDelta(file);
            for (int length = 0; length < file.Length + 600; length += length < file.Length - 80 && length > 80 ? 7 : 1)
            {
                if (length == file.Length)
                {
                    continue;
                }

                byte[] changed = new byte[length];
                Array.Copy(file, changed, Math.Min(length, file.Length));
                var error = isDelta
                    ? RevocationVerifier.VerifyDelta(new MemoryFile(changed), ring, verifier, out _)
                    : RevocationVerifier.VerifyList(new MemoryFile(changed), ring, verifier, out _);
                Assert.True(error != RevocationError.None, (isDelta ? "delta" : "list") + " of length " + length + " instead of " + file.Length + " was accepted");
            }
        }

        var store = StoreHarness.NewStore(StoreHarness.FlashWithActiveList(OldList));
        Assert.Equal(RevocationError.None, store.Mount(true));
        Assert.Equal(RevocationError.Truncated, StoreHarness.Update(store, NewList[..^1]));
        Assert.Equal(RevocationError.LengthMismatch, StoreHarness.Update(store, [.. NewList, 0]));
        Assert.Equal(1UL, store.Status.Sequence);
    }

    [Fact]
    public void An_older_or_equal_sequence_is_refused_as_a_replay()
    {
        var store = StoreHarness.NewStore(StoreHarness.FlashWithActiveList(NewList));
        Assert.Equal(RevocationError.None, store.Mount(true));
        Assert.Equal(RevocationError.NotNewer, StoreHarness.Update(store, OldList));
        Assert.Equal(RevocationError.NotNewer, StoreHarness.Update(store, NewList));
        byte[] newer = RevocationFixtures.BuildList(NewEntries, RevocationFixtures.Parameters(3, Universe));
        Assert.Equal(RevocationError.None, StoreHarness.Update(store, newer));
        Assert.Equal(3UL, store.Status.Sequence);

        // The floor survives a reboot.
        Assert.Equal(RevocationError.None, store.Mount(false));
        Assert.Equal(RevocationError.NotNewer, StoreHarness.Update(store, NewList));
    }

    [Fact]
    public void A_delta_on_the_wrong_base_is_refused()
    {
        // Same sequence number as the delta's base, different content.
        byte[] impostor = RevocationFixtures.BuildList(OldEntries.Skip(1), RevocationFixtures.Parameters(1, Universe));
        var store = StoreHarness.NewStore(StoreHarness.FlashWithActiveList(impostor));
        Assert.Equal(RevocationError.None, store.Mount(true));
        Assert.Equal(RevocationError.WrongBase, StoreHarness.Update(store, Delta));

        var other = StoreHarness.NewStore(StoreHarness.FlashWithActiveList(NewList));
        Assert.Equal(RevocationError.None, other.Mount(true));
        Assert.Equal(RevocationError.WrongBase, StoreHarness.Update(other, Delta));

        var empty = StoreHarness.NewStore(new SimulatedFlash());
        Assert.Equal(RevocationError.NoList, empty.Mount(true));
        Assert.Equal(RevocationError.WrongBase, StoreHarness.Update(empty, Delta));
    }

    [Fact]
    public void Lists_signed_by_untrusted_wrong_usage_or_expired_keys_are_refused()
    {
        var store = StoreHarness.NewStore(new SimulatedFlash());
        store.Mount(false);
        byte[] cardKeySigned = RevocationFixtures.BuildList(OldEntries, RevocationFixtures.Parameters(1, Universe, keyId: RevocationFixtures.CardKeyId), RevocationFixtures.CardSeed);
        Assert.Equal(RevocationError.WrongKeyUsage, StoreHarness.Update(store, cardKeySigned));
        byte[] unknown = RevocationFixtures.BuildList(OldEntries, RevocationFixtures.Parameters(1, Universe, keyId: 99), RevocationFixtures.Seed(99));
        Assert.Equal(RevocationError.UnknownKey, StoreHarness.Update(store, unknown));
        long afterWindow = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        byte[] expired = RevocationFixtures.BuildList(OldEntries, RevocationFixtures.Parameters(1, Universe, issuedAt: afterWindow));
        Assert.Equal(RevocationError.KeyNotValidOnIssueDate, StoreHarness.Update(store, expired));
        byte[] wrongSigner = RevocationFixtures.BuildList(OldEntries, RevocationFixtures.Parameters(1, Universe), RevocationFixtures.OtherListSeed);
        Assert.Equal(RevocationError.BadSignature, StoreHarness.Update(store, wrongSigner));
        Assert.False(store.Status.HasList);
        Assert.Equal(RevocationError.None, StoreHarness.Update(store, OldList));
        Assert.True(store.Status.HasList);
    }

    [Fact]
    public void Oversized_chunks_and_unknown_files_are_refused()
    {
        var store = StoreHarness.NewStore(new SimulatedFlash());
        store.Mount(false);
        Assert.Equal(RevocationError.ChunkTooLarge, StoreHarness.Update(store, [.. NewList, .. new byte[RevocationStore.MaxChunkBytes]], RevocationStore.MaxChunkBytes + 1));
        Assert.Equal(RevocationError.BadMagic, StoreHarness.Update(store, new byte[100]));
        Assert.Equal(RevocationError.Truncated, StoreHarness.Update(store, NewList[..3]));
        Assert.Equal(RevocationError.NoUpdateInProgress, store.CommitUpdate());
        Assert.Equal(RevocationError.None, StoreHarness.Update(store, NewList, 1));
    }

    [Fact]
    public void A_full_flash_refuses_the_update_and_keeps_the_active_list()
    {
        var flash = StoreHarness.FlashWithActiveList(OldList);
        var small = new SimulatedFlash(capacityBytes: flash.Capacity - flash.FreeBytes + 1000);
        foreach (string name in flash.FileNames)
        {
            small.WriteAllBytes(name, flash.ReadAllBytes(name));
        }

        var store = StoreHarness.NewStore(small);
        Assert.Equal(RevocationError.None, store.Mount(true));
        Assert.Equal(RevocationError.StorageFull, StoreHarness.Update(store, NewList));
        Assert.Equal(1UL, store.Status.Sequence);
        StoreHarness.AssertAnswersLike(store, OldEntries, Universe, 1);
    }

    [Fact]
    public void Read_bit_flips_during_lookups_give_the_right_answer_or_unavailable_never_a_wrong_one()
    {
        var flash = StoreHarness.FlashWithActiveList(OldList);
        var store = StoreHarness.NewStore(flash);
        Assert.Equal(RevocationError.None, store.Mount(true));
        string slot = store.ActiveSlot == 0 ? "rvl-a.bin" : "rvl-b.bin";
        var header = store.Active!.Header;
        var oracle = OldEntries.ToDictionary(e => e.CardKey);
        var probes = OldEntries.Select(e => e.CardKey).Concat(Enumerable.Range(0, 200).Select(i => (ulong)i * 15)).ToArray();
        int unavailable = 0;
        for (long bit = header.BlockSize * 8L; bit < header.SignedLength * 8; bit += 3)
        {
            flash.ClearReadFaults();
            flash.FlipBitOnRead(slot, bit);
            foreach (ulong key in probes)
            {
                var result = store.Lookup(key);
                if (result.Outcome == RevocationLookupOutcome.Unavailable)
                {
                    unavailable++;
                    continue;
                }

                Assert.True(oracle.TryGetValue(key, out var expected) == result.IsListed, "bit " + bit + " misread gave a wrong answer for key " + key);
                if (result.IsListed)
                {
                    Assert.Equal(expected.Reason, result.Reason);
                    Assert.Equal(expected.EffectiveDate, result.EffectiveDate);
                }
            }
        }

        Assert.True(unavailable > 0);
    }
}
