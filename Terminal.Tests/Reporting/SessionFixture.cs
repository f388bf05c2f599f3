using System.Text.Json;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;

namespace Terminal.Tests.Reporting;

/// <summary>A terminal's reporting stack over an in-memory flash and a fake transport, with a hand-moved clock.</summary>
public sealed class SessionFixture
{
    public SessionFixture(ReportingSessionOptions? options = null, OutboxOptions? outboxOptions = null, SimulatedFlash? store = null)
    {
        Store = store ?? new SimulatedFlash();
        Options = options ?? new ReportingSessionOptions { Region = "420100", TerminalId = "HB-WH-0001" };
        OutboxOptions = outboxOptions ?? new OutboxOptions();
        Outbox = new Outbox(Store, OutboxOptions);
        Assert.Equal(OutboxStatus.Ok, Outbox.Open());
        List = new ListDownload(Store, "listdl.state", ListTarget, 4096);
        Assert.True(List.Open());
        Session = new ReportingSession(Options, Connect, Transport, Outbox, Health, Config, List);
    }

    public SimulatedFlash Store { get; }

    public ReportingSessionOptions Options { get; }

    public OutboxOptions OutboxOptions { get; }

    public MqttConnectSettings Connect { get; } = new() { Host = "broker.test", Port = 8883 };

    public FakeMqttTransport Transport { get; } = new();

    public Outbox Outbox { get; }

    public FixedHealth Health { get; } = new();

    public RecordingConfigSink Config { get; } = new();

    public MemoryListTarget ListTarget { get; } = new();

    public ListDownload List { get; }

    public ReportingSession Session { get; }

    public long Now { get; set; }

    private int _next;

    public UsageEvent Tap()
    {
        var e = UsageEvents.Make(_next++, Options.TerminalId);
        Assert.Equal(OutboxStatus.Ok, Outbox.Append(e));
        return e;
    }

    /// <summary>Advances the clock in steps, polling the session at each.</summary>
    public void Run(long milliseconds, long step = 100)
    {
        long end = Now + milliseconds;
        while (Now < end)
        {
            Now = Math.Min(end, Now + step);
            Session.Poll(Now);
        }
    }

    /// <summary>Event ids of every usage batch published so far, in order (duplicates included).</summary>
    public List<string> PublishedIds() => Transport.On("/usage")
        .SelectMany(p => JsonDocument.Parse(p.Payload).RootElement.GetProperty("events").EnumerateArray())
        .Select(e => e.GetProperty("id").GetString()!).ToList();

    public sealed class FixedHealth : IHealthSource
    {
        public void Fill(HealthSnapshot into)
        {
            into.UnixSeconds = 1_780_000_000;
            into.Clock = ClockTrust.Trusted;
            into.ListSequence = 77;
            into.ListAgeSeconds = 3600;
            into.ReadErrors = 2;
            into.FreeHeapBytes = 81_234;
            into.UptimeSeconds = 42;
            into.Firmware = "1.0.0";
        }
    }

    public sealed class RecordingConfigSink : IConfigurationSink
    {
        public List<byte[]> Accepted { get; } = new();

        public bool Offer(byte[] payload)
        {
            if (payload.Length < 4 || payload[0] != (byte)'c')
            {
                return false; // stands in for a failed signature check
            }

            Accepted.Add(payload);
            return true;
        }
    }

    public sealed class MemoryListTarget : IListDownloadTarget
    {
        public byte[] Slot { get; private set; } = [];

        public long InstalledSequence { get; set; }

        public List<long> Completed { get; } = new();

        public bool RefuseCompletion { get; set; }

        public bool Begin(long sequence, long totalBytes)
        {
            Slot = new byte[totalBytes];
            return true;
        }

        public bool Resume(long sequence, long totalBytes) => Slot.Length == totalBytes;

        public bool Write(long offset, byte[] data, int dataOffset, int count)
        {
            Array.Copy(data, dataOffset, Slot, offset, count);
            return true;
        }

        public bool Complete(long sequence)
        {
            if (RefuseCompletion)
            {
                return false;
            }

            Completed.Add(sequence);
            InstalledSequence = sequence;
            return true;
        }
    }
}
