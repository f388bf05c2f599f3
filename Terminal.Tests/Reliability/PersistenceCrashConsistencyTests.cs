using Terminal.Core.Configuration;
using Terminal.Core.Persistence;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Configuration;
using Terminal.Tools.Provisioning;
using Xunit.Abstractions;
using static Terminal.Tests.Reliability.CrashConsistency;

namespace Terminal.Tests.Reliability;

/// <summary>
/// The configuration update and the clock high-water mark, cut at every write boundary (<see cref="CrashConsistency"/>):
/// the configuration is always the old one or the new one (never older than the last install reported done), and
/// the clock mark never reads lower than the last Save that returned true.
/// </summary>
public sealed class PersistenceCrashConsistencyTests(ITestOutputHelper output)
{
    private const string ClockName = "clock-hw";

    private static byte[] ConfigText(int sequence) =>
        DeviceConfigurationText.Write(DeviceConfigurationTests.Settings() with { Sequence = sequence, ServicePoint = "窗口 " + sequence });

    [Fact]
    public void Configuration_install_over_the_technicians_file_then_into_both_slots()
    {
        var start = new SimulatedFlash();
        start.WriteAllBytes(ConfigurationStore.ActiveFileName, ConfigText(1));
        CutEverywhere(output, "configuration update (technician file, both slots)", start, () => new Installed(), (flash, installed) =>
        {
            var store = new ConfigurationStore(flash);
            for (int sequence = 2; sequence <= 4; sequence++)
            {
                byte[] text = ConfigText(sequence);
                var error = new ConfigError();
                Assert.True(store.Install(text, 0, text.Length, error), error.Message);
                installed.Sequence = sequence;
            }
        }, (flash, installed, point) =>
        {
            var store = new ConfigurationStore(flash);
            var error = new ConfigError();
            var config = store.Load(error);
            Check(config != null, point, () => "no configuration after reboot: " + error.Message);
            Check(config!.Sequence >= installed.Sequence && config.Sequence <= 4, point,
                () => "configuration " + config.Sequence + " after " + installed.Sequence + " was installed");
            Check(config.ServicePoint == "窗口 " + config.Sequence, point, () => "configuration " + config.Sequence + " mixes two versions");
            if (point.Completed)
            {
                Check(config.Sequence == 4, point, () => "the completed install is not active");
            }

            // Not wedged: a newer configuration still installs.
            byte[] next = ConfigText(5);
            Check(store.Install(next, 0, next.Length, error), point, () => "install after recovery failed: " + error.Message);
        });
    }

    [Fact]
    public void Clock_high_water_mark_saves_never_read_lower_than_the_last_success()
    {
        const long first = 1_790_000_000;
        var start = new SimulatedFlash();
        Assert.True(new ClockHighWaterStore(start, ClockName).Save(first));
        start = start.Reboot();
        CutEverywhere(output, "clock high-water mark", start, () => new Saved { Mark = first }, (flash, saved) =>
        {
            var store = new ClockHighWaterStore(flash, ClockName);
            Assert.Equal(first, store.Load());
            for (int i = 1; i <= 5; i++)
            {
                long mark = first + (i * 600);
                Assert.True(store.Save(mark));
                saved.Mark = mark;
            }
        }, (flash, saved, point) =>
        {
            long loaded = new ClockHighWaterStore(flash, ClockName).Load();
            Check(loaded >= saved.Mark, point, () => "mark " + loaded + " below the last saved " + saved.Mark);
            Check(loaded <= first + 3000 && (loaded - first) % 600 == 0, point, () => "mark " + loaded + " was never saved");
        });
    }

    private sealed class Installed
    {
        public int Sequence { get; set; } = 1;
    }

    private sealed class Saved
    {
        public long Mark { get; set; }
    }
}
