using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Terminal.Tools.Platform;

/// <summary>An ingest process: the broker it reads from (<see cref="BrokerEndpoint"/>) and how it subscribes.</summary>
public sealed class IngestOptions : BrokerEndpoint
{
    /// <summary>Region code, or "+" for every region.</summary>
    public string Region { get; set; } = "+";

    /// <summary>Shared-subscription group: processes with the same group split the traffic ($share/{group}/...).</summary>
    public string ShareGroup { get; set; } = "ingest";

    /// <summary>Stable per process so the broker keeps its session (and queued messages) across reconnects.</summary>
    public string ClientId { get; set; } = "ingest-" + Environment.MachineName + "-" + Environment.ProcessId;

    /// <summary>How long the broker keeps this ingest's session while it is away.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Largest batch message accepted; larger ones are rejected without parsing.</summary>
    public int MaxMessageBytes { get; set; } = 1 << 20;
}

/// <summary>Running counts of an ingest process (thread-safe snapshots).</summary>
public sealed class IngestCounters
{
    private long _messages, _events, _stored, _duplicates, _rejectedMessages, _rejectedEvents, _heartbeats, _states;

    public long Messages => Interlocked.Read(ref _messages);
    public long Events => Interlocked.Read(ref _events);
    public long Stored => Interlocked.Read(ref _stored);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long RejectedMessages => Interlocked.Read(ref _rejectedMessages);
    public long RejectedEvents => Interlocked.Read(ref _rejectedEvents);
    public long Heartbeats => Interlocked.Read(ref _heartbeats);

    /// <summary>Status (online/offline, Last Will) and firmware-status messages applied to the terminals table.</summary>
    public long States => Interlocked.Read(ref _states);

    internal void Add(long messages, long events, long stored, long duplicates, long rejectedMessages, long rejectedEvents, long heartbeats, long states)
    {
        Interlocked.Add(ref _states, states);
        Interlocked.Add(ref _messages, messages);
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _rejectedMessages, rejectedMessages);
        Interlocked.Add(ref _rejectedEvents, rejectedEvents);
        Interlocked.Add(ref _heartbeats, heartbeats);
    }

    public override string ToString() =>
        $"messages={Messages} events={Events} stored={Stored} duplicates={Duplicates} rejected_messages={RejectedMessages} rejected_events={RejectedEvents} heartbeats={Heartbeats} states={States}";
}

/// <summary>
/// `platform ingest`: consumes usage batches from the broker through a shared subscription (several processes split a
/// province's traffic), de-duplicates by event id and stores them. A message is acknowledged to the broker only after
/// its events are committed (group commit across messages), so a crash of the ingest loses nothing: the broker
/// redelivers, and the store skips what it already has. Brokers without shared subscriptions (MQTTnet's embedded
/// broker) get a plain subscription: every process then sees every message, and the store still keeps one copy.
/// </summary>
public sealed class PlatformIngest : IAsyncDisposable
{
    private readonly IngestOptions _options;
    private readonly IUsageStore _store;
    private readonly TextWriter _log;
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly MqttClientFactory _factory = new();
    private IMqttClient? _client;
    private Task? _writer;
    private Task? _connector;

    public PlatformIngest(IngestOptions options, IUsageStore store, TextWriter? log = null)
    {
        _options = options;
        _store = store;
        _log = log ?? TextWriter.Null;
    }

    public IngestCounters Counters { get; } = new();

    /// <summary>Raised on the writer after each commit with the events of that commit (new and duplicate), for measurements.</summary>
    public event Action<IReadOnlyList<StoredUsageEvent>>? Committed;

    /// <summary>True when the broker granted the $share subscription; false when it fell back to a plain one.</summary>
    public bool UsingSharedSubscription { get; private set; }

    public bool IsConnected => _client?.IsConnected == true;

    public string UsageFilter => "rp/v1/" + _options.Region + "/+/usage";

    public string HealthFilter => "rp/v1/" + _options.Region + "/+/health";

    /// <summary>
    /// Status and firmware status: retained, rare, and wanted by every worker at subscribe time (a shared subscription
    /// gets no retained messages), so plain subscriptions; every worker applies them, and the upserts are idempotent.
    /// </summary>
    public string[] StateFilters => ["rp/v1/" + _options.Region + "/+/status", "rp/v1/" + _options.Region + "/+/firmware/status"];

    /// <summary>Connects (retrying until it succeeds or stops) and starts consuming.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _store.InitializeAsync(cancellationToken);
        _writer = Task.Run(WriteLoopAsync);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connector = Task.Run(() => ConnectLoopAsync(connected));
        using var registration = cancellationToken.Register(() => connected.TrySetCanceled());
        await connected.Task;
    }

    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        _wake.Release();
        if (_connector != null)
        {
            await _connector;
        }

        var client = _client;
        if (client != null)
        {
            try
            {
                await client.DisconnectAsync();
            }
            catch (Exception)
            {
                // Already disconnected.
            }

            client.Dispose();
        }

        _work.Writer.TryComplete();
        if (_writer != null)
        {
            await _writer;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private readonly SemaphoreSlim _wake = new(0);

    private async Task ConnectLoopAsync(TaskCompletionSource connected)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!_stopping.IsCancellationRequested)
        {
            if (_client?.IsConnected != true)
            {
                try
                {
                    await ConnectOnceAsync();
                    connected.TrySetResult();
                    delay = TimeSpan.FromMilliseconds(200);
                }
                catch (Exception) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    _log.WriteLine("ingest: connect to " + _options.Host + ":" + _options.Port + " failed (" + ex.GetBaseException().Message + "), retrying");
                    delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
                }
            }

            try
            {
                await _wake.WaitAsync(delay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ConnectOnceAsync()
    {
        _client?.Dispose();
        var builder = _options.Configure(new MqttClientOptionsBuilder())
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(10));
        var client = _factory.CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += _ =>
        {
            _wake.Release();
            return Task.CompletedTask;
        };
        _client = client;
        var result = await client.ConnectAsync(builder.Build(), _stopping.Token);
        bool share = result.SharedSubscriptionAvailable && _options.ShareGroup.Length > 0;
        UsingSharedSubscription = share && await TrySubscribeAsync(client, "$share/" + _options.ShareGroup + "/" + UsageFilter, "$share/" + _options.ShareGroup + "/" + HealthFilter);
        if (!UsingSharedSubscription)
        {
            if (share)
            {
                _log.WriteLine("ingest: the broker refused the shared subscription; subscribing plainly (every ingest process receives everything)");
            }

            if (!await TrySubscribeAsync(client, UsageFilter, HealthFilter))
            {
                throw new InvalidOperationException("the broker refused the subscription to " + UsageFilter);
            }
        }

        var state = new MqttClientSubscribeOptionsBuilder();
        foreach (var filter in StateFilters)
        {
            state.WithTopicFilter(f => f.WithTopic(filter).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce));
        }

        if ((await client.SubscribeAsync(state.Build(), _stopping.Token)).Items.Any(i => (int)i.ResultCode > 2))
        {
            throw new InvalidOperationException("the broker refused the subscription to " + string.Join(", ", StateFilters));
        }

        _log.WriteLine("ingest: connected to " + _options.Host + ":" + _options.Port + " as " + _options.ClientId + (UsingSharedSubscription
            ? ", shared subscription $share/" + _options.ShareGroup + "/" + UsageFilter
            : ", subscription " + UsageFilter + " (broker without shared subscriptions)"));
    }

    private async Task<bool> TrySubscribeAsync(IMqttClient client, string usage, string health)
    {
        var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(f => f.WithTopic(usage).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce))
            .WithTopicFilter(f => f.WithTopic(health).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce))
            .Build(), _stopping.Token);
        return result.Items.All(i => (int)i.ResultCode <= 2);
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        // Acknowledged by the writer after the commit, in arrival order.
        e.AutoAcknowledge = false;
        var topic = e.ApplicationMessage.Topic;
        var payload = e.ApplicationMessage.Payload;
        Work work;
        if (!topic.EndsWith("/usage", StringComparison.Ordinal))
        {
            // Status, heartbeat or firmware status: a fact about the terminal, or nothing if malformed.
            bool ok = TerminalReports.TryParse(topic, System.Buffers.BuffersExtensions.ToArray(payload), DateTime.UtcNow, out var report);
            work = new Work(e, [], 0, !ok && payload.Length > 0, ok ? report : null, true);
        }
        else if (payload.Length > _options.MaxMessageBytes)
        {
            work = new Work(e, [], 0, true, null, false);
        }
        else
        {
            var events = new List<StoredUsageEvent>();
            bool ok = UsageWire.TryParseBatch(topic, System.Buffers.BuffersExtensions.ToArray(payload), events, out int rejected);
            work = new Work(e, events, rejected, !ok, null, false);
        }

        _work.Writer.TryWrite(work);
        return Task.CompletedTask;
    }

    private async Task WriteLoopAsync()
    {
        var reader = _work.Reader;
        var batch = new List<Work>();
        var events = new List<StoredUsageEvent>();
        var reports = new List<TerminalReport>();
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            events.Clear();
            while (batch.Count < 2000 && reader.TryRead(out var work))
            {
                batch.Add(work);
                events.AddRange(work.Events);
            }

            int stored;
            try
            {
                reports.Clear();
                reports.AddRange(batch.Where(w => w.Report != null).Select(w => w.Report!));
                reports.AddRange(TerminalReports.LatestChecks(events, DateTime.UtcNow));
                stored = await _store.StoreAsync(events, reports, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Not committed: do not acknowledge. The broker redelivers after the reconnect this forces.
                _log.WriteLine("ingest: store failed (" + ex.GetBaseException().Message + "); dropping the connection so the broker redelivers");
                await ForceReconnectAsync();
                continue;
            }

            // Acknowledge the committed messages, started in arrival order; awaited together (one await per PUBACK is
            // what limits throughput on a loaded machine).
            var acknowledgements = new Task[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                acknowledgements[i] = AcknowledgeAsync(batch[i].Message);
            }

            await Task.WhenAll(acknowledgements);
            Counters.Add(batch.Count(w => !w.State), events.Count, stored, events.Count - stored, batch.Count(w => w.Malformed),
                batch.Sum(w => w.RejectedEvents), batch.Count(w => w.Report?.Kind == TerminalReportKind.Health),
                batch.Count(w => w.Report is { Kind: TerminalReportKind.Status or TerminalReportKind.Firmware }));
            Committed?.Invoke(events);
        }
    }

    private static async Task AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs message)
    {
        try
        {
            await message.AcknowledgeAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // Connection gone: the broker will redeliver; the store skips the duplicates.
        }
    }

    private async Task ForceReconnectAsync()
    {
        try
        {
            if (_client != null)
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.UnspecifiedError).Build());
            }
        }
        catch (Exception)
        {
            // Already down.
        }
    }

    /// <summary>One received message: a usage batch (Events), or a state message (State, with its Report when well-formed).</summary>
    private sealed record Work(MqttApplicationMessageReceivedEventArgs Message, List<StoredUsageEvent> Events, int RejectedEvents, bool Malformed,
        TerminalReport? Report, bool State);
}
