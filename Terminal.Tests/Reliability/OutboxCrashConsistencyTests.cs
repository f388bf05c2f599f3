using Terminal.Core.Reporting;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Reporting;
using Xunit.Abstractions;
using static Terminal.Tests.Reliability.CrashConsistency;

namespace Terminal.Tests.Reliability;

/// <summary>
/// The outbox and its event counter, cut at every write boundary (<see cref="CrashConsistency"/>). After each cut the
/// recovered outbox holds every appended event that was not delivered (or counts it as lost on overflow), gives back no
/// acknowledged event, hands out no sequence twice, and keeps working.
/// </summary>
public sealed class OutboxCrashConsistencyTests(ITestOutputHelper output)
{
    private static OutboxOptions Options(long maxBytes = 1 << 20) => new()
    {
        SegmentBytes = 400,
        MaxBytes = maxBytes,
        CounterBlock = 5,
        Overflow = OverflowPolicy.DropOldest,
        FirstSequence = 1_780_000_000,
    };

    [Fact]
    public void Append_across_segments_and_counter_blocks()
    {
        var (start, before) = Prepare(Options(), appended: 6, acknowledged: 3);
        long cuts = CutEverywhere(output, "outbox append", start, before.Copy, (flash, run) =>
        {
            var outbox = OpenOutbox(flash, Options());
            for (int i = 0; i < 9; i++)
            {
                run.Append(outbox, 100 + i);
            }
        }, (flash, run, point) => Verify(flash, Options(), run, point));
        Assert.True(cuts > 2000, "append workload too small: " + cuts);
    }

    [Fact]
    public void Acknowledge_with_compaction_of_delivered_segments()
    {
        var (start, before) = Prepare(Options(), appended: 16, acknowledged: 2);
        CutEverywhere(output, "outbox acknowledge+compaction", start, before.Copy, (flash, run) =>
        {
            var outbox = OpenOutbox(flash, Options());
            int segments = outbox.SegmentCount;
            run.DrainAndAcknowledge(outbox, batch: 3);
            Assert.True(outbox.SegmentCount < segments || flash.PowerIsOff, "nothing was compacted");
        }, (flash, run, point) => Verify(flash, Options(), run, point));
    }

    [Fact]
    public void Append_on_a_full_outbox_dropping_the_oldest_segment()
    {
        var options = Options(maxBytes: 800);
        var (start, before) = Prepare(options, appended: 8, acknowledged: 1);
        CutEverywhere(output, "outbox overflow drop-oldest", start, before.Copy, (flash, run) =>
        {
            var outbox = OpenOutbox(flash, options);
            for (int i = 0; i < 6; i++)
            {
                run.Append(outbox, 200 + i);
            }

            Assert.True(outbox.LostEvents > 0, "the workload must overflow");
        }, (flash, run, point) => Verify(flash, options, run, point));
    }

    /// <summary>The event counter (ReservedThrough): boots that each append a little, from a brand-new outbox.</summary>
    [Fact]
    public void Event_counter_across_boots_never_reuses_an_id()
    {
        var options = Options();
        CutEverywhere(output, "event counter (outbox ReservedThrough)", new SimulatedFlash(), () => new OutboxRun(), (flash, run) =>
        {
            for (int boot = 0; boot < 4; boot++)
            {
                var outbox = OpenOutbox(flash, options);
                run.Append(outbox, boot * 10);
                run.Append(outbox, (boot * 10) + 1);
                run.Append(outbox, (boot * 10) + 2);
                outbox.Close();
            }
        }, (flash, run, point) =>
        {
            var next = Verify(flash, options, run, point);
            Check(next >= options.FirstSequence, point, () => "sequence " + next + " below the first sequence");
        });
    }

    private static Outbox OpenOutbox(SimulatedFlash flash, OutboxOptions options)
    {
        var outbox = new Outbox(flash, options);
        Assert.Equal(OutboxStatus.Ok, outbox.Open());
        return outbox;
    }

    /// <summary>A flash with some events appended and some acknowledged, cleanly shut down.</summary>
    private static (SimulatedFlash Flash, OutboxRun Run) Prepare(OutboxOptions options, int appended, int acknowledged)
    {
        var flash = new SimulatedFlash();
        var run = new OutboxRun();
        var outbox = OpenOutbox(flash, options);
        for (int i = 0; i < appended; i++)
        {
            run.Append(outbox, i);
        }

        var buffer = UsageEvents.Buffer(acknowledged);
        int n = outbox.ReadNext(buffer, 0, acknowledged);
        Assert.Equal(acknowledged, n);
        run.Acknowledge(outbox, buffer[n - 1].Sequence, buffer.Take(n).Select(e => e.Sequence));
        outbox.Close();
        return (flash.Reboot(), run);
    }

    /// <summary>Recovers, checks the invariants against what the run was told, and returns the next fresh sequence.</summary>
    private static long Verify(SimulatedFlash rebooted, OutboxOptions options, OutboxRun run, CutPoint point)
    {
        var outbox = new Outbox(rebooted, options);
        Check(outbox.Open() == OutboxStatus.Ok, point, () => "recovery failed");
        long lost = outbox.LostEvents;
        var recovered = new List<UsageEvent>();
        var buffer = UsageEvents.Buffer(8);
        while (true)
        {
            int n = outbox.ReadNext(buffer, 0, 8);
            Check(n >= 0, point, () => "read failed");
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

            Check(outbox.Acknowledge(buffer[n - 1].Sequence) == OutboxStatus.Ok, point, () => "acknowledge failed");
        }

        for (int i = 1; i < recovered.Count; i++)
        {
            Check(recovered[i].Sequence > recovered[i - 1].Sequence, point, () => "sequences out of order");
        }

        foreach (var e in recovered)
        {
            Check(run.Attempted.TryGetValue(e.Sequence, out var original), point, () => "phantom event " + e.Sequence);
            Check(UsageEvents.SameContent(original!, e), point, () => "event " + e.Sequence + " altered");
            Check(!run.Acknowledged.Contains(e.Sequence), point, () => "acknowledged event " + e.Sequence + " came back");
        }

        var recoveredSequences = recovered.Select(e => e.Sequence).ToHashSet();
        var missing = run.AppendedOk.Where(s => !run.Delivered.Contains(s) && !recoveredSequences.Contains(s)).ToList();
        Check(missing.Count <= lost, point, () => missing.Count + " appended events missing, " + lost + " counted as lost (first " + missing[0] + ")");
        if (options.MaxBytes >= 1 << 20)
        {
            Check(missing.Count == 0 && lost == 0, point, () => "events lost without overflow");
        }

        // Handed out: returned by Append, or on the flash (readable, so sendable). An append cut before its record
        // reached the flash spent nothing anyone could have seen.
        long handedOut = run.AppendedOk.Concat(recoveredSequences).DefaultIfEmpty(0).Max();
        var fresh = UsageEvents.Make(999);
        Check(outbox.Append(fresh) == OutboxStatus.Ok, point, () => "append after recovery failed");
        Check(fresh.Sequence > handedOut, point, () => "sequence " + fresh.Sequence + " reused (handed out up to " + handedOut + ")");
        return fresh.Sequence;
    }

    /// <summary>What the outbox told its callers before the cut: the oracle of <see cref="Verify"/>.</summary>
    private sealed class OutboxRun
    {
        /// <summary>Every append tried, by the sequence the outbox was about to hand out.</summary>
        public Dictionary<long, UsageEvent> Attempted { get; private init; } = new();

        public HashSet<long> AppendedOk { get; private init; } = new();

        /// <summary>Acknowledge returned Ok for these: they must never come back.</summary>
        public HashSet<long> Acknowledged { get; private init; } = new();

        /// <summary>Acknowledge was called for these (the broker had them): they may be gone even if the call was cut.</summary>
        public HashSet<long> Delivered { get; private init; } = new();

        public OutboxRun Copy() => new()
        {
            Attempted = new(Attempted),
            AppendedOk = new(AppendedOk),
            Acknowledged = new(Acknowledged),
            Delivered = new(Delivered),
        };

        public void Append(Outbox outbox, int index)
        {
            var e = UsageEvents.Make(index);
            long sequence = outbox.NextSequence;
            var copy = new UsageEvent();
            copy.CopyFrom(e);
            Attempted[sequence] = copy;
            var status = outbox.Append(e);
            if (status == OutboxStatus.Ok)
            {
                Assert.Equal(sequence, e.Sequence);
                Assert.True(AppendedOk.Count == 0 || sequence > AppendedOk.Max(), "sequence " + sequence + " handed out again");
                AppendedOk.Add(sequence);
            }
        }

        public void Acknowledge(Outbox outbox, long through, IEnumerable<long> read)
        {
            var covered = read.Where(s => s <= through).ToList();
            Delivered.UnionWith(covered);
            if (outbox.Acknowledge(through) == OutboxStatus.Ok)
            {
                Acknowledged.UnionWith(covered);
            }
        }

        public void DrainAndAcknowledge(Outbox outbox, int batch)
        {
            var buffer = UsageEvents.Buffer(batch);
            while (true)
            {
                int n = outbox.ReadNext(buffer, 0, batch);
                if (n <= 0)
                {
                    return;
                }

                Acknowledge(outbox, buffer[n - 1].Sequence, buffer.Take(n).Select(e => e.Sequence));
            }
        }
    }
}
