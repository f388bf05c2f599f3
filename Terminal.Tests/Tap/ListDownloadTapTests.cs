using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Tap;

/// <summary>The terminal core's own download target: a list downloaded in chunks changes what the tap pipeline answers.</summary>
public sealed class ListDownloadTapTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_list_downloaded_through_the_cores_target_is_what_taps_are_checked_against()
    {
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, Now);
        var terminal = new SimulatedTerminal(keys, "hospital", Now);
        var revoked = set.Cards.First(c => c.Expected == VerdictCode.Revoked);
        Assert.NotEqual(VerdictCode.Revoked, terminal.Tap(revoked.Card).Code); // no list yet: nothing says it is revoked
        terminal.Clock.Advance(60);

        var target = terminal.Core.ListDownloadTarget;
        var download = new ListDownload(terminal.Flash, "listdl.state", target, 4096);
        Assert.True(download.Open());
        byte[] list = set.SignedList(Now.ToUnixTimeSeconds() - 3600, sequence: 4);
        const int chunk = 300;
        var announcement = new ListAnnouncement();
        Assert.True(announcement.Parse(System.Text.Encoding.ASCII.GetBytes($"seq=4;bytes={list.Length};chunk={chunk}"), 4096, ListDownload.MaxChunks));
        Assert.Equal(ListDownloadResult.Started, download.OnAnnouncement(announcement));
        var last = ListDownloadResult.Ignored;
        for (int i = announcement.ChunkCount - 1; i >= 0; i--)
        {
            last = download.OnChunk(4, i, list.AsSpan(i * chunk, Math.Min(chunk, list.Length - i * chunk)).ToArray());
        }

        Assert.Equal(ListDownloadResult.Completed, last);
        Assert.Equal(RevocationError.None, target.LastError);
        Assert.Equal(4UL, terminal.Core.Revocation.Status.Sequence);
        Assert.Equal(4, target.InstalledSequence);
        Assert.Equal(VerdictCode.Revoked, terminal.Tap(revoked.Card).Code);
        terminal.Clock.Advance(60);
        Assert.Equal(VerdictCode.Valid, terminal.Tap(set.Cards.First(c => c.Expected == VerdictCode.Valid).Card).Code);
        Assert.Equal(4UL, terminal.Recorded.Checks[^1].ListSequence);
    }
}
