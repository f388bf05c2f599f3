using Terminal.Tools.Commands;

namespace Terminal.Tests.Tools;

/// <summary>
/// `demo --update` in-process: the real bootstrap logic and the real application (the host build of Terminal.App,
/// bundled and signed) on a simulated board and the embedded broker. Every step of the story is checked by the demo
/// itself; here the exit code and the key lines, and that a broken factory configuration fails at its step.
/// </summary>
public sealed class DemoUpdateCommandTests
{
    [Fact]
    public void The_update_demo_adopts_v1_confirms_v2_refuses_a_tampered_v3_and_rolls_back_a_never_healthy_v4()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Terminal.Tools.Program.Run(["demo", "--update"], output, error);
        string text = output.ToString();
        Assert.True(exit == ExitCodes.Ok, text + error);
        Assert.Equal("", error.ToString());
        Assert.Contains("power on 1: bootstrap adopted v1 from slot A (no boot state yet)", text);
        Assert.Matches(@"tap: 有效 / valid -> VALID, checked by v1 \(list 1\), reported over MQTT", text);
        // The chunk count follows the application's size (it grew with the display code and glyph table): not pinned here.
        Assert.Matches(@"v1: downloaded [1-9][0-9]* chunks into slot B, verified", text);
        Assert.Contains("power on 2: bootstrap: v2 on trial (boot 1 of 3) from slot B", text);
        Assert.Contains("v2 confirmed healthy, firmware status running=2;trial=1;state=idle -> running=2;state=idle", text);
        Assert.Contains("v2: v3 refused (HashMismatch) after the download, nothing staged; v2 keeps running", text);
        Assert.Contains("checked by v2 (list 1)", text);
        for (int trial = 1; trial <= 3; trial++)
        {
            Assert.Contains("power on " + (2 + trial) + ": bootstrap: v4 on trial (boot " + trial + " of 3) from slot A; it runs but never reports healthy", text);
        }

        Assert.Contains("power on 6: bootstrap rolled back v4 (NeverHealthy after 3 trial boots): v2 from slot B again, " +
                        "firmware status running=2;state=idle;failed=4;failure=NeverHealthy", text);
        Assert.Contains("update demo passed: 6 power-ons; v1 adopted, v2 confirmed, v3 refused (HashMismatch), v4 rolled back (NeverHealthy) to v2; 3 taps", text);
    }

    [Fact]
    public async Task A_terminal_that_does_not_trust_the_firmware_key_fails_the_demo_at_the_first_power_on()
    {
        var output = new StringWriter();
        int exit = await UpdateDemo.Run("hospital", false, output,
            settings => settings with { Keys = settings.Keys.Where(k => k.Usage != "firmware-signer").ToList() });
        string text = output.ToString();
        Assert.Equal(ExitCodes.DemoFailed, exit);
        Assert.Contains("update demo FAILED at step 'power on 1: adopt v1': expected the bootstrap adopts v1 from slot A; got NoApplication v0 slot -1, reason NoBundle", text);
        Assert.DoesNotContain("update demo passed", text);
    }

    [Fact]
    public void Write_cards_does_not_go_with_the_update_demo()
    {
        var error = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, Terminal.Tools.Program.Run(["demo", "--update", "--write-cards", "cards"], new StringWriter(), error));
        Assert.Equal("error: --write-cards goes with the plain demo, not with --update\n", error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Frames_do_not_go_with_the_update_demo()
    {
        var error = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, Terminal.Tools.Program.Run(["demo", "--update", "--frames", "frames"], new StringWriter(), error));
        Assert.Equal("error: --frames goes with the plain demo, not with --update\n", error.ToString().ReplaceLineEndings("\n"));
    }
}
