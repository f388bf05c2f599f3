using Terminal.Core.Reporting;
using Terminal.Drivers.Storage.Simulated;
using Xunit.Abstractions;

namespace Terminal.Tests.Reporting;

/// <summary>
/// Cuts power at every boundary of a scripted workload (appends across segments and counter blocks, reads,
/// acknowledgements with compaction, rewinds, overflow drops) and checks after each reboot that the outbox recovers:
/// nothing appended and unacknowledged is lost without being counted, nothing acknowledged comes back, no sequence
/// is handed out twice, and the outbox keeps working. Two flash models: only flushed data survives (cut before each
/// create/delete/write/flush: one tick per write, as every write fits in one large page), and every byte written
/// survives (cut after each byte, tearing the write in progress). The exhaustive per-operation scenarios over every
/// fault model are in Reliability/OutboxCrashConsistencyTests; this is the long random workload with rewinds.
/// </summary>
public sealed class OutboxPowerCutTests(ITestOutputHelper output)
{
    private static OutboxOptions Options(bool overflow) => new()
    {
        SegmentBytes = 400,
        MaxBytes = overflow ? 1200 : 1 << 20,
        CounterBlock = 5,
        Overflow = OverflowPolicy.DropOldest,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_operation_boundary_with_only_flushed_data_surviving(bool overflow)
    {
        var reference = FlushedOnly();
        var run = Workload.Run(reference, Options(overflow));
        Assert.False(run.CutHappened);
        long boundaries = reference.WriteTicks;
        Assert.True(boundaries > 100, "workload too small: " + boundaries);
        if (overflow)
        {
            Assert.True(run.FinalLost > 0, "the overflow workload must drop events");
        }

        for (long cut = 0; cut <= boundaries; cut++)
        {
            var store = FlushedOnly();
            store.ArmPowerCut(cut, UnflushedDataOnPowerCut.Lost);
            var result = Workload.Run(store, Options(overflow));
            Assert.Equal(cut < boundaries, result.CutHappened);
            Verify(result, store.Reboot(), Options(overflow), "flushed-only cut before operation " + cut);
        }

        output.WriteLine("power cuts (flushed-only, overflow=" + overflow + "): " + (boundaries + 1) + " operation boundaries tested");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_byte_of_every_write_with_torn_writes_surviving(bool overflow)
    {
        // A shorter workload (still several segments, counter blocks, acknowledgements and, with overflow, drops).
        const int steps = 14;
        var reference = new SimulatedFlash();
        var run = Workload.Run(reference, Options(overflow), steps);
        long bytes = reference.WriteTicks;
        Assert.True(bytes > 1500, "workload too small: " + bytes);
        Assert.True(reference.FileNames.Count >= 3, "workload must span segments");
        for (long cut = 0; cut <= bytes; cut++)
        {
            var store = new SimulatedFlash();
            store.ArmPowerCut(cut, UnflushedDataOnPowerCut.Kept);
            var result = Workload.Run(store, Options(overflow), steps);
            Verify(result, store.Reboot(), Options(overflow), "write-through cut after byte " + cut);
        }

        output.WriteLine("power cuts (write-through, every byte, overflow=" + overflow + "): " + (bytes + 1) + " byte boundaries tested");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_write_torn_at_its_field_boundaries_over_the_long_workload(bool overflow)
    {
        var reference = new SimulatedFlash();
        Workload.Run(reference, Options(overflow));
        var cuts = new SortedSet<long>();
        foreach (var (start, ticks) in reference.WriteLog)
        {
            int length = (int)ticks;
            // Before the write, after each of its first bytes (length prefix, version), inside the body, before the CRC, after it.
            foreach (int k in new[] { 0, 1, 2, 3, length / 2, length - 5, length - 4, length - 1, length })
            {
                if (k >= 0 && k <= length)
                {
                    cuts.Add(start + k);
                }
            }
        }

        foreach (long cut in cuts)
        {
            var store = new SimulatedFlash();
            store.ArmPowerCut(cut, UnflushedDataOnPowerCut.Kept);
            var result = Workload.Run(store, Options(overflow));
            Verify(result, store.Reboot(), Options(overflow), "write-through cut after byte " + cut);
        }

        output.WriteLine("power cuts (write-through, " + reference.WriteLog.Count + " writes torn at field boundaries, overflow=" + overflow + "): "
            + cuts.Count + " byte boundaries tested");
    }

    [Fact]
    public void A_second_cut_during_recovery_and_compaction_is_survived_too()
    {
        var reference = FlushedOnly();
        Workload.Run(reference, Options(true));
        int tested = 0;
        for (long first = 3; first < reference.WriteTicks; first += 11)
        {
            var store = FlushedOnly();
            store.ArmPowerCut(first, UnflushedDataOnPowerCut.Lost);
            var result = Workload.Run(store, Options(true));
            var afterFirst = store.Reboot();

            // Count the recovery's own operations, then cut at each of them.
            var probe = afterFirst.Clone();
            var outbox = new Outbox(probe, Options(true));
            outbox.Open();
            DrainAll(outbox);
            for (long second = 0; second < probe.WriteTicks; second++)
            {
                var again = afterFirst.Clone();
                again.ArmPowerCut(second, UnflushedDataOnPowerCut.Lost);
                var recovering = new Outbox(again, Options(true));
                try
                {
                    if (recovering.Open() == OutboxStatus.Ok)
                    {
                        DrainAll(recovering); // stops at the cut: acknowledgements done so far count as delivered
                    }
                }
                catch (PowerCutException)
                {
                }

                var acknowledged = new HashSet<long>(result.Acknowledged);
                acknowledged.UnionWith(AcknowledgedBy(recovering));
                var delivered = new HashSet<long>(result.Delivered);
                delivered.UnionWith(DeliveredBy(recovering));
                Verify(result with { Acknowledged = acknowledged, Delivered = delivered }, again.Reboot(), Options(true), "cut " + first + " then " + second);
                tested++;
            }
        }

        Assert.True(tested > 50);
        output.WriteLine("double power cuts (cut during recovery and compaction): " + tested + " boundaries tested");
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Outbox, HashSet<long>> DrainedAcks = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Outbox, HashSet<long>> DrainedDeliveries = new();

    private static IEnumerable<long> AcknowledgedBy(Outbox outbox) => DrainedAcks.TryGetValue(outbox, out var set) ? set : [];

    private static IEnumerable<long> DeliveredBy(Outbox outbox) => DrainedDeliveries.TryGetValue(outbox, out var set) ? set : [];

    private static void DrainAll(Outbox outbox)
    {
        var acked = DrainedAcks.GetOrCreateValue(outbox);
        var delivered = DrainedDeliveries.GetOrCreateValue(outbox);
        var buffer = UsageEvents.Buffer(4);
        while (true)
        {
            int n = outbox.ReadNext(buffer, 0, 4);
            if (n <= 0)
            {
                return;
            }

            delivered.UnionWith(buffer.Take(n).Select(b => b.Sequence));
            if (outbox.Acknowledge(buffer[n - 1].Sequence) != OutboxStatus.Ok)
            {
                return;
            }

            acked.UnionWith(buffer.Take(n).Select(b => b.Sequence));
        }
    }

    /// <summary>Unflushed data lost, and every write one tick (it fits in one page): cuts fall between operations.</summary>
    private static SimulatedFlash FlushedOnly() => new(pageBytes: 1 << 20, tickUnit: WriteTickUnit.Page);

    private static void Check(bool condition, Func<string> message)
    {
        if (!condition)
        {
            Assert.Fail(message());
        }
    }

    private static void Verify(Workload.Result run, SimulatedFlash rebooted, OutboxOptions options, string where)
    {
        var outbox = new Outbox(rebooted, options);
        Check(outbox.Open() == OutboxStatus.Ok, () => where + ": open failed");
        long lost = outbox.LostEvents;
        var recovered = new List<UsageEvent>();
        var buffer = UsageEvents.Buffer(5);
        while (true)
        {
            int n = outbox.ReadNext(buffer, 0, 5);
            Check(n >= 0, () => where + ": read failed");
            if (n == 0)
            {
                break;
            }

            for (int i = 0; i < n; i++)
            {
                var copy = new UsageEvent();
                copy.CopyFrom(buffer[i]);
                recovered.Add(copy);
            }

            Assert.Equal(OutboxStatus.Ok, outbox.Acknowledge(buffer[n - 1].Sequence));
        }

        for (int i = 1; i < recovered.Count; i++)
        {
            Check(recovered[i].Sequence > recovered[i - 1].Sequence, () => where + ": sequences out of order");
        }

        foreach (var e in recovered)
        {
            Check(run.Attempted.TryGetValue(e.Sequence, out var original), () => where + ": phantom event " + e.Sequence);
            Check(UsageEvents.SameContent(original!, e), () => where + ": event " + e.Sequence + " altered");
            Check(!run.Acknowledged.Contains(e.Sequence), () => where + ": acknowledged event " + e.Sequence + " came back");
        }

        var recoveredSet = recovered.Select(e => e.Sequence).ToHashSet();
        var missing = run.AppendedOk.Where(s => !run.Delivered.Contains(s) && !recoveredSet.Contains(s)).ToList();
        Check(missing.Count <= lost, () => where + ": " + missing.Count + " events missing but only " + lost + " counted as lost (first " + missing.FirstOrDefault() + ")");
        if (options.MaxBytes >= 1 << 20)
        {
            Assert.Empty(missing);
            Assert.Equal(0, lost);
        }

        // Still fully working: new events get fresh sequences and drain completely. Handed out: returned by Append, or
        // on the flash; an append cut before its record reached the flash spent nothing anyone could have seen.
        long handedOut = Math.Max(run.MaxAppendedSequence, recovered.Count == 0 ? 0 : recovered[^1].Sequence);
        var fresh = new List<long>();
        for (int i = 0; i < 12; i++)
        {
            var e = UsageEvents.Make(1000 + i);
            Check(outbox.Append(e) == OutboxStatus.Ok, () => where + ": append after recovery failed");
            Check(e.Sequence > handedOut, () => where + ": sequence " + e.Sequence + " reused (max handed out " + handedOut + ")");
            fresh.Add(e.Sequence);
        }

        var drained = new List<long>();
        while (true)
        {
            int n = outbox.ReadNext(buffer, 0, 5);
            if (n == 0)
            {
                break;
            }

            drained.AddRange(buffer.Take(n).Select(e => e.Sequence));
            Assert.Equal(OutboxStatus.Ok, outbox.Acknowledge(buffer[n - 1].Sequence));
        }

        Assert.Equal(fresh, drained);
        Assert.Equal(0, outbox.PendingCount);
        Assert.Equal(lost, outbox.LostEvents);
    }

    /// <summary>The scripted workload and what it observed up to the cut (the oracle).</summary>
    private static class Workload
    {
        /// <param name="Acknowledged">Acknowledge returned Ok for these: they must never come back.</param>
        /// <param name="Delivered">Acknowledge was called for these (the broker had PUBACKed them): they may be gone even if the call failed.</param>
        public sealed record Result(Dictionary<long, UsageEvent> Attempted, HashSet<long> AppendedOk, HashSet<long> Acknowledged,
            HashSet<long> Delivered, long MaxAppendedSequence, bool CutHappened, long FinalLost);

        public static Result Run(SimulatedFlash store, OutboxOptions options, int steps = 40)
        {
            var attempted = new Dictionary<long, UsageEvent>();
            var appended = new HashSet<long>();
            var acknowledged = new HashSet<long>();
            var delivered = new HashSet<long>();
            var read = new List<long>();
            long maxAppended = 0;
            Outbox? outbox = null;
            Result Stop(bool cut) => new(attempted, appended, acknowledged, delivered, maxAppended, cut, outbox?.LostEvents ?? 0);
            try
            {
                outbox = new Outbox(store, options);
                if (outbox.Open() != OutboxStatus.Ok)
                {
                    return Stop(true);
                }

                var random = new Random(7);
                var buffer = UsageEvents.Buffer(4);
                int index = 0;
                for (int step = 0; step < steps; step++)
                {
                    int appends = 1 + random.Next(3);
                    for (int a = 0; a < appends; a++)
                    {
                        var e = UsageEvents.Make(index++);
                        long sequence = outbox.NextSequence;
                        var copy = new UsageEvent();
                        copy.CopyFrom(e);
                        attempted[sequence] = copy;
                        if (outbox.Append(e) != OutboxStatus.Ok)
                        {
                            return Stop(true);
                        }

                        appended.Add(sequence);
                        maxAppended = Math.Max(maxAppended, sequence);
                    }

                    int action = random.Next(6);
                    if (action <= 2)
                    {
                        int n = outbox.ReadNext(buffer, 0, 1 + random.Next(4));
                        if (n < 0)
                        {
                            return Stop(true);
                        }

                        read.AddRange(buffer.Take(n).Select(b => b.Sequence));
                    }

                    if ((action == 1 || action == 3) && read.Count > 0)
                    {
                        long through = read[random.Next(read.Count)];
                        delivered.UnionWith(read.Where(s => s <= through));
                        if (outbox.Acknowledge(through) != OutboxStatus.Ok)
                        {
                            return Stop(true);
                        }

                        acknowledged.UnionWith(read.Where(s => s <= through && appended.Contains(s)));
                        read.RemoveAll(s => s <= through);
                    }

                    if (action == 4)
                    {
                        outbox.RewindUnsent();
                        read.Clear();
                    }
                }

                return Stop(false);
            }
            catch (PowerCutException)
            {
                return Stop(true);
            }
        }
    }
}
