using Terminal.Tools.Commands;

namespace Terminal.Tests.Tap;

public sealed class DemoCommandTests
{
    [Theory]
    [InlineData("hospital")]
    [InlineData("transit")]
    public async Task The_demo_taps_every_card_and_the_platform_stores_every_check_once(string profile)
    {
        var output = new StringWriter();
        int exit = await DemoCommand.Run(profile, null, false, output);
        var text = output.ToString();
        Assert.True(exit == ExitCodes.Ok, text);
        Assert.Contains("installed: yes (downloaded over MQTT", text); // the list reached the core through the session
        Assert.Contains("0 unexpected verdicts", text);
        Assert.Matches(@"(\d+) usage events stored, \1 distinct", text);
        Assert.Contains("23 checks reported by the terminal (expected 23)", text);
        Assert.Contains("23 usage events stored, 23 distinct", text);
    }

    [Fact]
    public void An_unknown_profile_is_a_usage_error()
    {
        var error = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, Terminal.Tools.Program.Run(["demo", "--profile", "spa"], new StringWriter(), error));
        Assert.Contains("spa", error.ToString());
    }
}
