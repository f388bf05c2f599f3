using Terminal.Core.Persistence;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Tests.Persistence;

public sealed class ClockHighWaterStoreTests
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

    [Theory]
    [InlineData(UnflushedDataOnPowerCut.Lost)]
    [InlineData(UnflushedDataOnPowerCut.Kept)]
    public void A_save_cut_at_every_write_tick_leaves_the_old_mark_or_the_new_one(UnflushedDataOnPowerCut policy)
    {
        // Two earlier saves, so both copies exist and the cut save overwrites the older one in place.
        var start = new SimulatedFlash();
        var setup = new ClockHighWaterStore(start, Name);
        setup.Save(1_000);
        setup.Save(2_000);
        start = start.Reboot();

        static void Operation(SimulatedFlash flash)
        {
            var store = new ClockHighWaterStore(flash, Name);
            Assert.Equal(2_000, store.Load());
            Assert.True(store.Save(3_000));
        }

        long ticks = SimulatedFlash.CountWriteTicks(start, Operation);
        Assert.True(ticks > ClockHighWaterStore.RecordLength);
        int sawOld = 0, sawNew = 0;
        for (long cut = 0; cut <= ticks; cut++)
        {
            var flash = start.Clone();
            flash.ArmPowerCut(cut, policy);
            try
            {
                Operation(flash);
            }
            catch (PowerCutException)
            {
            }

            long mark = new ClockHighWaterStore(flash.Reboot(), Name).Load();
            Assert.True(mark == 2_000 || mark == 3_000, "cut at tick " + cut + ": mark " + mark);
            if (mark == 2_000) sawOld++; else sawNew++;
        }

        Assert.True(sawOld > 0 && sawNew > 0);
    }

    [Theory]
    [InlineData(UnflushedDataOnPowerCut.Lost)]
    [InlineData(UnflushedDataOnPowerCut.Kept)]
    public void The_first_save_cut_anywhere_leaves_no_mark_or_the_new_one(UnflushedDataOnPowerCut policy)
    {
        var start = new SimulatedFlash();
        static void Operation(SimulatedFlash flash) => new ClockHighWaterStore(flash, Name).Save(5_000);
        long ticks = SimulatedFlash.CountWriteTicks(start, Operation);
        for (long cut = 0; cut <= ticks; cut++)
        {
            var flash = start.Clone();
            flash.ArmPowerCut(cut, policy);
            try
            {
                Operation(flash);
            }
            catch (PowerCutException)
            {
            }

            long mark = new ClockHighWaterStore(flash.Reboot(), Name).Load();
            Assert.True(mark == 0 || mark == 5_000, "cut at tick " + cut + ": mark " + mark);
        }
    }
}
