using Terminal.Core.Update;
using Terminal.Tests.Update;
using Xunit.Abstractions;
using static Terminal.Tests.Reliability.CrashConsistency;

namespace Terminal.Tests.Reliability;

/// <summary>
/// A whole over-the-air update as the terminal lives it, cut at every write boundary under every fault model:
/// announcement and chunks over the reporting session (out of order) into the spare slot with the persisted progress
/// bitmap, verification and the pending switch, the reboot into the trial (its counter) and the health confirmation.
/// After each cut the terminal must boot a complete, verified application, the old one or the new one; and while it
/// still runs the old one, the broker's retained release (sent again at every connect) must complete the update —
/// resuming from the progress bitmap, never refusing or burning the version because power was cut.
/// </summary>
public sealed class UpdateDeliveryCrashConsistencyTests(ITestOutputHelper output)
{
    private const int Chunk = 64;
    private const int NewSize = 120; // version 1 is the fixtures' default size, version 2 smaller: fewer cut points

    [Fact]
    public void Update_delivered_over_MQTT_staged_tried_and_confirmed()
    {
        var start = UpdateSlotsTests.FlashWithVersion1();
        byte[] bundle = UpdateFixtures.Bundle(2, size: NewSize);
        int chunks = DeliveryBoot.ChunkCount(bundle, Chunk);
        // The broker's order is not the bundle's: the last chunk first, then the even ones, then the odd ones.
        var order = new[] { chunks - 1 }.Concat(Enumerable.Range(0, chunks - 1).OrderBy(i => (i % 2, i))).ToArray();
        int oldRuns = 0, trialRuns = 0, confirmedRuns = 0, resumedWithFewerChunks = 0;

        long cutPoints = CutEverywhere(output, "update delivered over MQTT (download, switch, trial, confirm)", start, () => new Progress(), (flash, progress) =>
        {
            var running = new DeliveryBoot(flash, Chunk);
            Assert.Equal(1UL, running.Decision.Version);
            running.DeliverRelease(bundle, 2, order);
            Assert.True(running.Delivery.RebootRequested, running.LastStatus());
            progress.Staged = true;
            var trial = new DeliveryBoot(flash, Chunk); // the restart into the staged version
            Assert.Equal(BootKind.Trial, trial.Decision.Kind);
            Assert.Equal(UpdateError.None, trial.Slots.ConfirmHealthy());
            progress.Confirmed = true;
        }, (flash, progress, point) =>
        {
            var boot = new DeliveryBoot(flash, Chunk);
            var decision = boot.Decision;
            Check(decision.Kind != BootKind.NoApplication, point, () => "nothing bootable (" + UpdateErrorNames.Name(decision.Reason) + ")");
            Check(!progress.Staged || decision.Version == 2, point, () => "the staged version 2 was lost: booted " + decision.Version);
            Check(!progress.Confirmed || decision.Kind == BootKind.Active, point, () => "the confirmed version is on trial again");
            UpdateFixtures.CheckBootedIs(boot.Slots, decision.Version, decision.Version == 1 ? UpdateFixtures.DefaultAssemblySize : NewSize, point);
            if (decision.Version == 2)
            {
                if (decision.Kind == BootKind.Trial)
                {
                    trialRuns++;
                }
                else
                {
                    confirmedRuns++;
                }

                return;
            }

            // Still on version 1: the retained release arrives again and the update completes from where it stopped.
            oldRuns++;
            boot.DeliverRelease(bundle, 2, order);
            Check(boot.Delivery.RebootRequested, point, () => "the update did not complete after the cut: " + boot.LastStatus());
            if (boot.Delivery.ChunksStored < chunks)
            {
                resumedWithFewerChunks++;
            }

            var next = new DeliveryBoot(flash, Chunk);
            Check(next.Decision.Kind == BootKind.Trial && next.Decision.Version == 2, point, () => "after the redelivery: " + next.Decision.Kind + " " + next.Decision.Version);
            UpdateFixtures.CheckBootedIs(next.Slots, 2, NewSize, point);
        });

        output.WriteLine("update delivery: " + chunks + " chunks of " + Chunk + " bytes; after the cut: version 1 (completed by redelivery) " + oldRuns +
                         ", of which resumed from the bitmap " + resumedWithFewerChunks + "; version 2 on trial " + trialRuns + ", version 2 confirmed " + confirmedRuns +
                         "; " + cutPoints + " cut points");
        Assert.True(oldRuns > 0 && trialRuns > 0 && confirmedRuns > 0 && resumedWithFewerChunks > 0);
    }

    private sealed class Progress
    {
        /// <summary>The delivery reported the bundle staged (verified, pending): it must survive any later cut.</summary>
        public bool Staged { get; set; }

        /// <summary>The trial version was confirmed healthy: it must never be on trial again.</summary>
        public bool Confirmed { get; set; }
    }
}
