using System.Text;
using Terminal.Core.Reporting;
using Terminal.Core.Rules;
using Terminal.Tools.Platform;

namespace Terminal.Tests.Platform;

public sealed class TerminalReportsTests
{
    private static readonly DateTime Received = PlatformFixtures.Now;

    [Fact]
    public void Status_messages_are_online_or_offline_and_nothing_else()
    {
        Assert.True(TerminalReports.TryParse("rp/v1/420100/T1/status", "online"u8, Received, out var online));
        Assert.Equal((TerminalReportKind.Status, "420100", "T1", true), (online.Kind, online.Region, online.Terminal, online.Online));
        Assert.True(TerminalReports.TryParse("rp/v1/420100/T1/status", "offline"u8, Received, out var offline));
        Assert.False(offline.Online);
        Assert.False(TerminalReports.TryParse("rp/v1/420100/T1/status", "Online"u8, Received, out _));
        Assert.False(TerminalReports.TryParse("rp/v1/420100/T1/status", ""u8, Received, out _)); // a cleared retained message
        Assert.False(TerminalReports.TryParse("rp/v1/420100/../status", "online"u8, Received, out _));
    }

    [Fact]
    public void A_heartbeat_from_the_terminal_writer_parses_and_no_list_is_allowed()
    {
        var writer = new AsciiJsonWriter(512);
        var h = new HealthSnapshot { UnixSeconds = 1_780_000_000, Clock = ClockTrust.Untrusted, ListSequence = 0, ListAgeSeconds = -1, FreeHeapBytes = -1, Firmware = "1.0.0-app5" };
        Assert.True(UsageJson.WriteHealth(writer, h));
        Assert.True(TerminalReports.TryParse("rp/v1/420500/T9/health", writer.Buffer.AsSpan(0, writer.Length), Received, out var report));
        Assert.Equal((TerminalReportKind.Health, "UNTRUSTED", -1L, "1.0.0-app5"), (report.Kind, report.Health!.Clock, report.Health.ListAgeSeconds, report.Health.Firmware));
        Assert.False(TerminalReports.TryParse("rp/v1/420500/T9/health", "{\"v\":1}"u8, Received, out _));
        Assert.False(TerminalReports.TryParse("rp/v1/420500/T9/health", "not json"u8, Received, out _));
    }

    [Fact]
    public void Firmware_status_is_printable_ascii_of_bounded_length_and_its_fields_are_read()
    {
        Assert.True(TerminalReports.TryParse("rp/v1/420100/T1/firmware/status", "running=6;trial=1;state=idle"u8, Received, out var report));
        Assert.Equal("6", TerminalReports.FirmwareField(report.FirmwareStatus, "running"));
        Assert.Equal("1", TerminalReports.FirmwareField(report.FirmwareStatus, "trial"));
        Assert.Null(TerminalReports.FirmwareField(report.FirmwareStatus, "run"));
        Assert.False(TerminalReports.TryParse("rp/v1/420100/T1/firmware/status", "running=6\n"u8, Received, out _));
        Assert.False(TerminalReports.TryParse("rp/v1/420100/T1/firmware/status", Encoding.ASCII.GetBytes(new string('a', TerminalReports.MaxFirmwareStatusLength + 1)), Received, out _));
        Assert.False(TerminalReports.TryParse("rp/v1/420100/T1/firmware", "running=6"u8, Received, out _));
    }

    [Fact]
    public void The_latest_check_of_each_terminal_is_its_highest_sequence()
    {
        var t = PlatformFixtures.Now;
        var latest = TerminalReports.LatestChecks([
            PlatformFixtures.Check("A", 5, t, point: "old"), PlatformFixtures.Check("A", 6, t, point: "new"), PlatformFixtures.Check("B", 1, t.AddMinutes(-1), point: "b"),
        ], Received).OrderBy(r => r.Terminal).ToList();
        Assert.Equal(["new", "b"], latest.Select(r => r.LatestCheck!.Point));
    }
}
