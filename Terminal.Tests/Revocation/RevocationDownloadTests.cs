using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Revocation;
using Xunit.Abstractions;
using static Terminal.Tests.Reliability.CrashConsistency;

namespace Terminal.Tests.Revocation;

/// <summary>
/// The list download (ListDownload, as the MQTT session drives it) into the revocation store's spare slot through
/// RevocationDownloadTarget: chunks in any order, resumption after a power cut at any write, activation that is
/// all-or-nothing, and refusal of tampered, mis-sized and replayed lists with the old list kept.
/// </summary>
public sealed class RevocationDownloadTests(ITestOutputHelper output)
{
    private const ulong Universe = 5000;
    private const int Chunk = 256;
    private const string Progress = "listdl.state";

    private static readonly Random Seeded = new(6);
    private static readonly RevocationEntry[] OldEntries = RevocationFixtures.RandomEntries(Seeded, 40, Universe);
    private static readonly RevocationEntry[] NewEntries = RevocationFixtures.Churn(Seeded, OldEntries, 5, 30, 2, Universe);
    private static readonly byte[] OldList = RevocationFixtures.BuildList(OldEntries, RevocationFixtures.Parameters(1, Universe));
    private static readonly byte[] NewList = RevocationFixtures.BuildList(NewEntries, RevocationFixtures.Parameters(2, Universe));

    /// <summary>One boot of the terminal's list path over a flash: store mounted, target, downloader opened.</summary>
    private sealed class Boot
    {
        public Boot(SimulatedFlash flash)
        {
            Flash = flash;
            Store = StoreHarness.NewStore(flash);
            Store.Mount(false);
            Target = new RevocationDownloadTarget(Store);
            Download = new ListDownload(flash, Progress, Target, 4096);
            Assert.True(Download.Open());
        }

        public SimulatedFlash Flash { get; }

        public RevocationStore Store { get; }

        public RevocationDownloadTarget Target { get; }

        public ListDownload Download { get; }

        public ListDownloadResult Announce(long sequence, long bytes, int chunk = Chunk) =>
            Download.OnAnnouncement(Announcement(sequence, bytes, chunk));

        /// <summary>Delivers every chunk of list (as the broker redelivers retained chunks), in the given order; returns the last result.</summary>
        public List<ListDownloadResult> Deliver(long sequence, byte[] list, IEnumerable<int>? order = null, int chunk = Chunk)
        {
            int count = (list.Length + chunk - 1) / chunk;
            var results = new List<ListDownloadResult>();
            foreach (int i in order ?? Enumerable.Range(0, count))
            {
                results.Add(Download.OnChunk(sequence, i, list.AsSpan(i * chunk, Math.Min(chunk, list.Length - i * chunk)).ToArray()));
            }

            return results;
        }
    }

    private static ListAnnouncement Announcement(long sequence, long bytes, int chunk)
    {
        var a = new ListAnnouncement();
        Assert.True(a.Parse(System.Text.Encoding.ASCII.GetBytes($"seq={sequence};bytes={bytes};chunk={chunk}"), 4096, ListDownload.MaxChunks));
        return a;
    }

    private static int Chunks(byte[] list) => (list.Length + Chunk - 1) / Chunk;

    [Fact]
    public void A_download_in_any_order_installs_the_new_list_durably()
    {
        var boot = new Boot(StoreHarness.FlashWithActiveList(OldList));
        Assert.Equal(1, boot.Target.InstalledSequence);
        Assert.Equal(ListDownloadResult.Started, boot.Announce(2, NewList.Length));
        var order = Enumerable.Range(0, Chunks(NewList)).OrderBy(i => (i * 5) % 7).ThenBy(i => i).ToList();
        var results = boot.Deliver(2, NewList, order);
        Assert.Equal(ListDownloadResult.Completed, results[^1]);
        Assert.All(results.Take(results.Count - 1), r => Assert.Equal(ListDownloadResult.Stored, r));
        Assert.Equal(2UL, boot.Store.Status.Sequence);
        Assert.Equal(1, boot.Target.Installed);
        StoreHarness.AssertAnswersLike(boot.Store, NewEntries, Universe, 1);
        Assert.False(boot.Flash.Exists(StoreHarness.Prefix + "-fill.bin"));

        var rebooted = StoreHarness.NewStore(boot.Flash.Reboot());
        Assert.Equal(RevocationError.None, rebooted.Mount(verifySignature: true));
        Assert.Equal(2UL, rebooted.Status.Sequence);
    }

    /// <summary>
    /// A whole download (reversed chunks), cut at every write tick under every fault model of the crash-consistency
    /// harness (<see cref="Reliability.CrashConsistency"/>): after reboot it resumes with the chunks already stored, or
    /// starts over, or the new list is already active; delivering the retained chunks again always ends with the new list.
    /// </summary>
    [Fact]
    public void A_power_cut_at_any_write_of_the_download_resumes_after_reboot_and_ends_with_the_new_list()
    {
        var start = StoreHarness.FlashWithActiveList(OldList);
        var order = Enumerable.Range(0, Chunks(NewList)).Reverse().ToList(); // out of order on purpose
        // Outcomes of the interrupted runs only (after the completed run the new list is active, checked below).
        int resumedMidway = 0, restarted = 0, alreadyActive = 0;
        // Every write tick of every phase: sizing the slot, fill record, each chunk and its progress bit, completion.
        long cutPoints = CutEverywhere(output, "revocation list download (reversed chunks)", start, () => 0, (flash, _) =>
        {
            var boot = new Boot(flash);
            Assert.Equal(ListDownloadResult.Started, boot.Announce(2, NewList.Length));
            Assert.Equal(ListDownloadResult.Completed, boot.Deliver(2, NewList, order)[^1]);
        }, (flash, _, point) =>
        {
            var boot = new Boot(flash);
            ulong active = boot.Store.Status.Sequence;
            Check(active is 1 or 2, point, () => "no list active after reboot (" + active + ")");
            Check(!point.Completed || active == 2, point, () => "the completed download is not active");
            int stillMissing;
            if (active == 2)
            {
                alreadyActive += point.Completed ? 0 : 1;
                var again = boot.Announce(2, NewList.Length); // the retained announcement again
                Check(again == ListDownloadResult.Ignored, point, () => "the announcement of the active list: " + again);
                stillMissing = 0;
            }
            else if (boot.Download.Active)
            {
                Check(boot.Download.Sequence == 2, point, () => "resumed download of list " + boot.Download.Sequence);
                stillMissing = boot.Download.ChunkCount - boot.Download.ChunksReceived;
                resumedMidway += boot.Download.ChunksReceived > 0 ? 1 : 0;
                var again = boot.Announce(2, NewList.Length); // no restart of a resumed download
                Check(again == ListDownloadResult.Ignored, point, () => "the announcement during a resumed download: " + again);
            }
            else
            {
                restarted++;
                var again = boot.Announce(2, NewList.Length);
                Check(again == ListDownloadResult.Started, point, () => "the announcement after nothing resumable: " + again);
                stillMissing = Chunks(NewList);
            }

            var results = boot.Deliver(2, NewList, order);
            // Only the chunks that were not stored before the cut are written again.
            int written = results.Count(r => r is ListDownloadResult.Stored or ListDownloadResult.Completed);
            Check(written == stillMissing, point, () => written + " chunks written again, " + stillMissing + " were missing");
            Check(boot.Store.Status.Sequence == 2, point, () => "list " + boot.Store.Status.Sequence + " active after the chunks were delivered again");
            if (point.Tick % 50 == 0)
            {
                StoreHarness.AssertAnswersLike(boot.Store, NewEntries, Universe, (int)point.Tick);
            }
        });

        output.WriteLine($"{cutPoints} cut points; after a cut: resumed with chunks kept {resumedMidway}, started over {restarted}, already active {alreadyActive}");
        // About half the ticks size the slot with zeros (a cut there starts over); cuts after the first chunk resume:
        // more than a third of the cut points (the same share as before, when every other tick was cut: ticks / 6).
        Assert.True(resumedMidway > cutPoints / 3, "cuts after the first chunk should resume with the chunks already stored");
        Assert.True(restarted > 0 && alreadyActive > 0);
    }

    /// <summary>
    /// Everything downloaded but the last chunk, which triggers verification and the slot switch; cut at every write
    /// tick of that activation under every fault model: after reboot the old list or the new one is active, complete.
    /// </summary>
    [Fact]
    public void A_power_cut_at_every_write_of_the_activation_leaves_the_old_list_or_the_new_one()
    {
        var start = StoreHarness.FlashWithActiveList(OldList);
        var prepared = new Boot(start);
        int last = Chunks(NewList) - 1;
        Assert.Equal(ListDownloadResult.Started, prepared.Announce(2, NewList.Length));
        Assert.All(prepared.Deliver(2, NewList, Enumerable.Range(0, last)), r => Assert.Equal(ListDownloadResult.Stored, r));
        var ready = start.Reboot();

        // Outcomes of the interrupted runs only (the completed run must have the new list active, checked below).
        int oldKept = 0, newActive = 0;
        long cutPoints = CutEverywhere(output, "revocation list download, activation (last chunk)", ready, () => 0, (flash, _) =>
        {
            var boot = new Boot(flash);
            Assert.True(boot.Download.Active);
            Assert.Equal(ListDownloadResult.Completed, boot.Deliver(2, NewList, [last])[0]);
        }, (flash, _, point) =>
        {
            var store = StoreHarness.NewStore(flash);
            var mounted = store.Mount(verifySignature: true);
            Check(mounted == RevocationError.None, point, () => "no list after reboot (" + mounted + ")");
            if (store.Status.Sequence == 2)
            {
                newActive += point.Completed ? 0 : 1;
                StoreHarness.AssertAnswersLike(store, NewEntries, Universe, (int)point.Tick);
            }
            else
            {
                Check(store.Status.Sequence == 1, point, () => "list " + store.Status.Sequence + " active");
                Check(!point.Completed, point, () => "the completed activation is not active after reboot");
                oldKept++;
                StoreHarness.AssertAnswersLike(store, OldEntries, Universe, (int)point.Tick);
            }
        });

        output.WriteLine($"{cutPoints} cut points in the activation; after a cut the old list kept {oldKept}, the new list active {newActive}");
        Assert.True(oldKept > 0 && newActive > 0, "both outcomes after a cut");
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("data")]
    [InlineData("other-signer")]
    public void A_tampered_list_is_refused_and_the_old_list_stays_active(string tamper)
    {
        byte[] bad = tamper switch
        {
            "signature" => Flip(NewList, NewList.Length - 10),
            "data" => Flip(NewList, NewList.Length / 2),
            _ => RevocationFixtures.BuildList(NewEntries, RevocationFixtures.Parameters(2, Universe), RevocationFixtures.CardSeed), // signed with a key that is not the list signer's
        };
        var boot = new Boot(StoreHarness.FlashWithActiveList(OldList));
        Assert.Equal(ListDownloadResult.Started, boot.Announce(2, bad.Length));
        Assert.Equal(ListDownloadResult.Rejected, boot.Deliver(2, bad)[^1]);
        Assert.NotEqual(RevocationError.None, boot.Target.LastError);
        Assert.Equal(1, boot.Target.Refused);
        AssertOldListStays(boot);

        // Not downloaded again from the same (retained) announcement; a good list under a new sequence still installs.
        Assert.Equal(ListDownloadResult.Ignored, boot.Announce(2, bad.Length));
        byte[] good3 = RevocationFixtures.BuildList(NewEntries, RevocationFixtures.Parameters(3, Universe));
        Assert.Equal(ListDownloadResult.Started, boot.Announce(3, good3.Length));
        Assert.Equal(ListDownloadResult.Completed, boot.Deliver(3, good3)[^1]);
        Assert.Equal(3UL, boot.Store.Status.Sequence);
    }

    [Fact]
    public void A_list_of_another_size_than_announced_is_refused_and_the_old_list_stays()
    {
        var padded = NewList.Concat(new byte[100]).ToArray();
        var boot = new Boot(StoreHarness.FlashWithActiveList(OldList));
        Assert.Equal(ListDownloadResult.Started, boot.Announce(2, padded.Length));
        Assert.Equal(ListDownloadResult.Rejected, boot.Deliver(2, padded)[^1]);
        Assert.Equal(RevocationError.LengthMismatch, boot.Target.LastError);
        AssertOldListStays(boot);
    }

    [Fact]
    public void A_replayed_older_list_is_ignored_and_one_disguised_under_a_newer_sequence_is_refused()
    {
        var boot = new Boot(StoreHarness.FlashWithActiveList(NewList));
        Assert.Equal(2, boot.Target.InstalledSequence);
        Assert.Equal(ListDownloadResult.Ignored, boot.Announce(1, OldList.Length)); // the old release, still retained somewhere
        Assert.Equal(ListDownloadResult.Ignored, boot.Announce(2, NewList.Length)); // the current one
        Assert.False(boot.Download.Active);
        Assert.Equal(RevocationError.NotNewer, boot.Store.BeginDownload(1, OldList.Length));

        // The old list's bytes announced as sequence 5: its header says 1, so it is refused.
        Assert.Equal(ListDownloadResult.Started, boot.Announce(5, OldList.Length));
        Assert.Equal(ListDownloadResult.Rejected, boot.Deliver(5, OldList)[^1]);
        Assert.NotEqual(RevocationError.None, boot.Target.LastError);
        Assert.Equal(2UL, boot.Store.Status.Sequence);
        StoreHarness.AssertAnswersLike(boot.Store, NewEntries, Universe, 3);
    }

    [Fact]
    public void A_streamed_update_into_the_spare_slot_ends_a_download_in_progress()
    {
        var boot = new Boot(StoreHarness.FlashWithActiveList(OldList));
        Assert.Equal(ListDownloadResult.Started, boot.Announce(3, NewList.Length));
        boot.Deliver(3, NewList, [0, 1]);
        Assert.Equal(RevocationError.None, StoreHarness.Update(boot.Store, NewList)); // sequence 2 through the streaming path
        Assert.Equal(0UL, boot.Store.DownloadSequence);

        var next = new Boot(boot.Flash.Reboot());
        Assert.False(next.Download.Active); // the spare slot no longer holds the download: start over
        Assert.Equal(2UL, next.Store.Status.Sequence);
    }

    private static void AssertOldListStays(Boot boot)
    {
        Assert.Equal(1UL, boot.Store.Status.Sequence);
        StoreHarness.AssertAnswersLike(boot.Store, OldEntries, Universe, 2);
        var rebooted = StoreHarness.NewStore(boot.Flash.Reboot());
        Assert.Equal(RevocationError.None, rebooted.Mount(verifySignature: true));
        Assert.Equal(1UL, rebooted.Status.Sequence);
        StoreHarness.AssertAnswersLike(rebooted, OldEntries, Universe, 4);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = bytes.ToArray();
        copy[index] ^= 0x20;
        return copy;
    }
}
