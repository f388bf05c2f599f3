using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Revocation;
using Xunit.Abstractions;

namespace Terminal.Tests.Revocation;

/// <summary>
/// Power cut at every write tick of an update (every byte written, every create, flush and delete), with unflushed data
/// either lost or kept: after reboot the previous list is active and verifies, or the new one is, complete.
/// </summary>
public sealed class RevocationPowerCutTests(ITestOutputHelper output)
{
    private const ulong Universe = 5000;

    [Theory]
    [InlineData(UnflushedDataOnPowerCut.Lost)]
    [InlineData(UnflushedDataOnPowerCut.Kept)]
    public void A_full_list_update_cut_at_every_write_tick_leaves_the_old_list_or_the_new_one(UnflushedDataOnPowerCut policy)
    {
        var random = new Random(1);
        var oldEntries = RevocationFixtures.RandomEntries(random, 40, Universe);
        var newEntries = RevocationFixtures.Churn(random, oldEntries, 5, 8, 2, Universe);
        byte[] oldList = RevocationFixtures.BuildList(oldEntries, RevocationFixtures.Parameters(1, Universe));
        byte[] newList = RevocationFixtures.BuildList(newEntries, RevocationFixtures.Parameters(2, Universe));
        CutEverywhere(policy, oldList, oldEntries, newList, newEntries, 2);
    }

    [Theory]
    [InlineData(UnflushedDataOnPowerCut.Lost)]
    [InlineData(UnflushedDataOnPowerCut.Kept)]
    public void A_delta_update_cut_at_every_write_tick_leaves_the_old_list_or_the_new_one(UnflushedDataOnPowerCut policy)
    {
        var random = new Random(2);
        var oldEntries = RevocationFixtures.RandomEntries(random, 40, Universe);
        var newEntries = RevocationFixtures.Churn(random, oldEntries, 5, 8, 2, Universe);
        byte[] oldList = RevocationFixtures.BuildList(oldEntries, RevocationFixtures.Parameters(1, Universe));
        byte[] newList = RevocationFixtures.BuildList(newEntries, RevocationFixtures.Parameters(2, Universe));
        byte[] delta = RevocationDeltaBuilder.Build(oldList, newList, RevocationFixtures.ListKeyId, RevocationFixtures.ListSeed);
        CutEverywhere(policy, oldList, oldEntries, delta, newEntries, 2);
    }

    private void CutEverywhere(UnflushedDataOnPowerCut policy, byte[] oldList, RevocationEntry[] oldEntries, byte[] update, RevocationEntry[] newEntries, ulong newSequence)
    {
        var start = StoreHarness.FlashWithActiveList(oldList);
        void Operation(SimulatedFlash flash)
        {
            var store = StoreHarness.NewStore(flash);
            Assert.Equal(RevocationError.None, store.Mount(false));
            Assert.Equal(RevocationError.None, StoreHarness.Update(store, update));
        }

        long ticks = SimulatedFlash.CountWriteTicks(start, Operation);
        Assert.True(ticks > update.Length, "the update wrote fewer bytes than its size");
        int oldSurvived = 0, newActive = 0;
        for (long cut = 0; cut <= ticks; cut++)
        {
            var flash = start.Clone();
            flash.ArmPowerCut(cut, policy);
            bool interrupted = false;
            try
            {
                Operation(flash);
            }
            catch (PowerCutException)
            {
                interrupted = true;
            }

            Assert.Equal(cut < ticks, interrupted);
            var rebooted = flash.Reboot();
            var store = StoreHarness.NewStore(rebooted);
            var mounted = store.Mount(verifySignature: true);
            Assert.True(mounted == RevocationError.None, "cut at tick " + cut + ": no list after reboot (" + mounted + ")");
            if (store.Status.Sequence == newSequence)
            {
                newActive++;
                StoreHarness.AssertAnswersLike(store, newEntries, Universe, (int)cut);
            }
            else
            {
                Assert.Equal(1UL, store.Status.Sequence);
                Assert.True(cut < ticks, "the completed update is not active after reboot");
                oldSurvived++;
                StoreHarness.AssertAnswersLike(store, oldEntries, Universe, (int)cut);

                // The store is not wedged: the same update still goes through after the interrupted one.
                if (cut % 97 == 0)
                {
                    Assert.Equal(RevocationError.None, StoreHarness.Update(store, update));
                    Assert.Equal(newSequence, store.Status.Sequence);
                }
            }
        }

        output.WriteLine(policy + ": " + (ticks + 1) + " cut points; old list kept " + oldSurvived + ", new list active " + newActive);
        Assert.True(oldSurvived > 0 && newActive > 0);
    }
}
