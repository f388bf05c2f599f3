using System.Globalization;
using Terminal.Core.Reporting;

namespace Terminal.Tools.Platform;

/// <summary>
/// The platform side of a revocation-list release: the signed list as retained chunks on
/// rp/v1/{region}/_list/{sequence}/{index}, then the retained announcement <c>seq=…;bytes=…;chunk=…</c> on
/// rp/v1/{region}/_list/announce (chunks first, so a terminal that follows the announcement finds every chunk).
/// </summary>
public static class ListPublisher
{
    public static async Task<int> PublishAsync(IRetainedPublisher broker, string region, long sequence, byte[] signedList, int chunkBytes = 4096)
    {
        var topics = new ReportingTopics(region, "platform");
        int chunks = await PublishChunksAsync(broker, index => topics.ListChunk(sequence, index), signedList, chunkBytes);
        await broker.PublishRetainedAsync(topics.ListAnnounce, Announcement(sequence, signedList.Length, chunkBytes));
        return chunks;
    }

    /// <summary>A release's bytes as retained chunks (the last one shorter) on topicOf(index); returns the chunk count.</summary>
    public static async Task<int> PublishChunksAsync(IRetainedPublisher broker, Func<int, string> topicOf, byte[] content, int chunkBytes)
    {
        int chunks = (content.Length + chunkBytes - 1) / chunkBytes;
        for (int i = 0; i < chunks; i++)
        {
            int offset = i * chunkBytes;
            await broker.PublishRetainedAsync(topicOf(i), content.AsSpan(offset, Math.Min(chunkBytes, content.Length - offset)).ToArray());
        }

        return chunks;
    }

    /// <summary>"N bytes in C chunks of B on first .. C-1": what a release put on the broker, for the tools' output.</summary>
    public static string Describe(long bytes, int chunks, int chunkBytes, string firstChunkTopic) =>
        bytes + " bytes in " + chunks + (chunks == 1 ? " chunk" : " chunks") + " of " + chunkBytes + " on " + firstChunkTopic + (chunks > 1 ? " .. " + (chunks - 1) : "");

    public static byte[] Announcement(long sequence, long totalBytes, int chunkBytes) =>
        System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"seq={sequence};bytes={totalBytes};chunk={chunkBytes}"));
}
