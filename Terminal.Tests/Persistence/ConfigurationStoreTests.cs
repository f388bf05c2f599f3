using Terminal.Core.Configuration;
using Terminal.Core.Persistence;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Configuration;
using Terminal.Tools.Provisioning;
using Xunit.Abstractions;
using static Terminal.Tests.Reliability.CrashConsistency;

namespace Terminal.Tests.Persistence;

public sealed class ConfigurationStoreTests(ITestOutputHelper output)
{
    private static byte[] ConfigText(int sequence, string servicePoint = "门诊") =>
        DeviceConfigurationText.Write(DeviceConfigurationTests.Settings() with { Sequence = sequence, ServicePoint = servicePoint });

    private static SimulatedFlash WithTechnicianFile(byte[] text)
    {
        var flash = new SimulatedFlash();
        flash.WriteAllBytes(ConfigurationStore.ActiveFileName, text);
        return flash;
    }

    private static bool Install(ConfigurationStore store, byte[] text, ConfigError error) => store.Install(text, 0, text.Length, error);

    [Fact]
    public void An_empty_drive_is_unprovisioned_with_a_reason()
    {
        var store = new ConfigurationStore(new SimulatedFlash());
        var error = new ConfigError();
        Assert.Null(store.Load(error));
        Assert.True(store.Missing);
        Assert.Contains("not provisioned", error.Message);
    }

    [Fact]
    public void A_technicians_plain_config_txt_is_the_initial_configuration()
    {
        var store = new ConfigurationStore(WithTechnicianFile(ConfigText(1)));
        var error = new ConfigError();
        var config = store.Load(error);
        Assert.NotNull(config);
        Assert.Equal("HB420100-0001", config.TerminalId);
        Assert.Equal(ConfigurationSource.TechnicianFile, store.Source);
        Assert.False(error.IsError);
    }

    [Fact]
    public void A_corrupt_config_txt_is_refused_with_the_reason_and_is_not_missing()
    {
        var flash = WithTechnicianFile(ConfigText(1));
        flash.CorruptStoredBit(ConfigurationStore.ActiveFileName, 200);
        var store = new ConfigurationStore(flash);
        var error = new ConfigError();
        Assert.Null(store.Load(error));
        Assert.False(store.Missing);
        Assert.Contains("config.txt", error.Message);
        Assert.Contains("crc32", error.Message);
    }

    [Fact]
    public void An_invalid_configuration_is_refused_before_anything_is_written()
    {
        var flash = WithTechnicianFile(ConfigText(1));
        var store = new ConfigurationStore(flash);
        byte[] broken = ConfigText(2);
        broken[10] ^= 0x20;
        long ticks = flash.WriteTicks;
        var error = new ConfigError();
        Assert.False(Install(store, broken, error));
        Assert.True(error.IsError);
        Assert.Equal(new[] { ConfigurationStore.ActiveFileName }, flash.FileNames.ToArray());
        Assert.Equal(1, store.Load(new ConfigError())!.Sequence);
        Assert.True(flash.WriteTicks - ticks <= 2, "only the reads' closes may tick");
    }

    [Fact]
    public void An_installed_configuration_replaces_the_technicians_file()
    {
        var flash = WithTechnicianFile(ConfigText(1));
        var store = new ConfigurationStore(flash);
        var error = new ConfigError();
        Assert.True(Install(store, ConfigText(2, "急诊"), error), error.ToString());
        Assert.False(flash.Exists(ConfigurationStore.ActiveFileName));

        var reloaded = new ConfigurationStore(flash.Reboot());
        var config = reloaded.Load(error);
        Assert.NotNull(config);
        Assert.Equal(2, config.Sequence);
        Assert.Equal("急诊", config.ServicePoint);
        Assert.Equal(ConfigurationSource.InstalledSlot, reloaded.Source);
        Assert.Equal(1u, reloaded.Generation);
    }

    [Fact]
    public void An_install_into_an_unprovisioned_terminal_works_and_slots_alternate()
    {
        var flash = new SimulatedFlash();
        var store = new ConfigurationStore(flash);
        var error = new ConfigError();
        Assert.True(Install(store, ConfigText(1), error), error.ToString());
        Assert.True(Install(store, ConfigText(2), error), error.ToString());
        Assert.True(Install(store, ConfigText(3), error), error.ToString());
        Assert.True(flash.Exists("config.0") && flash.Exists("config.1"));
        var reloaded = new ConfigurationStore(flash);
        Assert.Equal(3, reloaded.Load(error)!.Sequence);
        Assert.Equal(3u, reloaded.Generation);
    }

    [Fact]
    public void A_configuration_that_is_not_newer_is_refused()
    {
        var flash = WithTechnicianFile(ConfigText(5));
        var store = new ConfigurationStore(flash);
        var error = new ConfigError();
        Assert.False(Install(store, ConfigText(5), error));
        Assert.Contains("not newer", error.Message);
        Assert.False(Install(store, ConfigText(4), error));
        Assert.True(flash.Exists(ConfigurationStore.ActiveFileName));
    }

    [Fact]
    public void A_corrupted_active_slot_falls_back_to_the_previous_installed_configuration()
    {
        var flash = new SimulatedFlash();
        var store = new ConfigurationStore(flash);
        var error = new ConfigError();
        Assert.True(Install(store, ConfigText(1), error));
        Assert.True(Install(store, ConfigText(2), error)); // lands in config.1
        flash.CorruptStoredBit("config.1", (ConfigurationStore.HeaderLength + 30) * 8);
        Assert.Equal(1, new ConfigurationStore(flash).Load(error)!.Sequence);
    }

    [Fact]
    public void A_new_technician_upload_takes_precedence_over_installed_slots()
    {
        var flash = new SimulatedFlash();
        var store = new ConfigurationStore(flash);
        var error = new ConfigError();
        Assert.True(Install(store, ConfigText(1), error));
        flash.WriteAllBytes(ConfigurationStore.ActiveFileName, ConfigText(7));
        var reloaded = new ConfigurationStore(flash);
        Assert.Equal(7, reloaded.Load(error)!.Sequence);
        Assert.Equal(ConfigurationSource.TechnicianFile, reloaded.Source);
    }

    /// <summary>
    /// The first install, over the technician's config.txt, cut at every write tick under every fault model of the
    /// crash-consistency harness: after reboot the old configuration or the new one loads, never none.
    /// </summary>
    [Fact]
    public void An_install_over_the_technicians_file_cut_at_every_write_tick_leaves_the_old_configuration_or_the_new_one()
    {
        var (sawOld, _) = CutInstallEverywhere("configuration install over config.txt", WithTechnicianFile(ConfigText(1)), oldSequence: 1);
        // config.txt takes precedence over the slots, so deleting it is the switch and the install's last write: the new
        // configuration loads only after the completed run (checked for every variant in CutInstallEverywhere).
        Assert.True(sawOld > 0, "the old configuration after a cut");
    }

    /// <summary>
    /// An install over two installed slots (it overwrites the older slot), cut at every write tick under every fault
    /// model: after reboot the old configuration or the new one loads, never none.
    /// </summary>
    [Fact]
    public void An_install_over_the_older_slot_cut_at_every_write_tick_leaves_the_old_configuration_or_the_new_one()
    {
        var start = new SimulatedFlash();
        var setup = new ConfigurationStore(start);
        Assert.True(Install(setup, ConfigText(1), new ConfigError()));
        Assert.True(Install(setup, ConfigText(2), new ConfigError()));
        var (sawOld, sawNew) = CutInstallEverywhere("configuration install over the older slot", start.Reboot(), oldSequence: 2);
        Assert.True(sawOld > 0 && sawNew > 0, "both outcomes after a cut");
    }

    /// <summary>Cuts an install of configuration 9 everywhere; returns how often the old and the new one loaded after a cut.</summary>
    private (int SawOld, int SawNew) CutInstallEverywhere(string scenario, SimulatedFlash start, int oldSequence)
    {
        byte[] update = ConfigText(9, "新配置");
        // Outcomes of the interrupted runs only (the completed run must load the new one, checked below).
        int sawOld = 0, sawNew = 0;
        long cutPoints = CutEverywhere(output, scenario, start, () => 0, (flash, _) =>
        {
            var error = new ConfigError();
            Assert.True(new ConfigurationStore(flash).Install(update, 0, update.Length, error), error.ToString());
        }, (flash, _, point) =>
        {
            if (point.Tick == 0 && point.Variant.Unit == WriteTickUnit.Byte)
            {
                Check(point.Ticks > update.Length, point, () => "the install wrote fewer bytes than the configuration's size");
            }

            var error = new ConfigError();
            var config = new ConfigurationStore(flash).Load(error);
            Check(config != null, point, () => "no configuration after reboot (" + error + ")");
            Check(config!.Sequence == oldSequence || config.Sequence == 9, point, () => "sequence " + config.Sequence);
            if (config.Sequence == 9)
            {
                Check(config.ServicePoint == "新配置", point, () => "configuration 9 with service point " + config.ServicePoint);
                sawNew += point.Completed ? 0 : 1;
            }
            else
            {
                Check(!point.Completed, point, () => "the completed install is not active");
                sawOld++;
            }
        });

        output.WriteLine(scenario + ": " + cutPoints + " cut points; after a cut the old configuration loaded " + sawOld + ", the new one " + sawNew);
        return (sawOld, sawNew);
    }
}
