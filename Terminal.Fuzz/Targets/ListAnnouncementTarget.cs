using Terminal.Core.Reporting;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Fuzz.Targets;

/// <summary>
/// A retained list announcement (<c>seq=…;bytes=…;chunk=…</c>) as <see cref="ListAnnouncement.Parse"/> reads it, then
/// <see cref="ListDownload.OnAnnouncement"/> and a chunk at each end of the announced list, and a reboot (progress file).
/// </summary>
public sealed class ListAnnouncementTarget : IFuzzTarget
{
    private const int MaxChunkBytes = 4096;

    public string Name => "list-announcement";

    public string Description => "MQTT list announcement parser and the chunked download it starts";

    public IReadOnlyList<int> FieldOffsets { get; } = [];

    public void Run(ReadOnlySpan<byte> input)
    {
        var announcement = new ListAnnouncement();
        if (!announcement.Parse(input.ToArray(), MaxChunkBytes, ListDownload.MaxChunks))
        {
            return;
        }

        var flash = new SimulatedFlash(256 * 1024);
        var target = new FuzzListTarget();
        var download = new ListDownload(flash, "listdl.state", target, MaxChunkBytes);
        download.Open();
        if (download.OnAnnouncement(announcement) != ListDownloadResult.Started)
        {
            return;
        }

        int last = download.ChunkCount - 1;
        download.OnChunk(announcement.Sequence, last, new byte[(int)(download.TotalBytes - (long)last * download.ChunkBytes)]);
        download.OnChunk(announcement.Sequence, 0, new byte[download.ChunkCount == 1 ? (int)download.TotalBytes : download.ChunkBytes]);
        new ListDownload(flash.Reboot(), "listdl.state", target, MaxChunkBytes).Open();
    }

    public IReadOnlyList<(string Name, byte[] Data)> Seeds() =>
    [
        ("typical", "seq=1234;bytes=40960;chunk=2048"u8.ToArray()),
        ("one-chunk", "seq=2;bytes=100;chunk=4096"u8.ToArray()),
        ("reordered", "chunk=1024;bytes=1025;seq=9"u8.ToArray()),
        ("max-chunks", "seq=5;bytes=16777216;chunk=4096"u8.ToArray()),
        ("too-many-chunks", "seq=5;bytes=16777217;chunk=4096"u8.ToArray()),
        ("old-sequence", "seq=1;bytes=4096;chunk=1024"u8.ToArray()),
        ("duplicate-key", "seq=3;seq=4;bytes=10;chunk=10"u8.ToArray()),
        ("huge-numbers", "seq=999999999999999999;bytes=999999999999999999;chunk=4096"u8.ToArray()),
    ];
}
