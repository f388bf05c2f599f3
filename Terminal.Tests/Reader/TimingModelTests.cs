using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;

namespace Terminal.Tests.Reader;

/// <summary>Sanity of the modeled reader timing (values, not wall-clock measurements).</summary>
public sealed class TimingModelTests
{
    private const double Bit = 128 / 13.56; // µs at 106 kbit/s
    private const double Fdt = 1236 / 13.56;

    private static ReaderTiming CoreRead(Rc522TimingModel? model = null, byte[]? uid = null)
    {
        var reader = new SimulatedReader(model);
        reader.Field.Tap(TestCards.Permit(uid));
        var id = new byte[10];
        Assert.Equal(ReaderResult.Ok, reader.WaitForCard(500, id, out int length, out _, out _));
        var core = new byte[PermitCardLayout.CoreRecordLength];
        Assert.Equal(ReaderResult.Ok, new SectorReader(reader, TestCards.ReadKeys()).Read(id, length, 1, 2, core, 0));
        return reader.Timing;
    }

    [Fact]
    public void Frame_air_times_follow_ISO_14443_A_at_106_kbit_per_s()
    {
        // REQA: S + 7 bits + EoC (2) = 10 bits, ATQA: S + 2*9 + E = 20 bits.
        Assert.Equal(30 * Bit + Fdt, Rc522TimingModel.RequestAirUs, 6);
        // READ: 4 bytes with CRC (39 bits) answered by 16 bytes + CRC (164 bits).
        Assert.Equal(203 * Bit + Fdt, Rc522TimingModel.ReadAirUs, 6);
        Assert.InRange(Rc522TimingModel.ReadAirUs, 2000, 2015);
        // Authentication: (39 + 38 bits) + turnaround 1172/fc + (75 + 38 bits).
        Assert.Equal(77 * Bit + Fdt + 1172 / 13.56 + 113 * Bit + Fdt, Rc522TimingModel.AuthenticationAirUs, 6);
        Assert.Equal(9.4395, Rc522TimingModel.BitUs, 3);
    }

    [Fact]
    public void Six_blocks_across_two_sectors_count_one_detection_two_authentications_six_reads()
    {
        var timing = CoreRead();
        Assert.Equal(1, timing.Detections);
        Assert.Equal(2, timing.SectorsAuthenticated);
        Assert.Equal(2, timing.AuthenticationAttempts);
        Assert.Equal(6, timing.BlocksRead);
        Assert.Equal(9, timing.Operations);
        Assert.Equal(0, timing.FailedExchanges);
        double expectedRf = Rc522TimingModel.RequestAirUs + Rc522TimingModel.CascadeLevelAirUs + 2 * Rc522TimingModel.AuthenticationAirUs + 6 * Rc522TimingModel.ReadAirUs;
        Assert.Equal(expectedRf / 1000, timing.RfMs, 6);
        // SPI calls as the MfRc522 driver makes them: detection 79, authentication 22, read 54.
        Assert.Equal(79 + 2 * 22 + 6 * 54, timing.SpiTransfers);
    }

    [Fact]
    public void A_slower_SPI_clock_costs_more_bus_time_and_the_same_air_time()
    {
        var fast = CoreRead(new Rc522TimingModel { SpiClockHz = 10_000_000 });
        var medium = CoreRead(new Rc522TimingModel { SpiClockHz = 5_000_000 });
        var slow = CoreRead(new Rc522TimingModel { SpiClockHz = 1_000_000 });
        Assert.True(fast.SpiMs < medium.SpiMs && medium.SpiMs < slow.SpiMs);
        Assert.True(fast.TotalMs < medium.TotalMs && medium.TotalMs < slow.TotalMs);
        Assert.Equal(fast.RfMs, slow.RfMs, 9);
        Assert.Equal(10 * fast.SpiMs, slow.SpiMs, 6);
    }

    [Fact]
    public void Managed_overhead_is_charged_per_SPI_call_and_per_operation()
    {
        var none = CoreRead(new Rc522TimingModel { SpiCallOverheadUs = 0, OperationOverheadUs = 0 });
        var some = CoreRead(new Rc522TimingModel { SpiCallOverheadUs = 100, OperationOverheadUs = 1000 });
        Assert.Equal(0, none.OverheadMs);
        Assert.Equal((some.SpiTransfers * 100 + some.Operations * 1000) / 1000.0, some.OverheadMs, 6);
    }

    [Fact]
    public void A_seven_byte_uid_takes_a_second_cascade_level()
    {
        var four = CoreRead();
        var seven = CoreRead(uid: SimulatedCards.Uid7(42));
        Assert.Equal(Rc522TimingModel.CascadeLevelAirUs / 1000, seven.RfMs - four.RfMs, 6);
    }

    [Fact]
    public void A_wrong_key_costs_the_driver_timeout_and_a_halt_always_does()
    {
        var reader = new SimulatedReader();
        reader.Field.Place(TestCards.Permit());
        var id = new byte[10];
        Assert.Equal(ReaderResult.Ok, reader.WaitForCard(500, id, out _, out _, out _));
        reader.Session.AuthenticationAttempts = 1;
        var before = reader.Timing.Clone();
        Assert.Equal(ReaderResult.AuthFailed, reader.Authenticate(1, MifareKeyType.KeyA, new byte[6]));
        var failed = reader.Timing.Since(before);
        Assert.True(failed.RfMs >= 36, failed.ToString());
        Assert.Equal(1, failed.FailedExchanges);

        before = reader.Timing.Clone();
        reader.Halt();
        Assert.True(reader.Timing.Since(before).RfMs >= 36);
    }

    [Fact]
    public void Polling_an_empty_field_is_idle_time_not_tap_time()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit(), arriveAfterPolls: 5);
        Assert.Equal(ReaderResult.Ok, reader.WaitForCard(1000, new byte[10], out _, out _, out _));
        Assert.Equal(5, reader.Timing.EmptyPolls);
        Assert.True(reader.Timing.IdleMs >= 5 * 36);
        Assert.True(reader.Timing.RfMs < 3, reader.Timing.ToString());
    }
}
