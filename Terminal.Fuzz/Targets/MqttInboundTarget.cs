using System.Text;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Fuzz.Targets;

/// <summary>
/// Everything the broker can send a connected terminal, through <see cref="ReportingSession"/>: configuration
/// messages, list announcements, list chunks, messages on unexpected topics, PUBACKs (right, wrong, failed) and lost
/// connections, with the session polled between them. Input: a sequence of records
/// <c>kind(1) topicLength(1) topic(topicLength) payloadLength(2, LE) payload</c>; kind mod 6 = 0 config, 1 announce,
/// 2 chunk (topic = list prefix + topic bytes), 3 any topic (topic bytes), 4 PUBACK (token = topic length, failed when
/// kind ≥ 128), 5 connection lost. A record cut short delivers what there is.
/// </summary>
public sealed class MqttInboundTarget : IFuzzTarget
{
    public const string Region = "420100";
    public const string TerminalId = "HB420100-0001";

    private const int PollStepMs = 250;

    public string Name => "mqtt-inbound";

    public string Description => "reporting session inbound handling: config, announcements, chunks, PUBACKs, odd topics";

    public IReadOnlyList<int> FieldOffsets { get; } = [1, 2, 3];

    public void Run(ReadOnlySpan<byte> input)
    {
        var flash = new SimulatedFlash(256 * 1024);
        var outbox = new Outbox(flash, new OutboxOptions { SegmentBytes = 2048, MaxBytes = 16 * 1024 });
        outbox.Open();
        for (int i = 0; i < 3; i++)
        {
            outbox.Append(Event(i));
        }

        var transport = new FuzzMqttTransport();
        var download = new ListDownload(flash, "listdl.state", new FuzzListTarget(), 4096);
        download.Open();
        var options = new ReportingSessionOptions { Region = Region, TerminalId = TerminalId, BatchMaxEvents = 2, MaxConfigBytes = 8192 };
        var session = new ReportingSession(options, new MqttConnectSettings(), transport, outbox, new FixedHealth(), new ParsingConfigurationSink(), download);
        long now = 0;
        session.Poll(now);

        int at = 0;
        while (at < input.Length)
        {
            byte kind = input[at++];
            int topicLength = at < input.Length ? input[at++] : 0;
            var topic = input.Slice(at, Math.Min(topicLength, input.Length - at));
            at += topic.Length;
            int payloadLength = at + 1 < input.Length ? input[at] | (input[at + 1] << 8) : 0;
            at = Math.Min(at + 2, input.Length);
            byte[] payload = input.Slice(at, Math.Min(payloadLength, input.Length - at)).ToArray();
            at += payload.Length;

            switch (kind % 6)
            {
                case 0: transport.Deliver(session.Topics.Config, payload); break;
                case 1: transport.Deliver(session.Topics.ListAnnounce, payload); break;
                case 2: transport.Deliver(session.Topics.ListPrefix + Encoding.Latin1.GetString(topic), payload); break;
                case 3: transport.Deliver(Encoding.Latin1.GetString(topic), payload); break;
                case 4: transport.Acknowledge(topicLength, kind < 128); break;
                default: transport.LoseConnection(); break;
            }

            now += PollStepMs;
            session.Poll(now);
        }

        now += 60_000;
        session.Poll(now);
    }

    private static UsageEvent Event(int i) => new()
    {
        TerminalId = TerminalId,
        UnixSeconds = FuzzKeys.ListIssuedAt + i,
        Clock = ClockTrust.Trusted,
        ServicePoint = "desk-1",
        Profile = "hospital",
        HasPermit = true,
        PermitNumber = 420_100_000_000L + i,
        Generation = 1,
        Verdict = VerdictCode.Valid,
        ListSequence = 1,
        Firmware = "1.0.0",
    };

    /// <summary>One input record (see the class summary).</summary>
    public static byte[] Record(int kind, string topic, byte[] payload)
    {
        byte[] topicBytes = Encoding.Latin1.GetBytes(topic);
        return [(byte)kind, (byte)topicBytes.Length, .. topicBytes, (byte)payload.Length, (byte)(payload.Length >> 8), .. payload];
    }

    public IReadOnlyList<(string Name, byte[] Data)> Seeds()
    {
        byte[] list = RevocationSamples.NextList;
        byte[] config = new ConfigurationTarget().Seeds()[0].Data;
        const int chunk = 1024;
        int chunks = (list.Length + chunk - 1) / chunk;
        var download = new List<byte>(Record(1, "", Encoding.ASCII.GetBytes("seq=2;bytes=" + list.Length + ";chunk=" + chunk)));
        for (int i = chunks - 1; i >= 0; i--)
        {
            download.AddRange(Record(2, "2/" + i, list.AsSpan(i * chunk, Math.Min(chunk, list.Length - i * chunk)).ToArray()));
        }

        return
        [
            ("config", Record(0, "", config)),
            ("config-cleared-then-garbage", [.. Record(0, "", []), .. Record(0, "", "format=rp-device-config/1\ncrc32=00000000\n"u8.ToArray())]),
            ("list-download", download.ToArray()),
            ("announce-then-lost", [.. Record(1, "", "seq=4;bytes=5000;chunk=2048"u8.ToArray()), .. Record(5, "", []), .. Record(2, "4/1", new byte[2048])]),
            ("pubacks", [.. Record(4, "\u0001", []), .. Record(4, "\u0002\u0002", []), .. Record(132, "\u0001", [])]),
            ("odd-topics", [.. Record(3, "rp/v1/420100/_list/2/99999999", [1, 2]), .. Record(2, "x/y", [1]), .. Record(3, "", [])]),
        ];
    }
}
