using Terminal.Core.Reporting;
using Terminal.Core.Update;

namespace Terminal.Tools.Platform;

/// <summary>
/// The platform side of an application rollout (Terminal.Firmware/Core/Update/README.md, "Delivery over MQTT"): the
/// signed bundle once as retained chunks on rp/v1/{region}/_fw/{version}/{index}, then the retained announcement
/// <c>seq=VERSION;bytes=N;chunk=C</c> on each chosen terminal's own rp/v1/{region}/{terminal}/firmware (chunks first,
/// as for lists, so a terminal that follows an announcement finds every chunk). A withdrawal clears the retained
/// announcement (an empty retained message, which terminals ignore), so terminals that have not begun never will.
/// </summary>
public static class FirmwarePublisher
{
    /// <summary>Chunks, then the announcement to one terminal; returns the chunk count.</summary>
    public static async Task<int> PublishAsync(IRetainedPublisher broker, string region, string terminalId, ulong version, byte[] bundle,
        int chunkBytes = UpdateDelivery.MaxChunkBytes)
    {
        int chunks = await PublishChunksAsync(broker, region, version, bundle, chunkBytes);
        await AnnounceAsync(broker, region, terminalId, version, bundle.Length, chunkBytes);
        return chunks;
    }

    public static Task<int> PublishChunksAsync(IRetainedPublisher broker, string region, ulong version, byte[] bundle, int chunkBytes = UpdateDelivery.MaxChunkBytes)
    {
        var topics = new ReportingTopics(region, "platform");
        return ListPublisher.PublishChunksAsync(broker, index => topics.FirmwareChunk((long)version, index), bundle, chunkBytes);
    }

    public static Task AnnounceAsync(IRetainedPublisher broker, string region, string terminalId, ulong version, long bundleBytes, int chunkBytes = UpdateDelivery.MaxChunkBytes) =>
        broker.PublishRetainedAsync(new ReportingTopics(region, terminalId).Firmware, ListPublisher.Announcement((long)version, bundleBytes, chunkBytes));

    public static Task WithdrawAsync(IRetainedPublisher broker, string region, string terminalId) =>
        broker.PublishRetainedAsync(new ReportingTopics(region, terminalId).Firmware, []);
}
