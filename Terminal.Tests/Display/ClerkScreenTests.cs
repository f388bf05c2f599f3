using Terminal.Core.App;
using Terminal.Core.Configuration;
using Terminal.Core.Rules;
using Terminal.Drivers.Display.Simulated;
using Terminal.Tests.Boot;
using Terminal.Tools.Provisioning;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Display;

/// <summary>The clerk's screen on a terminal: each check shown, back to idle on time, faults contained, boot states.</summary>
public sealed class ClerkScreenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    private static (SimulatedTerminal Terminal, DemoCards Cards) Terminal(Func<DeviceSettings, DeviceSettings>? adjust = null)
    {
        var keys = new SimulationKeys();
        var cards = new DemoCards(keys, Now);
        var terminal = new SimulatedTerminal(keys, "hospital", Now, adjustProvisioning: adjust);
        Assert.Equal(global::Terminal.Core.Revocation.RevocationError.None, terminal.InstallList(cards.SignedList(Now.ToUnixTimeSeconds() - 3600)));
        return (terminal, cards);
    }

    private static string Screen(SimulatedTerminal t) => t.Core.Screen!.Layout.Describe();

    [Fact]
    public void A_verdict_stays_for_the_configured_seconds_then_the_idle_screen_returns()
    {
        var (terminal, cards) = Terminal(s => s with { DisplayIdleSeconds = 5 });
        var screen = terminal.Core.Screen!;
        Assert.Equal(5, screen.IdleSeconds);
        terminal.Tap(cards.Cards.First(c => c.Expected == VerdictCode.Cancelled).Card);
        Assert.True(screen.ShowingVerdict);
        Assert.StartsWith("✖ 拒绝", Screen(terminal));
        long t0 = terminal.Clock.UtcUnixSeconds;

        screen.Tick(t0 + 4);
        Assert.True(screen.ShowingVerdict);
        screen.KeepShowing(t0 + 4); // the card is still on the reader
        screen.Tick(t0 + 8);
        Assert.True(screen.ShowingVerdict);
        int frames = screen.FramesSent;
        screen.Tick(t0 + 9);
        Assert.False(screen.ShowingVerdict);
        Assert.StartsWith(" 请刷居住证", Screen(terminal));
        Assert.Equal(frames + 1, screen.FramesSent);

        // The idle screen is redrawn only when its minute changes (it shows the time).
        long nextMinute = (t0 + 9) / 60 * 60 + 60;
        screen.Tick(nextMinute - 1);
        Assert.Equal(frames + 1, screen.FramesSent);
        screen.Tick(nextMinute);
        Assert.Equal(frames + 2, screen.FramesSent);
    }

    [Fact]
    public void A_clock_that_jumps_back_does_not_freeze_a_verdict_on_screen()
    {
        var (terminal, cards) = Terminal();
        terminal.Tap(cards.Cards[0].Card);
        terminal.Core.Screen!.Tick(terminal.Clock.UtcUnixSeconds - 3600);
        Assert.False(terminal.Core.Screen.ShowingVerdict);
    }

    [Fact]
    public void The_background_forgery_alert_replaces_the_valid_verdict_on_screen()
    {
        var (terminal, cards) = Terminal();
        var outcome = terminal.Tap(cards.Cards.First(c => c.ExpectForgeryAlert).Card);
        Assert.Equal(VerdictCode.Valid, outcome.Code);
        Assert.True(outcome.ForgeryAlertRaised);
        Assert.StartsWith("✖ 疑似伪造 | 第十九条\n签名校验失败", Screen(terminal));
    }

    [Fact]
    public void A_display_that_falls_off_the_bus_costs_no_check_and_no_report()
    {
        var (terminal, cards) = Terminal();
        terminal.Panel.Connected = false;
        int reported = terminal.Recorded.Checks.Count;
        var outcome = terminal.Tap(cards.Cards[0].Card);
        Assert.Equal(VerdictCode.Valid, outcome.Code);
        Assert.Equal(reported + 1, terminal.Recorded.Checks.Count);
        Assert.True(terminal.Core.Screen!.FramesFailed >= 1);
        Assert.Equal(0, terminal.Core.Pipeline.Faults);
    }

    [Fact]
    public void The_idle_seconds_come_from_the_configuration_and_are_range_checked()
    {
        var provisioned = SimulatedTerminal.Provisioning(new SimulationKeys(), "hospital", "HB-1", new DateOnly(2026, 11, 24));
        (bool Ok, DeviceConfiguration Config, string Error) Parse(DeviceSettings settings)
        {
            var bytes = DeviceConfigurationText.Write(settings);
            var config = new DeviceConfiguration();
            var error = new ConfigError();
            bool ok = DeviceConfigurationParser.Parse(bytes, bytes.Length, config, error);
            return (ok, config, error.ToString());
        }

        Assert.DoesNotContain("display_idle_seconds", System.Text.Encoding.UTF8.GetString(DeviceConfigurationText.Write(provisioned))); // the default is not written
        Assert.Equal(DeviceConfiguration.DefaultDisplayIdleSeconds, Parse(provisioned).Config.DisplayIdleSeconds);
        Assert.Equal(30, Parse(provisioned with { DisplayIdleSeconds = 30 }).Config.DisplayIdleSeconds);
        var refused = Parse(provisioned with { DisplayIdleSeconds = 0 });
        Assert.False(refused.Ok);
        Assert.Contains("display_idle_seconds", refused.Error);
    }

    [Fact]
    public void A_board_with_a_display_shows_the_boot_then_idle_and_says_so_once_in_the_log()
    {
        var rig = new BootRig { Panel = new Ssd1306Panel() }.Provision().WithRevocationList();
        rig.Panel = new Ssd1306Panel();
        var boot = rig.Boot();
        Assert.Equal(BootState.Running, boot.State);
        Assert.Single(rig.Log, l => l.StartsWith("display:", StringComparison.Ordinal));
        Assert.Contains("display: SSD1306 128x64 on I2C at 0x3C", rig.Log);
        Assert.StartsWith(" 请刷居住证\nHB420100-BOOT1\n名单第1版", boot.Core!.Screen!.Layout.Describe());
        Assert.Contains(rig.Panel.VisibleFrame(), b => b != 0);

        rig.Tap(rig.ValidCard.Card);
        Assert.StartsWith("✔ 通过", boot.Core.Screen.Layout.Describe());
    }

    [Fact]
    public void A_board_without_a_display_boots_as_before_and_says_so_once()
    {
        var rig = new BootRig().Provision();
        var boot = rig.Boot();
        Assert.Equal(BootState.Running, boot.State);
        Assert.Null(boot.Core!.Screen);
        Assert.Single(rig.Log, l => l.StartsWith("display:", StringComparison.Ordinal));
        Assert.Contains("display: none (nothing answered on I2C at 0x3C); verdicts on the LEDs and buzzer only", rig.Log);
        Assert.NotNull(rig.Tap(rig.ValidCard.Card));
    }

    [Fact]
    public void An_unprovisioned_board_says_so_on_its_display()
    {
        var rig = new BootRig { Panel = new Ssd1306Panel() };
        var boot = rig.Boot();
        Assert.Equal(BootState.Unprovisioned, boot.State);
        boot.Step();
        Assert.Contains(rig.Panel!.VisibleFrame(), b => b != 0);
        var layout = new global::Terminal.Core.Display.ScreenLayout();
        Assert.Equal(layout.StatusScreen('✖', "终端未配置", true, "请联系技术人员", null!, null!), rig.Panel.VisibleFrame());
    }
}
