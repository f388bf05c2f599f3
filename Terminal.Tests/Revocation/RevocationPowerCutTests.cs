using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Revocation;
using Xunit.Abstractions;
using static Terminal.Tests.Reliability.CrashConsistency;

namespace Terminal.Tests.Revocation;

/// <summary>
/// Power cut at every write tick of an update (every byte written, every create, flush and delete) under every fault
/// model of the crash-consistency harness (<see cref="Reliability.CrashConsistency"/>: unflushed data lost; kept with
/// the torn page's rest old or erased; cuts between whole pages): after reboot the previous list is active and
/// verifies, or the new one is, complete. (Two updates in a row, both slots: <c>Reliability/RevocationCrashConsistencyTests</c>.)
/// </summary>
public sealed class RevocationPowerCutTests(ITestOutputHelper output)
{
    private const ulong Universe = 5000;

    [Fact]
    public void A_full_list_update_cut_at_every_write_tick_leaves_the_old_list_or_the_new_one()
    {
        var random = new Random(1);
        var oldEntries = RevocationFixtures.RandomEntries(random, 40, Universe);
        var newEntries = RevocationFixtures.Churn(random, oldEntries, 5, 8, 2, Universe);
        byte[] oldList = RevocationFixtures.BuildList(oldEntries, RevocationFixtures.Parameters(1, Universe));
        byte[] newList = RevocationFixtures.BuildList(newEntries, RevocationFixtures.Parameters(2, Universe));
        CutUpdateEverywhere("revocation full list update", oldList, oldEntries, newList, newEntries, 2);
    }

    [Fact]
    public void A_delta_update_cut_at_every_write_tick_leaves_the_old_list_or_the_new_one()
    {
        var random = new Random(2);
        var oldEntries = RevocationFixtures.RandomEntries(random, 40, Universe);
        var newEntries = RevocationFixtures.Churn(random, oldEntries, 5, 8, 2, Universe);
        byte[] oldList = RevocationFixtures.BuildList(oldEntries, RevocationFixtures.Parameters(1, Universe));
        byte[] newList = RevocationFixtures.BuildList(newEntries, RevocationFixtures.Parameters(2, Universe));
        byte[] delta = RevocationDeltaBuilder.Build(oldList, newList, RevocationFixtures.ListKeyId, RevocationFixtures.ListSeed);
        CutUpdateEverywhere("revocation delta update", oldList, oldEntries, delta, newEntries, 2);
    }

    private void CutUpdateEverywhere(string scenario, byte[] oldList, RevocationEntry[] oldEntries, byte[] update, RevocationEntry[] newEntries, ulong newSequence)
    {
        // Outcomes of the interrupted runs only (the completed run must have the new list active, checked below).
        int oldSurvived = 0, newActive = 0;
        long cutPoints = CutEverywhere(output, scenario, StoreHarness.FlashWithActiveList(oldList), () => 0, (flash, _) =>
        {
            var store = StoreHarness.NewStore(flash);
            Assert.Equal(RevocationError.None, store.Mount(false));
            Assert.Equal(RevocationError.None, StoreHarness.Update(store, update));
        }, (flash, _, point) =>
        {
            if (point.Tick == 0 && point.Variant.Unit == WriteTickUnit.Byte)
            {
                Check(point.Ticks > update.Length, point, () => "the update wrote fewer bytes than its size");
            }

            var store = StoreHarness.NewStore(flash);
            var mounted = store.Mount(verifySignature: true);
            Check(mounted == RevocationError.None, point, () => "no list after reboot (" + mounted + ")");
            if (store.Status.Sequence == newSequence)
            {
                newActive += point.Completed ? 0 : 1;
                StoreHarness.AssertAnswersLike(store, newEntries, Universe, (int)point.Tick);
            }
            else
            {
                Check(store.Status.Sequence == 1, point, () => "list " + store.Status.Sequence + " active");
                Check(!point.Completed, point, () => "the completed update is not active after reboot");
                oldSurvived++;
                StoreHarness.AssertAnswersLike(store, oldEntries, Universe, (int)point.Tick);

                // The store is not wedged: the same update still goes through after the interrupted one.
                if (point.Tick % 97 == 0)
                {
                    var again = StoreHarness.Update(store, update);
                    Check(again == RevocationError.None, point, () => "the same update fails after the interrupted one (" + again + ")");
                    Check(store.Status.Sequence == newSequence, point, () => "after the update again list " + store.Status.Sequence + " is active");
                }
            }
        });

        output.WriteLine(scenario + ": " + cutPoints + " cut points; after a cut the old list kept " + oldSurvived + ", the new list active " + newActive);
        Assert.True(oldSurvived > 0 && newActive > 0, "both outcomes after a cut");
    }
}
