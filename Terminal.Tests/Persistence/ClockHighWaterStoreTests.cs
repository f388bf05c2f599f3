using Terminal.Core.Persistence;
using Terminal.Drivers.Storage.Simulated;
using Xunit.Abstractions;
using static Terminal.Tests.Reliability.CrashConsistency;

namespace Terminal.Tests.Persistence;

public sealed class ClockHighWaterStoreTests(ITestOutputHelper output)
{
    private const string Name = "clock-hw";

    [Fact]
    public void An_empty_drive_has_no_mark()
    {
        Assert.Equal(0, new ClockHighWaterStore(new SimulatedFlash(), Name).Load());
    }

    [Fact]
    public void A_saved_mark_survives_a_reboot()
    {
        var flash = new SimulatedFlash();
        var store = new ClockHighWaterStore(flash, Name);
        Assert.True(store.Save(1_790_000_000));
        Assert.True(store.Save(1_790_000_600));
        Assert.Equal(1_790_000_600, new ClockHighWaterStore(flash.Reboot(), Name).Load());
    }

    [Fact]
    public void The_mark_never_goes_down_and_a_lower_value_writes_nothing()
    {
        var flash = new SimulatedFlash();
        var store = new ClockHighWaterStore(flash, Name);
        Assert.True(store.Save(2_000));
        long ticks = flash.WriteTicks;
        Assert.True(store.Save(1_000));
        Assert.True(store.Save(2_000));
        Assert.Equal(ticks, flash.WriteTicks);
        Assert.Equal(1, store.WriteCount);
        Assert.Equal(2_000, new ClockHighWaterStore(flash, Name).Load());
    }

    [Fact]
    public void Saves_alternate_between_the_two_copies()
    {
        var flash = new SimulatedFlash();
        var store = new ClockHighWaterStore(flash, Name);
        store.Save(10);
        store.Save(20);
        store.Save(30);
        Assert.Equal(ClockHighWaterStore.RecordLength, flash.ReadAllBytes(Name + ".0").Length);
        Assert.Equal(ClockHighWaterStore.RecordLength, flash.ReadAllBytes(Name + ".1").Length);
        Assert.Equal(30, new ClockHighWaterStore(flash, Name).Load());
    }

    [Fact]
    public void A_corrupt_newer_copy_falls_back_to_the_older_one()
    {
        var flash = new SimulatedFlash();
        var store = new ClockHighWaterStore(flash, Name);
        store.Save(100); // copy 0
        store.Save(200); // copy 1
        flash.CorruptStoredBit(Name + ".1", 40);
        Assert.Equal(100, new ClockHighWaterStore(flash, Name).Load());
    }

    [Fact]
    public void Both_copies_corrupt_read_as_no_mark_and_the_next_save_recovers()
    {
        var flash = new SimulatedFlash();
        var store = new ClockHighWaterStore(flash, Name);
        store.Save(100);
        store.Save(200);
        flash.CorruptStoredBit(Name + ".0", 3);
        flash.CorruptStoredBit(Name + ".1", 100);
        var reloaded = new ClockHighWaterStore(flash, Name);
        Assert.Equal(0, reloaded.Load());
        Assert.True(reloaded.Save(300));
        Assert.Equal(300, new ClockHighWaterStore(flash, Name).Load());
    }

    /// <summary>
    /// A save over the older of two copies, cut at every write tick under every fault model of the crash-consistency
    /// harness: after reboot the old mark or the new one reads back.
    /// </summary>
    [Fact]
    public void A_save_cut_at_every_write_tick_leaves_the_old_mark_or_the_new_one()
    {
        // Two earlier saves, so both copies exist and the cut save overwrites the older one in place.
        var start = new SimulatedFlash();
        var setup = new ClockHighWaterStore(start, Name);
        setup.Save(1_000);
        setup.Save(2_000);
        CutSaveEverywhere("clock mark save over the older copy", start.Reboot(), before: 2_000, saved: 3_000);
    }

    /// <summary>The very first save, cut at every write tick under every fault model: no mark (0) or the new one.</summary>
    [Fact]
    public void The_first_save_cut_anywhere_leaves_no_mark_or_the_new_one()
    {
        CutSaveEverywhere("first clock mark save", new SimulatedFlash(), before: 0, saved: 5_000);
    }

    /// <summary>
    /// Cuts one Save(saved) over a store reading <paramref name="before"/> everywhere: after every cut the mark reads
    /// before or saved, after the completed run saved, and both outcomes occur after some cut.
    /// </summary>
    private void CutSaveEverywhere(string scenario, SimulatedFlash start, long before, long saved)
    {
        // Outcomes of the interrupted runs only (the completed run must read the new mark, checked below).
        int sawOld = 0, sawNew = 0;
        long cutPoints = CutEverywhere(output, scenario, start, () => 0, (flash, _) =>
        {
            var store = new ClockHighWaterStore(flash, Name);
            Assert.Equal(before, store.Load());
            Assert.True(store.Save(saved));
        }, (flash, _, point) =>
        {
            if (point.Tick == 0 && point.Variant.Unit == WriteTickUnit.Byte)
            {
                Check(point.Ticks > ClockHighWaterStore.RecordLength, point, () => "the save wrote fewer bytes than a record");
            }

            long mark = new ClockHighWaterStore(flash, Name).Load();
            Check(mark == before || mark == saved, point, () => "mark " + mark);
            Check(!point.Completed || mark == saved, point, () => "the completed save reads " + mark);
            if (!point.Completed)
            {
                if (mark == before) sawOld++; else sawNew++;
            }
        });

        output.WriteLine(scenario + ": " + cutPoints + " cut points; after a cut the old mark (" + before + ") read " + sawOld + ", the new one " + sawNew);
        Assert.True(sawOld > 0 && sawNew > 0, "both outcomes after a cut");
    }
}
