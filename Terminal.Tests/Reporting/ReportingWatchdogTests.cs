using Terminal.Drivers.Mqtt;

namespace Terminal.Tests.Reporting;

public sealed class ReportingWatchdogTests
{
    [Fact]
    public void A_wedged_transport_means_reboot_at_once()
    {
        var watchdog = new ReportingWatchdog(maxStalledChecks: 3, minFreeHeapBytes: 10_000, maxLowHeapChecks: 3);
        watchdog.Alive();
        Assert.Equal(ReportingWatchdog.Healthy, watchdog.Check(false, 50_000));
        watchdog.Alive();
        Assert.Equal(ReportingWatchdog.TransportWedged, watchdog.Check(true, 50_000));
    }

    [Fact]
    public void A_loop_that_stops_polling_is_rebooted_after_the_allowed_number_of_checks()
    {
        var watchdog = new ReportingWatchdog(3, 10_000, 3);
        watchdog.Alive();
        Assert.Equal(ReportingWatchdog.Healthy, watchdog.Check(false, -1));
        Assert.Equal(ReportingWatchdog.Healthy, watchdog.Check(false, -1));
        Assert.Equal(ReportingWatchdog.Healthy, watchdog.Check(false, -1));
        Assert.Equal(ReportingWatchdog.LoopStalled, watchdog.Check(false, -1));
    }

    [Fact]
    public void Only_a_heap_that_stays_low_triggers_a_reboot()
    {
        var watchdog = new ReportingWatchdog(100, 10_000, 3);
        int[] heaps = [9_000, 9_000, 20_000, 9_000, 9_000];
        foreach (var heap in heaps)
        {
            watchdog.Alive();
            Assert.Equal(ReportingWatchdog.Healthy, watchdog.Check(false, heap));
        }

        watchdog.Alive();
        Assert.Equal(ReportingWatchdog.HeapLow, watchdog.Check(false, 8_000));
        Assert.Equal("heap-low", ReportingWatchdog.ReasonName(ReportingWatchdog.HeapLow));
    }
}
