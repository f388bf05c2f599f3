using Terminal.Core.Display;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Drivers.Display;
using Terminal.Drivers.Display.Simulated;
using Terminal.Tools.Display;
using Terminal.Tests.Toolchain;

namespace Terminal.Tests.Display;

/// <summary>
/// One frame per verdict code and the idle screen, through the real layout, glyph table and SSD1306 driver onto the
/// emulated panel, compared pixel for pixel with the reviewed pictures in Reference/. After a deliberate change to the
/// layout or the texts, look at the new pictures and commit them:
/// DISPLAY_WRITE_REFERENCE=1 dotnet test Terminal.Tests --filter "FullyQualifiedName~ReferenceFrameTests"
/// </summary>
public sealed class ReferenceFrameTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "Terminal.Tests", "Display", "Reference");

    public static IEnumerable<object[]> Codes() => Enum.GetValues<VerdictCode>().Select(c => new object[] { c });

    /// <summary>The sample each picture shows: accepted where a hospital desk accepts it, one reason for REVOKED.</summary>
    private static Verdict Sample(VerdictCode code) => code switch
    {
        VerdictCode.Valid => ScreenSamples.Make(code, true),
        VerdictCode.ValidEndorsementDueSoon => ScreenSamples.Make(code, true, VerdictWarnings.EndorsementDueSoon),
        VerdictCode.SuspendedRestorable => ScreenSamples.Make(code, true),
        VerdictCode.Revoked => ScreenSamples.Make(code, false, reason: RevocationReason.ReplacedGeneration),
        _ => ScreenSamples.Make(code, false),
    };

    [Theory]
    [MemberData(nameof(Codes))]
    public void The_frame_of_each_verdict_is_the_reviewed_picture(VerdictCode code)
    {
        var layout = new ScreenLayout();
        var verdict = Sample(code);
        Check(VerdictCodes.Name(code), layout.VerdictScreen(verdict, VerdictFeedback.For(verdict), ScreenSamples.Today));
    }

    [Fact]
    public void The_idle_frame_is_the_reviewed_picture()
    {
        var layout = new ScreenLayout();
        var list = new RevocationStatus(true, 12, ScreenSamples.Now - 3 * 3600, 86400, 7 * 86400, 1000, 2);
        Check("IDLE", layout.IdleScreen("HB420100-0001", list, ScreenSamples.Now, ClockTrust.Trusted));
    }

    [Fact]
    public void The_on_device_display_test_expects_the_reviewed_restorable_picture()
    {
        // Terminal.Tests.Device/DisplayTests renders the same verdict on the interpreter and compares its CRC-32 with
        // this constant: the device must draw exactly the picture reviewed here.
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "Terminal.Tests.Device", "DisplayTests.cs"));
        var marker = "public const uint ExpectedFrameCrc = 0x";
        int start = text.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        uint stated = uint.Parse(text[start..text.IndexOf(';', start)], System.Globalization.NumberStyles.HexNumber);
        var picture = FramePng.Decode(File.ReadAllBytes(Path.Combine(Folder, "SUSPENDED_RESTORABLE.png")));
        Assert.Equal(stated, Terminal.Core.Binary.Crc32.Compute(picture, 0, picture.Length));
    }

    private static void Check(string name, byte[] frame)
    {
        // Through the driver's bytes and the emulated controller: what the glass shows, not only the frame buffer.
        var panel = new Ssd1306Panel();
        Assert.True(Ssd1306.Open(panel)!.Show(frame));
        var shown = panel.VisibleFrame();
        Assert.Equal(frame, shown);

        string path = Path.Combine(Folder, name + ".png");
        if (Environment.GetEnvironmentVariable("DISPLAY_WRITE_REFERENCE") == "1")
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllBytes(path, FramePng.Encode(shown));
        }

        Assert.True(File.Exists(path), $"no reference picture {path} (DISPLAY_WRITE_REFERENCE=1 writes it; look at it before committing)");
        var expected = FramePng.Decode(File.ReadAllBytes(path));
        var differing = new List<string>();
        for (int y = 0; y < DisplayFrame.Height; y++)
        {
            for (int x = 0; x < DisplayFrame.Width; x++)
            {
                if (DisplayFrame.IsLit(expected, x, y) != DisplayFrame.IsLit(shown, x, y))
                {
                    differing.Add($"({x},{y})");
                }
            }
        }

        if (differing.Count > 0)
        {
            string actual = Path.Combine(Path.GetTempPath(), "rt-frame-" + name + ".png");
            File.WriteAllBytes(actual, FramePng.Encode(shown));
            Assert.Fail($"{name}: {differing.Count} pixels differ from {path}, first {string.Join(" ", differing.Take(8))}; this run's picture: {actual}");
        }
    }
}
