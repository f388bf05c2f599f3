using Terminal.Drivers.Display;
using Terminal.Drivers.Display.Simulated;

namespace Terminal.Tests.Display;

/// <summary>The SSD1306 driver's bytes, as an emulated controller takes them: init, frames, absence and faults.</summary>
public sealed class Ssd1306Tests
{
    private static byte[] FrameWith(params (int X, int Y)[] pixels)
    {
        var frame = new byte[DisplayFrame.Bytes];
        foreach (var (x, y) in pixels)
        {
            frame[(y >> 3) * DisplayFrame.Width + x] |= (byte)(1 << (y & 7));
        }

        return frame;
    }

    [Fact]
    public void Open_configures_the_module_and_shows_a_blank_screen()
    {
        var panel = new Ssd1306Panel();
        Assert.NotNull(Ssd1306.Open(panel));
        Assert.Empty(panel.Errors);
        Assert.True(panel.DisplayOn);
        Assert.True(panel.ChargePump);      // a 3.3 V module without its charge pump shows nothing
        Assert.True(panel.SegmentRemap);    // and without both remaps it shows the frame upside down
        Assert.True(panel.ComRemap);
        Assert.Equal(64, panel.Multiplex);
        Assert.All(panel.VisibleFrame(), b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_board_without_a_display_gets_null_and_no_exception()
    {
        Assert.Null(Ssd1306.Open(new Ssd1306Panel { Connected = false }));
        Assert.Null(Ssd1306.Open(new ThrowingBus()));
    }

    [Fact]
    public void A_frame_shows_pixel_for_pixel_and_upright()
    {
        var panel = new Ssd1306Panel();
        var display = Ssd1306.Open(panel)!;
        var random = new Random(19);
        var frame = new byte[DisplayFrame.Bytes];
        random.NextBytes(frame);
        Assert.True(display.Show(frame));
        Assert.Equal(frame, panel.VisibleFrame());

        // The corners land where they are drawn: top-left stays top-left.
        Assert.True(display.Show(FrameWith((0, 0), (127, 63))));
        var shown = panel.VisibleFrame();
        Assert.True(DisplayFrame.IsLit(shown, 0, 0));
        Assert.True(DisplayFrame.IsLit(shown, 127, 63));
        Assert.False(DisplayFrame.IsLit(shown, 127, 0));
        Assert.False(DisplayFrame.IsLit(shown, 0, 63));
    }

    [Fact]
    public void One_frame_is_nine_transactions_of_1039_bytes_about_24_ms_at_400_kHz()
    {
        var panel = new Ssd1306Panel();
        var display = Ssd1306.Open(panel)!;
        int transactions = panel.Transactions;
        long bytes = panel.BytesWritten, data = panel.DataBytes;
        double micros = panel.BusMicroseconds;
        Assert.True(display.Show(new byte[DisplayFrame.Bytes]));
        Assert.Equal(Ssd1306.FrameTransactions, panel.Transactions - transactions);
        Assert.Equal(Ssd1306.FrameBytes, panel.BytesWritten - bytes);
        Assert.Equal(DisplayFrame.Bytes, panel.DataBytes - data);
        Assert.Equal(7 + 8 * 129, Ssd1306.FrameBytes);
        double frameMicros = panel.BusMicroseconds - micros;
        Assert.Equal(Ssd1306Panel.WireMicroseconds(Ssd1306.FrameTransactions, Ssd1306.FrameBytes), frameMicros, 6);
        Assert.InRange(frameMicros, 23_000, 24_000); // (1039 + 9) × 9 + 18 clocks at 2.5 µs = 23.6 ms
    }

    [Fact]
    public void An_unplugged_display_fails_frames_without_throwing_and_recovers_when_back()
    {
        var panel = new Ssd1306Panel();
        var display = Ssd1306.Open(panel)!;
        panel.Connected = false;
        Assert.False(display.Show(FrameWith((5, 5))));
        Assert.False(display.Show(new byte[10])); // short frame: refused, not sent
        Assert.Equal(2, display.Failures);
        panel.Connected = true;
        Assert.True(display.Show(FrameWith((5, 5))));
        Assert.True(DisplayFrame.IsLit(panel.VisibleFrame(), 5, 5));
        Assert.Equal(1, display.FramesShown);
    }

    [Fact]
    public void The_panel_refuses_what_a_real_controller_would_not_take()
    {
        var panel = new Ssd1306Panel();
        panel.Write([0x00, 0xFF], 0, 2);             // no such command
        panel.Write([0x01, 0xAF], 0, 2);             // reserved control bits
        Assert.Equal(2, panel.Errors.Count);
        // Page addressing (the reset mode) wraps inside one page: a whole frame written before the init sequence
        // would not fill the screen, which is why the driver initialises before clearing.
        var page = Enumerable.Repeat((byte)0xFF, 1 + DisplayFrame.Bytes).ToArray();
        page[0] = Ssd1306.DataStream;
        panel.Write([0x00, 0x8D, 0x14, 0xA1, 0xC8, 0xAF], 0, 6);
        panel.Write(page, 0, page.Length);
        var shown = panel.VisibleFrame();
        Assert.True(DisplayFrame.IsLit(shown, 10, 0));
        Assert.False(DisplayFrame.IsLit(shown, 10, 8));
    }

    private sealed class ThrowingBus : IDisplayBus
    {
        public bool Write(byte[] buffer, int offset, int count) => throw new IOException("bus fault");
    }
}
