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
}
