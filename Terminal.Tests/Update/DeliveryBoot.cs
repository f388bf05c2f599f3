using System.Text;
using Terminal.Core.Reporting;
using Terminal.Core.Update;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Reporting;

namespace Terminal.Tests.Update;

/// <summary>
/// One boot of a terminal for the delivery tests: slots decided, the reporting session over the fake MQTT transport
/// with <see cref="UpdateDelivery"/> as its extension, connected. Announcements and chunks arrive as the broker
/// would send them (retained, any order, again after every reconnect).
/// </summary>
internal sealed class DeliveryBoot
{
    public const int DefaultChunk = 512;

    public DeliveryBoot(SimulatedFlash store, int chunk = DefaultChunk)
    {
        ChunkBytes = chunk;
        Slots = UpdateFixtures.Slots(store);
        Decision = Slots.DecideBoot();
        Fixture = new SessionFixture(store: store);
        Delivery = new UpdateDelivery(store, Fixture.Session.Topics, Slots);
        Assert.True(Delivery.Open());
        Fixture.Session.Extension = Delivery;
        Fixture.Run(100);
        Assert.Equal(SessionState.Connected, Fixture.Session.State);
    }

    public int ChunkBytes { get; }

    public UpdateSlots Slots { get; }

    public BootDecision Decision { get; }

    public SessionFixture Fixture { get; }

    public UpdateDelivery Delivery { get; }

    public ReportingTopics Topics => Fixture.Session.Topics;

    public static int ChunkCount(byte[] bundle, int chunk) => (bundle.Length + chunk - 1) / chunk;

    public string LastStatus() => Fixture.Transport.On("/firmware/status").Last().Text;

    public void Announce(byte[] bundle, long version) =>
        Fixture.Transport.Deliver(Topics.Firmware, Encoding.ASCII.GetBytes("seq=" + version + ";bytes=" + bundle.Length + ";chunk=" + ChunkBytes));

    public void DeliverChunks(byte[] bundle, long version, IEnumerable<int> indexes)
    {
        foreach (int i in indexes)
        {
            Fixture.Transport.Deliver(Topics.FirmwareChunk(version, i), bundle.Skip(i * ChunkBytes).Take(ChunkBytes).ToArray());
        }

        Fixture.Run(100);
    }

    /// <summary>What the broker sends after a (re)connect: the retained announcement, then every retained chunk.</summary>
    public void DeliverRelease(byte[] bundle, long version, IEnumerable<int>? order = null)
    {
        Announce(bundle, version);
        Fixture.Run(100);
        DeliverChunks(bundle, version, order ?? Enumerable.Range(0, ChunkCount(bundle, ChunkBytes)));
    }
}
