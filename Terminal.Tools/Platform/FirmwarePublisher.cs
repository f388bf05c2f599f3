using Terminal.Core.Reporting;
using Terminal.Core.Update;

namespace Terminal.Tools.Platform;

/// <summary>
/// The platform side of an application rollout to one terminal (Terminal.Firmware/Core/Update/README.md, "Delivery over
/// MQTT"): the signed bundle as retained chunks on rp/v1/{region}/_fw/{version}/{index}, then the retained announcement
/// <c>seq=VERSION;bytes=N;chunk=C</c> on the terminal's own rp/v1/{region}/{terminal}/firmware (chunks first, as for lists).
/// </summary>
public static class FirmwarePublisher
{
    public static async Task<int> PublishAsync(EmbeddedBroker broker, string region, string terminalId, ulong version, byte[] bundle,
        int chunkBytes = UpdateDelivery.MaxChunkBytes)
    {
        var topics = new ReportingTopics(region, terminalId);
        int chunks = await ListPublisher.PublishChunksAsync(broker, index => topics.FirmwareChunk((long)version, index), bundle, chunkBytes);
        await broker.PublishAsync(topics.Firmware, ListPublisher.Announcement((long)version, bundle.Length, chunkBytes), retain: true);
        return chunks;
    }
}
