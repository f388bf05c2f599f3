namespace Terminal.Drivers.Display
{
    /// <summary>
    /// SSD1306 128×64 OLED over I2C (driver on <see cref="IDisplayBus"/>): the init sequence of the usual 0.96"
    /// module with its internal charge pump, and frames sent page by page in horizontal addressing mode. Portable, so
    /// the host drives an emulated controller with exactly the bytes the board sends. README.md beside this file.
    /// </summary>
    public sealed class Ssd1306 : IDisplay
    {
        /// <summary>The module's I2C address with SA0 low (most 4-pin modules; 0x3D with the solder jumper moved).</summary>
        public const int Address = 0x3C;

        /// <summary>Control byte: the rest of the transaction is commands (Co = 0, D/C# = 0).</summary>
        public const byte CommandStream = 0x00;

        /// <summary>Control byte: the rest of the transaction is display RAM data (Co = 0, D/C# = 1).</summary>
        public const byte DataStream = 0x40;

        /// <summary>
        /// Power-on configuration, in the datasheet's order (SSD1306 rev 1.1, "Software initialization" flow):
        /// display off; clock; multiplex 64; offset 0; start line 0; charge pump on (the module has no external VCC);
        /// horizontal addressing; segment and COM remapped (upright with the header pins on top); alternative COM
        /// pins; contrast; pre-charge for the charge pump; VCOMH; RAM shown; not inverted; no scrolling. The display is
        /// switched on (<see cref="DisplayOn"/>) only after RAM was cleared, so power-up garbage never shows.
        /// </summary>
        public static readonly byte[] InitSequence = new byte[]
        {
            CommandStream,
            0xAE,
            0xD5, 0x80,
            0xA8, 0x3F,
            0xD3, 0x00,
            0x40,
            0x8D, 0x14,
            0x20, 0x00,
            0xA1,
            0xC8,
            0xDA, 0x12,
            0x81, 0xCF,
            0xD9, 0xF1,
            0xDB, 0x40,
            0xA4,
            0xA6,
            0x2E,
        };

        public static readonly byte[] DisplayOn = new byte[] { CommandStream, 0xAF };

        /// <summary>Address window = the whole panel (columns 0..127, pages 0..7), so the data that follows fills it in order.</summary>
        public static readonly byte[] WholeWindow = new byte[] { CommandStream, 0x21, 0x00, DisplayFrame.Width - 1, 0x22, 0x00, DisplayFrame.Pages - 1 };

        /// <summary>I2C transactions of one frame: the address window, then one per page.</summary>
        public const int FrameTransactions = 1 + DisplayFrame.Pages;

        /// <summary>Bytes after the address byte in one frame's transactions (window command + 8 × (control byte + 128)).</summary>
        public static int FrameBytes
        {
            get { return WholeWindow.Length + DisplayFrame.Pages * (1 + DisplayFrame.Width); }
        }

        private static readonly byte[] DisplayOff = new byte[] { CommandStream, 0xAE };

        private readonly IDisplayBus _bus;

        // One page per transaction: a bounded 129-byte buffer instead of a 1 KB copy of the frame.
        private readonly byte[] _page = new byte[1 + DisplayFrame.Width];

        private Ssd1306(IDisplayBus bus)
        {
            _bus = bus;
            _page[0] = DataStream;
        }

        /// <summary>Frames the panel did not take since start-up (a loose lead shows here and in the log, never as an exception).</summary>
        public int Failures { get; private set; }

        public int FramesShown { get; private set; }

        /// <summary>
        /// Probes the address with "display off" and, when acknowledged, initialises the panel with a blank frame. Null
        /// when nothing answers: the board has no display, which is a supported configuration.
        /// </summary>
        public static Ssd1306 Open(IDisplayBus bus)
        {
            if (!SafeWrite(bus, DisplayOff, 0, DisplayOff.Length))
            {
                return null;
            }

            Ssd1306 display = new Ssd1306(bus);
            if (!SafeWrite(bus, InitSequence, 0, InitSequence.Length) || !display.Clear() || !SafeWrite(bus, DisplayOn, 0, DisplayOn.Length))
            {
                return null;
            }

            return display;
        }

        public bool Show(byte[] frame)
        {
            if (frame == null || frame.Length < DisplayFrame.Bytes)
            {
                Failures++;
                return false;
            }

            bool ok = SendFrame(frame);
            if (ok)
            {
                FramesShown++;
            }
            else
            {
                Failures++;
            }

            return ok;
        }

        /// <summary>Blank RAM (in horizontal addressing, set by the init sequence) before the panel is switched on.</summary>
        private bool Clear()
        {
            return SendFrame(null);
        }

        /// <summary>The address window, then each page from <paramref name="frame"/> (null: blank pages) through the one page buffer.</summary>
        private bool SendFrame(byte[] frame)
        {
            if (frame == null)
            {
                System.Array.Clear(_page, 1, DisplayFrame.Width);
            }

            bool ok = SafeWrite(_bus, WholeWindow, 0, WholeWindow.Length);
            for (int page = 0; ok && page < DisplayFrame.Pages; page++)
            {
                if (frame != null)
                {
                    System.Array.Copy(frame, page * DisplayFrame.Width, _page, 1, DisplayFrame.Width);
                }

                ok = SafeWrite(_bus, _page, 0, _page.Length);
            }

            return ok;
        }

        private static bool SafeWrite(IDisplayBus bus, byte[] buffer, int offset, int count)
        {
            try
            {
                return bus.Write(buffer, offset, count);
            }
            catch (System.Exception)
            {
                return false; // an I2C fault must never reach the tap loop: the LEDs still show the verdict
            }
        }
    }
}
