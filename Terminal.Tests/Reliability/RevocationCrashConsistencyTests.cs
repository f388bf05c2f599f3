using Terminal.Core.Revocation;
using Terminal.Tests.Revocation;
using Terminal.Tests.Support;
using Terminal.Tools.Revocation;
using Xunit.Abstractions;
using static Terminal.Tests.Reliability.CrashConsistency;

namespace Terminal.Tests.Reliability;

/// <summary>
/// Two list updates in a row (a full list into the second slot, then a delta into the first), cut at every write
/// boundary: both slots and both switches. After each cut a valid, signature-checked list is active, it is the old
/// one or a newer one (never older than the last update that was reported committed), and it answers exactly like it.
/// </summary>
public sealed class RevocationCrashConsistencyTests(ITestOutputHelper output)
{
    private const ulong Universe = 5000;

    [Fact]
    public void List_update_into_both_slots_and_the_switches()
    {
        var random = new Random(9);
        var entries = new Dictionary<ulong, RevocationEntry[]> { [1] = RevocationFixtures.RandomEntries(random, 30, Universe) };
        entries[2] = RevocationFixtures.Churn(random, entries[1], 4, 6, 2, Universe);
        entries[3] = RevocationFixtures.Churn(random, entries[2], 4, 6, 2, Universe);
        var lists = entries.ToDictionary(p => p.Key, p => RevocationFixtures.BuildList(p.Value, RevocationFixtures.Parameters(p.Key, Universe)));
        byte[] delta = RevocationDeltaBuilder.Build(lists[2], lists[3], RevocationFixtures.ListKeyId, RevocationFixtures.ListSeed);
        var start = StoreHarness.FlashWithActiveList(lists[1]);

        CutEverywhere(output, "revocation list update (both slots, switch)", start, () => new Committed(), (flash, committed) =>
        {
            var store = StoreHarness.NewStore(flash);
            Assert.Equal(RevocationError.None, store.Mount(false));
            int firstSlot = store.ActiveSlot;
            Assert.Equal(RevocationError.None, StoreHarness.Update(store, lists[2]));
            committed.Sequence = 2;
            Assert.NotEqual(firstSlot, store.ActiveSlot);
            Assert.Equal(RevocationError.None, StoreHarness.Update(store, delta));
            committed.Sequence = 3;
            Assert.Equal(firstSlot, store.ActiveSlot);
        }, (flash, committed, point) =>
        {
            var store = StoreHarness.NewStore(flash);
            var mounted = store.Mount(verifySignature: true);
            Check(mounted == RevocationError.None, point, () => "no valid list after reboot (" + mounted + ")");
            ulong active = store.Status.Sequence;
            Check(entries.ContainsKey(active), point, () => "unknown list " + active);
            Check(active >= committed.Sequence, point, () => "list " + active + " active after list " + committed.Sequence + " was committed");
            if (point.Completed)
            {
                Check(active == 3, point, () => "the completed update is not active");
            }

            StoreHarness.AssertAnswersLike(store, entries[active], Universe, (int)point.Tick);
        });
    }

    private sealed class Committed
    {
        public ulong Sequence { get; set; } = 1;
    }
}
