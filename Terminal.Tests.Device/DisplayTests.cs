using System;
using nanoFramework.TestFramework;
using Terminal.Core.Binary;
using Terminal.Core.Display;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Drivers.Feedback;

namespace Terminal.Tests.Device
{
    /// <summary>
    /// The clerk's screen on the interpreter: the costliest verdict screen (a restorable suspension: the longest reason,
    /// a date, the deciding article) must come out pixel for pixel as on the host, whose reference picture the tests
    /// there check. The frame's CRC-32 is the host's; prints TIMING display_render_ms=… for the tap model.
    /// </summary>
    [TestClass]
    public class DisplayTests
    {
        /// <summary>CRC-32 of the frame below as the host renders it (Terminal.Tests runs this test on the host too).</summary>
        public const uint ExpectedFrameCrc = 0xE5254C60;

        public static byte[] RenderRestorable(ScreenLayout layout)
        {
            CivilDate today = CivilDate.FromYmd(2026, 11, 25);
            Verdict verdict = new Verdict();
            verdict.Reset(VerdictCode.SuspendedRestorable);
            verdict.Accepted = true;
            verdict.HasSuspendedSince = true;
            verdict.SuspendedSince = today.AddDays(-10);
            verdict.HasRestoreBy = true;
            verdict.RestoreBy = today.AddDays(20);
            return layout.VerdictScreen(verdict, Indication.AcceptedWithWarning, today);
        }

        [TestMethod]
        public void The_costliest_verdict_screen_renders_as_on_the_host()
        {
            ScreenLayout layout = new ScreenLayout();
            RenderRestorable(layout); // first use: the glyph table's arrays are initialised here, not in the timing
            const int Renders = 20;
            long start = DateTime.UtcNow.Ticks;
            byte[] frame = null;
            for (int i = 0; i < Renders; i++)
            {
                frame = RenderRestorable(layout);
            }

            long ticks = DateTime.UtcNow.Ticks - start;
            Assert.IsFalse(layout.Overflowed, "the screen holds the whole verdict");
            Assert.AreEqual(ExpectedFrameCrc, Crc32.Compute(frame, 0, frame.Length), "frame CRC");
            OutputHelper.WriteLine(string.Concat("TIMING display_render_ms=", (ticks / Renders / TimeSpan.TicksPerMillisecond).ToString(),
                " glyph_lookups=", layout.GlyphLookups.ToString(), " glyph_columns=", layout.Canvas.ColumnsDrawn.ToString()));
        }
    }
}
