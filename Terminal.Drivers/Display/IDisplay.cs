namespace Terminal.Drivers.Display
{
    /// <summary>
    /// A 128×64 monochrome panel that shows whole frames. A frame is <see cref="DisplayFrame.Bytes"/> bytes in the
    /// SSD1306's page layout (see <see cref="DisplayFrame"/>), so the driver sends it as it is.
    /// </summary>
    public interface IDisplay
    {
        /// <summary>Sends a whole frame; false when the panel did not take it (unplugged, bus fault). Never throws.</summary>
        bool Show(byte[] frame);
    }

    /// <summary>
    /// The frame format shared by the screen layout and the drivers: 8 pages of 8 pixel rows, 128 columns each; byte
    /// <c>page * 128 + x</c> holds the pixels (x, 8·page … 8·page + 7), least significant bit on top; 1 = lit.
    /// </summary>
    public static class DisplayFrame
    {
        public const int Width = 128;
        public const int Height = 64;
        public const int Pages = Height / 8;
        public const int Bytes = Width * Pages;

        public static bool IsLit(byte[] frame, int x, int y)
        {
            return (frame[(y >> 3) * Width + x] & (1 << (y & 7))) != 0;
        }
    }
}
