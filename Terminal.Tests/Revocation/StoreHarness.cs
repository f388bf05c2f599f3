using Terminal.Core.Revocation;
using Terminal.Drivers.Storage;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Crypto;
using Terminal.Tools.Revocation;

namespace Terminal.Tests.Revocation;

/// <summary>Runs the terminal's revocation store the way the device does: updates streamed in chunks onto (simulated) flash.</summary>
internal static class StoreHarness
{
    public const string Prefix = "rvl";

    public static RevocationStore NewStore(IFileStore flash) => new(flash, RevocationFixtures.Ring(), new BouncyCastleSignatureVerifier(), Prefix);

    /// <summary>Streams bytes to the store in chunks of chunkSize and commits.</summary>
    public static RevocationError Update(RevocationStore store, byte[] bytes, int chunkSize = 700)
    {
        var error = store.BeginUpdate();
        for (int offset = 0; offset < bytes.Length && error == RevocationError.None; offset += chunkSize)
        {
            byte[] chunk = bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)).ToArray();
            error = store.AppendUpdate(chunk, 0, chunk.Length);
        }

        return error == RevocationError.None ? store.CommitUpdate() : error;
    }

    /// <summary>A flash holding an active list, everything flushed.</summary>
    public static SimulatedFlash FlashWithActiveList(byte[] list)
    {
        var flash = new SimulatedFlash();
        var store = NewStore(flash);
        Assert.Equal(RevocationError.NoList, store.Mount(false));
        Assert.Equal(RevocationError.None, Update(store, list));
        return flash.Reboot();
    }

    /// <summary>Every entry is listed with its reason and date; a sample of other keys is not.</summary>
    public static void AssertAnswersLike(RevocationStore store, RevocationEntry[] oracle, ulong universe, int seed)
    {
        var set = oracle.ToDictionary(e => e.CardKey);
        foreach (var e in oracle)
        {
            var result = store.Lookup(e.CardKey);
            Assert.Equal(RevocationLookupOutcome.Listed, result.Outcome);
            Assert.Equal(e.Reason, result.Reason);
            Assert.Equal(e.EffectiveDate, result.EffectiveDate);
        }

        var random = new Random(seed);
        for (int i = 0; i < 50; i++)
        {
            ulong probe = (ulong)random.NextInt64((long)universe);
            Assert.Equal(set.ContainsKey(probe) ? RevocationLookupOutcome.Listed : RevocationLookupOutcome.NotListed, store.Lookup(probe).Outcome);
        }
    }
}
