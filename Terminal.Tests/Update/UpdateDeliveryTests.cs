using Terminal.Drivers.Storage.Simulated;
using System.Text;
using Terminal.Core.Reporting;
using Terminal.Core.Update;
using Terminal.Drivers.Storage;
using Terminal.Tests.Reporting;
using Terminal.Tests.Support;

namespace Terminal.Tests.Update;

/// <summary>
/// Firmware delivery over the reporting session and the fake MQTT transport: announcement on the terminal's command
/// topic, chunks in any order, a reboot in the middle, verification, trial boot, confirmation, refusals, rollback report.
/// </summary>
public sealed class UpdateDeliveryTests
{
    private static SimulatedFlash StoreWithVersion1()
    {
        var store = new SimulatedFlash();
        byte[] bundle = UpdateFixtures.Bundle(1);
        IStoredFile file = store.Create(UpdateSlots.SlotName(0))!;
        Assert.True(file.Write(0, bundle, 0, bundle.Length) && file.Flush());
        file.Close();
        return store;
    }

    private static int ChunkCount(byte[] bundle) => DeliveryBoot.ChunkCount(bundle, DeliveryBoot.DefaultChunk);

    [Fact]
    public void A_good_update_is_announced_downloaded_across_a_reboot_verified_tried_and_confirmed()
    {
        var store = StoreWithVersion1();
        var boot = new DeliveryBoot(store);
        Assert.Equal(1UL, boot.Decision.Version);
        Assert.Contains("rp/v1/420100/HB-WH-0001/firmware", boot.Fixture.Transport.Subscriptions);
        Assert.Equal("running=1;state=idle", boot.LastStatus());

        byte[] bundle = UpdateFixtures.Bundle(2, size: 900);
        int chunks = ChunkCount(bundle);
        Assert.True(chunks >= 6);
        boot.Announce(bundle, 2);
        boot.Fixture.Run(100);
        Assert.Contains("rp/v1/420100/_fw/2/+", boot.Fixture.Transport.Subscriptions);
        Assert.StartsWith("running=1;state=downloading;version=2;chunks=0/" + chunks, boot.LastStatus());
        var firstHalf = new[] { chunks - 1, 2, 0, 4 };
        boot.DeliverChunks(bundle, 2, firstHalf);
        Assert.Equal(4, boot.Delivery.Download.ChunksReceived);

        // Power cut: the next boot still runs version 1 and resumes the download where it stopped.
        store = store.Reboot();
        boot = new DeliveryBoot(store);
        Assert.Equal(BootKind.Active, boot.Decision.Kind);
        Assert.Equal(1UL, boot.Decision.Version);
        Assert.True(boot.Delivery.Download.Active);
        Assert.Equal(4, boot.Delivery.Download.ChunksReceived);
        Assert.Contains("rp/v1/420100/_fw/2/+", boot.Fixture.Transport.Subscriptions);
        boot.DeliverChunks(bundle, 2, Enumerable.Range(0, chunks)); // the broker delivers every retained chunk again
        Assert.True(boot.Delivery.RebootRequested);
        Assert.Equal("running=1;state=staged;version=2", boot.LastStatus());
        Assert.DoesNotContain("rp/v1/420100/_fw/2/+", boot.Fixture.Transport.Subscriptions);
        Assert.Equal(chunks - 4, boot.Delivery.ChunksStored);

        store = store.Reboot();
        boot = new DeliveryBoot(store);
        Assert.Equal(BootKind.Trial, boot.Decision.Kind);
        Assert.Equal(2UL, boot.Decision.Version);
        Assert.StartsWith("running=2;trial=1", boot.LastStatus());
        var loaded = UpdateFixtures.LoadBooted(boot.Slots);
        Assert.Equal(UpdateFixtures.Assemblies(2, 900).Select(a => a.Content), loaded);
        Assert.Equal(UpdateError.None, boot.Slots.ConfirmHealthy());

        store = store.Reboot();
        boot = new DeliveryBoot(store);
        Assert.Equal(BootKind.Active, boot.Decision.Kind);
        Assert.Equal("running=2;state=idle", boot.LastStatus());
        boot.Announce(bundle, 2); // the retained announcement of the running version is ignored quietly
        boot.Fixture.Run(100);
        Assert.Equal("running=2;state=idle", boot.LastStatus());
        Assert.DoesNotContain("rp/v1/420100/_fw/2/+", boot.Fixture.Transport.Subscriptions);
    }

    [Fact]
    public void A_bundle_with_a_flipped_bit_is_refused_with_its_reason_and_the_old_application_keeps_running()
    {
        var store = StoreWithVersion1();
        var boot = new DeliveryBoot(store);
        byte[] bundle = UpdateFixtures.Bundle(2, size: 700);
        bundle[bundle.Length - 10] ^= 0x01;
        boot.Announce(bundle, 2);
        boot.Fixture.Run(100);
        boot.DeliverChunks(bundle, 2, Enumerable.Range(0, ChunkCount(bundle)));
        Assert.Equal("running=1;state=refused;version=2;reason=HashMismatch", boot.LastStatus());
        Assert.False(boot.Delivery.RebootRequested);
        Assert.Equal(1, boot.Delivery.Rejected);

        boot.Announce(bundle, 2); // the same bad version is not downloaded again
        boot.Fixture.Run(100);
        Assert.DoesNotContain("rp/v1/420100/_fw/2/+", boot.Fixture.Transport.Subscriptions);

        var next = new DeliveryBoot(store.Reboot());
        Assert.Equal(BootKind.Active, next.Decision.Kind);
        Assert.Equal(1UL, next.Decision.Version);
        UpdateFixtures.AssertIsVersion(UpdateFixtures.LoadBooted(next.Slots), 1);
    }

    [Fact]
    public void Other_hardware_is_refused_with_a_reason_and_malformed_announcements_and_chunks_are_counted()
    {
        var boot = new DeliveryBoot(StoreWithVersion1());
        byte[] bundle = UpdateFixtures.Bundle(3, hardware: "rt-esp32s3-pn532");
        boot.Announce(bundle, 3);
        boot.Fixture.Run(100);
        boot.DeliverChunks(bundle, 3, Enumerable.Range(0, ChunkCount(bundle)));
        Assert.Equal("running=1;state=refused;version=3;reason=WrongHardware", boot.LastStatus());

        boot.Fixture.Transport.Deliver(boot.Topics.Firmware, Encoding.ASCII.GetBytes("seq=4;bytes=100;chunk=99999"));
        boot.Fixture.Transport.Deliver(boot.Topics.Firmware, Encoding.ASCII.GetBytes("garbage"));
        boot.Fixture.Transport.Deliver(boot.Topics.FirmwareChunk(4, 0), new byte[10]); // no download of 4: ignored
        boot.Fixture.Run(100);
        Assert.Equal(3, boot.Delivery.Rejected); // the refused bundle + two malformed announcements
        Assert.Equal(0, boot.Fixture.Session.RejectedInbound); // firmware topics are the extension's, not unknown
        Assert.Equal(SessionState.Connected, boot.Fixture.Session.State);

        var tooBig = new DeliveryBoot(StoreWithVersion1());
        tooBig.Fixture.Transport.Deliver(tooBig.Topics.Firmware, Encoding.ASCII.GetBytes("seq=5;bytes=5000000;chunk=4096"));
        tooBig.Fixture.Run(100);
        Assert.Equal("running=1;state=refused;version=5;reason=DoesNotFit", tooBig.LastStatus());
    }

    [Fact]
    public void A_version_that_never_reports_healthy_is_rolled_back_and_the_failure_is_in_the_status()
    {
        var store = StoreWithVersion1();
        var boot = new DeliveryBoot(store);
        byte[] bundle = UpdateFixtures.Bundle(2);
        boot.Announce(bundle, 2);
        boot.Fixture.Run(100);
        boot.DeliverChunks(bundle, 2, Enumerable.Range(0, ChunkCount(bundle)));
        Assert.True(boot.Delivery.RebootRequested);
        for (int trial = 0; trial < UpdateFixtures.Policy().MaxTrialBoots; trial++)
        {
            store = store.Reboot();
            boot = new DeliveryBoot(store);
            Assert.Equal(BootKind.Trial, boot.Decision.Kind); // and it never calls ConfirmHealthy
        }

        store = store.Reboot();
        boot = new DeliveryBoot(store);
        Assert.Equal(BootKind.Active, boot.Decision.Kind);
        Assert.Equal(1UL, boot.Decision.Version);
        Assert.Equal("running=1;state=idle;failed=2;failure=NeverHealthy", boot.LastStatus());
    }
}
