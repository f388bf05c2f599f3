using Terminal.Core.Reporting;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Tests.Reporting;

public sealed class OutboxTests
{
    private static Outbox OpenOutbox(SimulatedFlash store, OutboxOptions? options = null)
    {
        var outbox = new Outbox(store, options ?? new OutboxOptions());
        Assert.Equal(OutboxStatus.Ok, outbox.Open());
        return outbox;
    }

    private static List<UsageEvent> Drain(Outbox outbox, int batch = 7)
    {
        var all = new List<UsageEvent>();
        var buffer = UsageEvents.Buffer(batch);
        while (true)
        {
            int n = outbox.ReadNext(buffer, 0, batch);
            Assert.True(n >= 0, "storage error while draining");
            if (n == 0)
            {
                return all;
            }

            for (int i = 0; i < n; i++)
            {
                var copy = new UsageEvent();
                copy.CopyFrom(buffer[i]);
                all.Add(copy);
            }

            Assert.Equal(OutboxStatus.Ok, outbox.Acknowledge(buffer[n - 1].Sequence));
        }
    }

    [Fact]
    public void Appended_events_come_back_in_order_with_their_content_and_increasing_sequences()
    {
        var outbox = OpenOutbox(new SimulatedFlash());
        var sent = Enumerable.Range(0, 50).Select(i => UsageEvents.Make(i)).ToList();
        foreach (var e in sent)
        {
            Assert.Equal(OutboxStatus.Ok, outbox.Append(e));
        }

        Assert.Equal(50, outbox.PendingCount);
        var back = Drain(outbox);
        Assert.Equal(50, back.Count);
        for (int i = 0; i < 50; i++)
        {
            Assert.True(UsageEvents.SameContent(sent[i], back[i]), "event " + i + " differs");
            Assert.Equal(sent[i].Sequence, back[i].Sequence);
        }

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), back.Select(e => e.Sequence));
        Assert.Equal(0, outbox.PendingCount);
    }

    [Fact]
    public void Invalid_events_are_refused_without_spending_a_sequence()
    {
        var outbox = OpenOutbox(new SimulatedFlash());
        var bad = UsageEvents.Make(1);
        bad.TerminalId = "bad/terminal";
        Assert.Equal(OutboxStatus.InvalidEvent, outbox.Append(bad));
        var badPermit = UsageEvents.Make(2);
        badPermit.PermitNumber = 1L << 40;
        Assert.Equal(OutboxStatus.InvalidEvent, outbox.Append(badPermit));
        var good = UsageEvents.Make(3);
        Assert.Equal(OutboxStatus.Ok, outbox.Append(good));
        Assert.Equal(1, good.Sequence);
    }

    [Fact]
    public void Reopening_keeps_unacknowledged_events_drops_acknowledged_ones_and_never_reuses_a_sequence()
    {
        var store = new SimulatedFlash();
        var outbox = OpenOutbox(store, new OutboxOptions { CounterBlock = 16 });
        for (int i = 0; i < 10; i++)
        {
            outbox.Append(UsageEvents.Make(i));
        }

        var buffer = UsageEvents.Buffer(4);
        Assert.Equal(4, outbox.ReadNext(buffer, 0, 4));
        Assert.Equal(OutboxStatus.Ok, outbox.Acknowledge(buffer[3].Sequence));
        Assert.Equal(4, outbox.ReadNext(buffer, 0, 4)); // read, never acknowledged: must come back
        outbox.Close();

        var reopened = OpenOutbox(store.Reboot(), new OutboxOptions { CounterBlock = 16 });
        Assert.Equal(6, reopened.PendingCount);
        Assert.Equal(4, reopened.AcknowledgedThrough);
        var next = UsageEvents.Make(99);
        reopened.Append(next);
        Assert.Equal(17, next.Sequence); // above the reserved block 1..16, never 11..16 again
        var rest = Drain(reopened);
        Assert.Equal(new long[] { 5, 6, 7, 8, 9, 10, 17 }, rest.Select(e => e.Sequence));
    }

    [Fact]
    public void Rewind_resends_everything_read_but_not_acknowledged()
    {
        var outbox = OpenOutbox(new SimulatedFlash());
        for (int i = 0; i < 6; i++)
        {
            outbox.Append(UsageEvents.Make(i));
        }

        var buffer = UsageEvents.Buffer(6);
        Assert.Equal(3, outbox.ReadNext(buffer, 0, 3));
        Assert.Equal(2, outbox.ReadNext(buffer, 3, 2));
        Assert.Equal(OutboxStatus.Ok, outbox.Acknowledge(2));
        Assert.Equal(3, outbox.OutstandingCount);
        outbox.RewindUnsent();
        Assert.Equal(0, outbox.OutstandingCount);
        Assert.Equal(4, outbox.UnsentCount);
        Assert.Equal(new long[] { 3, 4, 5, 6 }, Drain(outbox).Select(e => e.Sequence));
    }

    [Fact]
    public void Acknowledging_a_sequence_not_yet_read_acknowledges_only_what_was_read()
    {
        var outbox = OpenOutbox(new SimulatedFlash());
        for (int i = 0; i < 5; i++)
        {
            outbox.Append(UsageEvents.Make(i));
        }

        var buffer = UsageEvents.Buffer(2);
        outbox.ReadNext(buffer, 0, 2);
        Assert.Equal(OutboxStatus.Ok, outbox.Acknowledge(1000));
        Assert.Equal(2, outbox.AcknowledgedThrough);
        Assert.Equal(3, outbox.PendingCount);
    }

    [Fact]
    public void Compaction_deletes_fully_acknowledged_segments_and_size_stays_bounded()
    {
        var store = new SimulatedFlash();
        var options = new OutboxOptions { SegmentBytes = 1024, MaxBytes = 8192 };
        var outbox = OpenOutbox(store, options);
        for (int round = 0; round < 20; round++)
        {
            for (int i = 0; i < 30; i++)
            {
                Assert.Equal(OutboxStatus.Ok, outbox.Append(UsageEvents.Make(round * 30 + i)));
            }

            Assert.True(outbox.SegmentCount > 1);
            Assert.Equal(30, Drain(outbox).Count);
            Assert.True(outbox.SegmentCount <= 1, "segments left after compaction: " + outbox.SegmentCount);
            Assert.True(outbox.BytesUsed <= options.SegmentBytes);
        }

        Assert.True(store.FileNames.Count <= 2, string.Join(",", store.FileNames)); // state + at most the open tail
        Assert.Equal(0, outbox.LostEvents);
    }

    [Fact]
    public void Overflow_with_drop_oldest_counts_every_dropped_event_and_keeps_the_newest()
    {
        var store = new SimulatedFlash();
        var options = new OutboxOptions { SegmentBytes = 512, MaxBytes = 2048, Overflow = OverflowPolicy.DropOldest };
        var outbox = OpenOutbox(store, options);
        const int total = 200;
        for (int i = 0; i < total; i++)
        {
            Assert.Equal(OutboxStatus.Ok, outbox.Append(UsageEvents.Make(i)));
            Assert.True(outbox.BytesUsed <= options.MaxBytes);
        }

        long lost = outbox.LostEvents;
        Assert.True(lost > 0);
        Assert.Equal(total, lost + outbox.PendingCount);
        outbox.Close();

        var reopened = OpenOutbox(store.Reboot(), options);
        Assert.Equal(lost, reopened.LostEvents); // persisted
        var kept = Drain(reopened);
        Assert.Equal(total - lost, kept.Count);
        Assert.Equal(total, kept[^1].Sequence); // the newest survived
        Assert.Equal(Enumerable.Range((int)(lost + 1), (int)(total - lost)).Select(i => (long)i), kept.Select(e => e.Sequence));
    }

    [Fact]
    public void Overflow_with_reject_newest_refuses_and_counts_the_new_event_and_keeps_the_oldest()
    {
        var store = new SimulatedFlash();
        var options = new OutboxOptions { SegmentBytes = 512, MaxBytes = 2048, Overflow = OverflowPolicy.RejectNewest };
        var outbox = OpenOutbox(store, options);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 200; i++)
        {
            var status = outbox.Append(UsageEvents.Make(i));
            Assert.True(status is OutboxStatus.Ok or OutboxStatus.Rejected);
            if (status == OutboxStatus.Ok)
            {
                accepted++;
            }
            else
            {
                rejected++;
            }
        }

        Assert.True(rejected > 0);
        Assert.Equal(rejected, outbox.LostEvents);
        var kept = Drain(outbox);
        Assert.Equal(accepted, kept.Count);
        Assert.Equal(1, kept[0].Sequence);
        Assert.Equal(OutboxStatus.Ok, outbox.Append(UsageEvents.Make(500))); // room again after delivery
    }

    [Fact]
    public void Events_dropped_while_their_batch_is_in_flight_are_not_acknowledged_twice_and_reading_continues()
    {
        var options = new OutboxOptions { SegmentBytes = 512, MaxBytes = 1024 };
        var outbox = OpenOutbox(new SimulatedFlash(), options);
        for (int i = 0; i < 5; i++)
        {
            outbox.Append(UsageEvents.Make(i));
        }

        var buffer = UsageEvents.Buffer(5);
        Assert.Equal(5, outbox.ReadNext(buffer, 0, 5));
        for (int i = 5; i < 40; i++)
        {
            Assert.Equal(OutboxStatus.Ok, outbox.Append(UsageEvents.Make(i)));
        }

        Assert.True(outbox.LostEvents >= 5);
        Assert.Equal(OutboxStatus.Ok, outbox.Acknowledge(buffer[4].Sequence)); // late PUBACK of dropped events: no effect
        var rest = Drain(outbox);
        Assert.Equal(40 - outbox.LostEvents, rest.Count);
        Assert.Equal(40, rest[^1].Sequence);
    }

    [Fact]
    public void A_torn_tail_seals_its_segment_and_appending_continues_in_a_new_one()
    {
        var store = new SimulatedFlash();
        var outbox = OpenOutbox(store);
        for (int i = 0; i < 3; i++)
        {
            outbox.Append(UsageEvents.Make(i));
        }

        store.ArmPowerCut(store.WriteTicks + 20, UnflushedDataOnPowerCut.Kept); // the next record is torn after 20 bytes
        Assert.Throws<PowerCutException>(() => outbox.Append(UsageEvents.Make(3)));

        var rebooted = store.Reboot();
        var reopened = OpenOutbox(rebooted);
        Assert.Equal(1, reopened.TornTailsAtOpen);
        Assert.Equal(3, reopened.PendingCount);
        var next = UsageEvents.Make(4);
        Assert.Equal(OutboxStatus.Ok, reopened.Append(next));
        Assert.Equal(2, reopened.SegmentCount);
        Assert.True(next.Sequence > 4);
        Assert.Equal(new long[] { 1, 2, 3, next.Sequence }, Drain(reopened).Select(e => e.Sequence));
    }

    [Fact]
    public void A_full_flash_fails_the_append_without_damaging_what_is_stored()
    {
        var store = new SimulatedFlash();
        var outbox = OpenOutbox(store);
        for (int i = 0; i < 5; i++)
        {
            outbox.Append(UsageEvents.Make(i));
        }

        store.Capacity = store.UsedBytes + 10;
        Assert.Equal(OutboxStatus.StorageFailed, outbox.Append(UsageEvents.Make(5)));
        Assert.Equal(1, outbox.FailedAppends);
        store.Capacity = long.MaxValue;
        Assert.Equal(OutboxStatus.Ok, outbox.Append(UsageEvents.Make(6)));
        var all = Drain(outbox);
        Assert.Equal(6, all.Count);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, all.Take(5).Select(e => e.Sequence));
        Assert.True(all[5].Sequence > 6);
    }

    [Fact]
    public void A_damaged_record_ends_its_segment_at_open_and_the_earlier_events_survive()
    {
        var store = new SimulatedFlash();
        var outbox = OpenOutbox(store);
        for (int i = 0; i < 6; i++)
        {
            outbox.Append(UsageEvents.Make(i));
        }

        outbox.Close();
        var segment = store.FileNames.Single(n => n != "outbox.state");
        var content = store.ReadAllBytes(segment);
        int third = Outbox.SegmentHeaderBytes;
        for (int r = 0; r < 2; r++)
        {
            third += UsageRecordCodec.RecordLengthFromPrefix(content, third);
        }

        store.CorruptStoredBit(segment, ((third + 10) * 8) + 6); // content[third + 10] ^ 0x40
        var reopened = OpenOutbox(store);
        Assert.Equal(1, reopened.TornTailsAtOpen);
        Assert.Equal(new long[] { 1, 2 }, Drain(reopened).Select(e => e.Sequence));
        var next = UsageEvents.Make(7);
        reopened.Append(next);
        Assert.True(next.Sequence > 6, "sequences 3..6 were handed out before the damage; they must not come back");
    }

    [Fact]
    public void A_brand_new_outbox_starts_at_the_configured_first_sequence()
    {
        var outbox = OpenOutbox(new SimulatedFlash(), new OutboxOptions { FirstSequence = 1_780_000_000_000 });
        var e = UsageEvents.Make(1);
        outbox.Append(e);
        Assert.Equal(1_780_000_000_000, e.Sequence);
    }

    [Fact]
    public void State_writes_are_one_per_acknowledgement_and_one_per_counter_block()
    {
        var outbox = OpenOutbox(new SimulatedFlash(), new OutboxOptions { CounterBlock = 64 });
        long before = outbox.StateWrites;
        for (int i = 0; i < 128; i++)
        {
            outbox.Append(UsageEvents.Make(i));
        }

        Assert.Equal(2, outbox.StateWrites - before);
        Assert.Equal(2, outbox.SegmentCount);
        var buffer = UsageEvents.Buffer(32);
        for (int b = 0; b < 4; b++)
        {
            outbox.ReadNext(buffer, 0, 32);
            outbox.Acknowledge(buffer[31].Sequence);
        }

        Assert.Equal(1, outbox.SegmentCount);
        Assert.Equal(2 + 4 + 1, outbox.StateWrites - before); // reservations, acknowledgements, one compacted segment
    }
}
