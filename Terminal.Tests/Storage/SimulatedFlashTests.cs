using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Tests.Storage;

public sealed class SimulatedFlashTests
{
    private static readonly byte[] Data = Enumerable.Range(1, 100).Select(i => (byte)i).ToArray();

    [Fact]
    public void Unflushed_writes_are_lost_at_a_power_cut_under_the_lost_policy()
    {
        var flash = new SimulatedFlash();
        var file = flash.Create("f");
        Assert.True(file.Write(0, Data, 0, 40));
        Assert.True(file.Flush());
        flash.ArmPowerCut(flash.WriteTicks + 10, UnflushedDataOnPowerCut.Lost);
        Assert.Throws<PowerCutException>(() => file.Write(40, Data, 40, 60));
        Assert.Throws<PowerCutException>(() => file.Read(0, new byte[1], 0, 1));
        Assert.Equal(Data[..40], flash.Reboot().ReadAllBytes("f"));
    }

    [Fact]
    public void A_write_in_progress_is_torn_at_the_cut_byte_under_the_kept_policy()
    {
        var flash = new SimulatedFlash();
        var file = flash.Create("f");
        flash.ArmPowerCut(flash.WriteTicks + 37, UnflushedDataOnPowerCut.Kept);
        Assert.Throws<PowerCutException>(() => file.Write(0, Data, 0, 100));
        Assert.Equal(Data[..37], flash.Reboot().ReadAllBytes("f"));
    }

    [Fact]
    public void Every_create_write_flush_and_delete_is_a_write_tick()
    {
        var flash = new SimulatedFlash();
        long ticks = SimulatedFlash.CountWriteTicks(flash, f =>
        {
            var file = f.Create("a");        // 1
            file.Write(0, Data, 0, 10);      // 10
            file.Flush();                    // 1
            f.Delete("a");                   // 1
        });
        Assert.Equal(13, ticks);
        Assert.Equal(0, flash.WriteTicks);
    }

    [Fact]
    public void A_full_flash_refuses_a_write_and_keeps_what_it_has()
    {
        var flash = new SimulatedFlash(capacityBytes: 50);
        var file = flash.Create("f");
        Assert.True(file.Write(0, Data, 0, 40));
        Assert.False(file.Write(40, Data, 40, 20));
        Assert.Equal(40, file.Length);
        Assert.True(file.Write(0, Data, 50, 40));
        Assert.Equal(10, flash.FreeBytes);
    }

    [Fact]
    public void Read_faults_flip_bits_without_changing_the_stored_data()
    {
        var flash = new SimulatedFlash();
        var file = flash.Create("f");
        file.Write(0, Data, 0, 100);
        flash.FlipBitOnRead("f", 8 * 5 + 2);
        var buffer = new byte[100];
        Assert.Equal(100, file.Read(0, buffer, 0, 100));
        Assert.Equal(Data[5] ^ 4, buffer[5]);
        Assert.Equal(Data[..5], buffer[..5]);
        flash.ClearReadFaults();
        file.Read(0, buffer, 0, 100);
        Assert.Equal(Data, buffer);
    }

    [Fact]
    public void Writes_may_not_leave_holes()
    {
        var flash = new SimulatedFlash();
        var file = flash.Create("f");
        Assert.Throws<ArgumentOutOfRangeException>(() => file.Write(1, Data, 0, 1));
    }

    [Fact]
    public void A_torn_page_reads_erased_past_the_cut_within_the_page_being_programmed()
    {
        var flash = new SimulatedFlash(pageBytes: 16);
        var file = flash.Create("f");
        flash.ArmPowerCut(flash.WriteTicks + 20, UnflushedDataOnPowerCut.Kept, TornPage.RestErased);
        Assert.Throws<PowerCutException>(() => file.Write(0, Data, 0, 40));
        byte[] after = flash.Reboot().ReadAllBytes("f");
        Assert.Equal(32, after.Length); // bytes 20..31 of page 1 erased; page 2 never reached
        Assert.Equal(Data[..20], after[..20]);
        Assert.All(after[20..], b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void A_torn_page_keeps_the_old_bytes_past_the_cut_when_told_so()
    {
        var flash = new SimulatedFlash(pageBytes: 16);
        flash.WriteAllBytes("f", new byte[48]);
        var file = flash.Open("f");
        flash.ArmPowerCut(flash.WriteTicks + 5, UnflushedDataOnPowerCut.Kept, TornPage.RestOld);
        Assert.Throws<PowerCutException>(() => file.Write(10, Data, 0, 30));
        byte[] after = flash.Reboot().ReadAllBytes("f");
        Assert.Equal(48, after.Length);
        Assert.Equal(Data[..5], after[10..15]);
        Assert.All(after[15..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Page_ticks_count_the_pages_a_write_touches_and_cut_between_page_programs()
    {
        var start = new SimulatedFlash(pageBytes: 16, tickUnit: WriteTickUnit.Page);
        start.WriteAllBytes("f", new byte[8]);
        // Bytes 8..107: the rest of page 0, pages 1..5 and part of page 6: 7 page programs.
        Assert.Equal(7, SimulatedFlash.CountWriteTicks(start, f => f.Open("f").Write(8, Data, 0, 100)));

        var flash = start.Clone();
        var file = flash.Open("f");
        flash.ArmPowerCut(2, UnflushedDataOnPowerCut.Kept, TornPage.RestErased);
        Assert.Throws<PowerCutException>(() => file.Write(8, Data, 0, 100));
        byte[] after = flash.Reboot().ReadAllBytes("f");
        Assert.Equal(8 + 24 + 16, after.Length); // two pages programmed (24 bytes), the third erased
        Assert.Equal(Data[..24], after[8..32]);
        Assert.All(after[32..], b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void A_flash_made_full_refuses_the_write_that_does_not_fit_without_a_tick_or_a_change()
    {
        var flash = new SimulatedFlash();
        var file = flash.Create("f");
        Assert.True(file.Write(0, Data, 0, 60));
        flash.Capacity = flash.UsedBytes + 10;
        long ticks = flash.WriteTicks;
        Assert.False(file.Write(60, Data, 60, 11));
        Assert.Equal(ticks, flash.WriteTicks);
        Assert.Equal(Data[..60], flash.ReadAllBytes("f"));
        Assert.True(file.Write(60, Data, 60, 10));
        Assert.Equal(0, flash.FreeBytes);
        Assert.True(flash.Delete("f"));
        Assert.Equal(70, flash.FreeBytes);
    }
}
