using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Revocation;
using Terminal.Tests.Support;
using Terminal.Tools.Platform;
using Terminal.Tools.Revocation;

namespace Terminal.Tests.Reporting.Broker;

/// <summary>
/// A revocation list released on the embedded broker (retained chunks + announcement) reaches the terminal's
/// revocation store through the reporting session, the list download and RevocationDownloadTarget, also across a
/// power cut in the middle of the download.
/// </summary>
public sealed class ListDownloadBrokerTests
{
    private const ulong Universe = 5000;

    private static readonly Random Seeded = new(9);
    private static readonly RevocationEntry[] OldEntries = RevocationFixtures.RandomEntries(Seeded, 40, Universe);
    private static readonly RevocationEntry[] NewEntries = RevocationFixtures.Churn(Seeded, OldEntries, 5, 60, 2, Universe);
    private static readonly byte[] OldList = RevocationFixtures.BuildList(OldEntries, RevocationFixtures.Parameters(1, Universe));
    private static readonly byte[] NewList = RevocationFixtures.BuildList(NewEntries, RevocationFixtures.Parameters(2, Universe));

    [Fact]
    public async Task A_released_list_is_downloaded_over_mqtt_verified_and_used_for_lookups()
    {
        await using var rig = await BrokerRig.StartAsync(ingest: false);
        var flash = StoreHarness.FlashWithActiveList(OldList);
        var store = StoreHarness.NewStore(flash);
        Assert.Equal(RevocationError.None, store.Mount(false));
        var target = new RevocationDownloadTarget(store);
        var terminal = rig.Terminal("T1", flash, listTarget: target);

        int chunks = await ListPublisher.PublishAsync(rig.Broker, "420100", 2, NewList, chunkBytes: 256);
        Assert.True(chunks > 3);
        await Eventually.True(() => target.Installed == 1, "the list was installed");
        Assert.Equal(1L, terminal.Session.ListsCompleted);
        Assert.Equal(2UL, store.Status.Sequence);
        StoreHarness.AssertAnswersLike(store, NewEntries, Universe, 1);

        // The next boot mounts the downloaded list (fully verified), and the retained announcement is not followed again.
        rig.Retire(terminal);
        terminal.Stop();
        var rebooted = StoreHarness.NewStore(flash.Reboot());
        Assert.Equal(RevocationError.None, rebooted.Mount(verifySignature: true));
        Assert.Equal(2UL, rebooted.Status.Sequence);
    }

    [Fact]
    public async Task A_power_cut_in_the_middle_of_the_download_resumes_after_reboot_and_installs_the_list()
    {
        await using var rig = await BrokerRig.StartAsync(ingest: false);
        var flash = StoreHarness.FlashWithActiveList(OldList);
        var store = StoreHarness.NewStore(flash);
        Assert.Equal(RevocationError.None, store.Mount(false));
        var terminal = rig.Terminal("T1", flash, listTarget: new RevocationDownloadTarget(store));
        await Eventually.True(() => terminal.Session.State == SessionState.Connected, "connected");

        // The platform has released the announcement and only the first half of the chunks so far.
        const int chunk = 256;
        int count = (NewList.Length + chunk - 1) / chunk;
        int half = count / 2;
        var topics = terminal.Session.Topics;
        for (int i = 0; i < half; i++)
        {
            await rig.Broker.PublishAsync(topics.ListChunk(2, i), NewList.AsSpan(i * chunk, chunk).ToArray(), retain: true);
        }

        await rig.Broker.PublishAsync(topics.ListAnnounce, ListPublisher.Announcement(2, NewList.Length, chunk), retain: true);
        await Eventually.True(() => terminal.List.ChunksReceived == half, "the first half stored");

        // Power cut: the flash keeps what was durable; the terminal boots again over it.
        rig.Retire(terminal);
        terminal.PowerCut();
        var afterCut = flash.Reboot();
        var store2 = StoreHarness.NewStore(afterCut);
        Assert.Equal(RevocationError.None, store2.Mount(false));
        Assert.Equal(1UL, store2.Status.Sequence); // still the old list while the new one is incomplete
        var target2 = new RevocationDownloadTarget(store2);
        var terminal2 = rig.Terminal("T1", afterCut, listTarget: target2);
        Assert.True(terminal2.List.Active, "the download resumes after the reboot");
        Assert.Equal(half, terminal2.List.ChunksReceived);
        Assert.Equal(2UL, store2.DownloadSequence);

        // The rest of the release arrives; the resumed download finishes without starting over.
        for (int i = half; i < count; i++)
        {
            await rig.Broker.PublishAsync(topics.ListChunk(2, i), NewList.AsSpan(i * chunk, Math.Min(chunk, NewList.Length - i * chunk)).ToArray(), retain: true);
        }

        await Eventually.True(() => target2.Installed == 1, "the resumed download installed the list");
        Assert.Equal(2UL, store2.Status.Sequence);
        StoreHarness.AssertAnswersLike(store2, NewEntries, Universe, 2);
    }

    [Fact]
    public async Task A_tampered_release_is_refused_and_the_terminal_keeps_its_list()
    {
        await using var rig = await BrokerRig.StartAsync(ingest: false);
        var flash = StoreHarness.FlashWithActiveList(OldList);
        var store = StoreHarness.NewStore(flash);
        Assert.Equal(RevocationError.None, store.Mount(false));
        var target = new RevocationDownloadTarget(store);
        var terminal = rig.Terminal("T1", flash, listTarget: target);
        var tampered = NewList.ToArray();
        tampered[^5] ^= 1; // inside the signature
        await ListPublisher.PublishAsync(rig.Broker, "420100", 2, tampered, chunkBytes: 512);
        await Eventually.True(() => target.Refused == 1, "the list was refused");
        Assert.Equal(RevocationError.BadSignature, target.LastError);
        Assert.Equal(1UL, store.Status.Sequence);
        StoreHarness.AssertAnswersLike(store, OldEntries, Universe, 3);
        Assert.Equal(SessionState.Connected, terminal.Session.State);
    }
}
