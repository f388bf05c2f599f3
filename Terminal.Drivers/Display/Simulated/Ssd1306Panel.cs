using System.Collections.Generic;

namespace Terminal.Drivers.Display.Simulated
{
    /// <summary>
    /// An emulated SSD1306 128×64 module on the host's I2C bus: it takes the transactions the real driver sends and
    /// keeps the controller's state (display RAM, addressing mode and window, charge pump, remaps, on/off), so what it
    /// shows (<see cref="VisibleFrame"/>) is what the glass would show for those bytes. It also counts bus time at
    /// 400 kHz. The glass is mounted as on the common module: upright only with segment and COM remap (A1, C8).
    /// Commands it does not know are kept in <see cref="Errors"/>, never ignored silently.
    /// </summary>
    public sealed class Ssd1306Panel : IDisplayBus
    {
        public const int FastModeHz = 400_000;

        private readonly byte[] _ram = new byte[DisplayFrame.Bytes];
        private readonly List<byte> _command = new List<byte>();
        private readonly List<string> _errors = new List<string>();
        private int _addressingMode = 2; // page addressing after reset
        private int _columnStart, _columnEnd = DisplayFrame.Width - 1, _pageStart, _pageEnd = DisplayFrame.Pages - 1;
        private int _column, _page;

        /// <summary>False: nothing answers at the address (a board without a display); every write is not acknowledged.</summary>
        public bool Connected { get; set; } = true;

        public bool DisplayOn { get; private set; }

        public bool ChargePump { get; private set; }

        public bool SegmentRemap { get; private set; }

        public bool ComRemap { get; private set; }

        public bool Inverted { get; private set; }

        public bool EntireDisplayOn { get; private set; }

        public int Multiplex { get; private set; } = 64;

        public int Contrast { get; private set; } = 0x7F;

        public int StartLine { get; private set; }

        public int DisplayOffset { get; private set; }

        public int Transactions { get; private set; }

        /// <summary>Bytes after the address byte, over all transactions.</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Data (display RAM) bytes written.</summary>
        public long DataBytes { get; private set; }

        public IReadOnlyList<string> Errors => _errors;

        /// <summary>
        /// Time on the wire at 400 kHz: per transaction START, the address byte, each byte with its ACK (9 clocks) and
        /// STOP (counted as two clocks). Clock stretching and the driver's own call overhead are not in it.
        /// </summary>
        public double BusMicroseconds { get; private set; }

        /// <summary>Bus time of <paramref name="transactions"/> writes carrying <paramref name="bytes"/> bytes in all, at 400 kHz.</summary>
        public static double WireMicroseconds(int transactions, long bytes) =>
            ((bytes + transactions) * 9 + transactions * 2) * 1_000_000.0 / FastModeHz;

        public bool Write(byte[] buffer, int offset, int count)
        {
            if (!Connected)
            {
                return false;
            }

            Transactions++;
            BytesWritten += count;
            BusMicroseconds += WireMicroseconds(1, count);
            int i = offset, end = offset + count;
            while (i < end)
            {
                byte control = buffer[i++];
                bool single = (control & 0x80) != 0; // Co = 1: one byte, then another control byte
                bool data = (control & 0x40) != 0;
                if ((control & 0x3F) != 0)
                {
                    _errors.Add($"control byte 0x{control:X2} has reserved bits set");
                }

                int stop = single ? System.Math.Min(i + 1, end) : end;
                for (; i < stop; i++)
                {
                    if (data)
                    {
                        WriteRam(buffer[i]);
                    }
                    else
                    {
                        Command(buffer[i]);
                    }
                }
            }

            return true;
        }

        /// <summary>What the glass shows now, in <see cref="DisplayFrame"/> layout (all dark while off or without the charge pump).</summary>
        public byte[] VisibleFrame()
        {
            var frame = new byte[DisplayFrame.Bytes];
            if (!DisplayOn || !ChargePump)
            {
                return frame;
            }

            for (int y = 0; y < DisplayFrame.Height; y++)
            {
                int com = ComRemap ? y : DisplayFrame.Height - 1 - y;
                bool rowDriven = com < Multiplex;
                int row = (com + StartLine + DisplayOffset) % DisplayFrame.Height;
                for (int x = 0; x < DisplayFrame.Width; x++)
                {
                    int column = SegmentRemap ? x : DisplayFrame.Width - 1 - x;
                    bool lit = rowDriven && (EntireDisplayOn || DisplayFrame.IsLit(_ram, column, row));
                    if (rowDriven && Inverted)
                    {
                        lit = !lit;
                    }

                    if (lit)
                    {
                        frame[(y >> 3) * DisplayFrame.Width + x] |= (byte)(1 << (y & 7));
                    }
                }
            }

            return frame;
        }

        private void WriteRam(byte value)
        {
            DataBytes++;
            _ram[_page * DisplayFrame.Width + _column] = value;
            switch (_addressingMode)
            {
                case 0: // horizontal: column first, then page, both wrapping inside the window
                    if (++_column > _columnEnd)
                    {
                        _column = _columnStart;
                        if (++_page > _pageEnd)
                        {
                            _page = _pageStart;
                        }
                    }

                    break;
                case 1: // vertical
                    if (++_page > _pageEnd)
                    {
                        _page = _pageStart;
                        if (++_column > _columnEnd)
                        {
                            _column = _columnStart;
                        }
                    }

                    break;
                default: // page addressing: the column wraps inside the page
                    if (++_column > DisplayFrame.Width - 1)
                    {
                        _column = 0;
                    }

                    break;
            }
        }

        private void Command(byte b)
        {
            _command.Add(b);
            int needed = Arguments(_command[0]);
            if (needed < 0)
            {
                _errors.Add($"unknown command 0x{_command[0]:X2}");
                _command.Clear();
                return;
            }

            if (_command.Count < needed + 1)
            {
                return;
            }

            Execute(_command);
            _command.Clear();
        }

        private static int Arguments(byte opcode)
        {
            switch (opcode)
            {
                case 0x81: case 0x8D: case 0x20: case 0xA8: case 0xD3: case 0xD5: case 0xD9: case 0xDA: case 0xDB:
                    return 1;
                case 0x21: case 0x22: case 0xA3:
                    return 2;
                case 0x29: case 0x2A:
                    return 5;
                case 0x26: case 0x27:
                    return 6;
                case 0xAE: case 0xAF: case 0xA0: case 0xA1: case 0xA4: case 0xA5: case 0xA6: case 0xA7:
                case 0xC0: case 0xC8: case 0x2E: case 0x2F: case 0xE3:
                    return 0;
            }

            if (opcode <= 0x1F || (opcode >= 0x40 && opcode <= 0x7F) || (opcode >= 0xB0 && opcode <= 0xB7))
            {
                return 0;
            }

            return -1;
        }

        private void Execute(List<byte> c)
        {
            byte op = c[0];
            switch (op)
            {
                case 0xAE: DisplayOn = false; return;
                case 0xAF: DisplayOn = true; return;
                case 0x8D: ChargePump = (c[1] & 0x04) != 0; return;
                case 0x81: Contrast = c[1]; return;
                case 0xA0: SegmentRemap = false; return;
                case 0xA1: SegmentRemap = true; return;
                case 0xC0: ComRemap = false; return;
                case 0xC8: ComRemap = true; return;
                case 0xA4: EntireDisplayOn = false; return;
                case 0xA5: EntireDisplayOn = true; return;
                case 0xA6: Inverted = false; return;
                case 0xA7: Inverted = true; return;
                case 0xA8: Multiplex = (c[1] & 0x3F) + 1; return;
                case 0xD3: DisplayOffset = c[1] & 0x3F; return;
                case 0x20:
                    _addressingMode = c[1] & 0x03;
                    if (_addressingMode == 3)
                    {
                        _errors.Add("addressing mode 3 is invalid");
                    }

                    return;
                case 0x21:
                    _columnStart = _column = c[1] & 0x7F;
                    _columnEnd = c[2] & 0x7F;
                    return;
                case 0x22:
                    _pageStart = _page = c[1] & 0x07;
                    _pageEnd = c[2] & 0x07;
                    return;
            }

            if (op >= 0x40 && op <= 0x7F)
            {
                StartLine = op & 0x3F;
            }
            else if (op >= 0xB0 && op <= 0xB7)
            {
                _page = op & 0x07;
            }
            else if (op <= 0x0F)
            {
                _column = (_column & 0xF0) | op;
            }
            else if (op <= 0x1F)
            {
                _column = ((op & 0x0F) << 4) | (_column & 0x0F);
            }

            // Clock, pre-charge, COM pins, VCOMH and scrolling set analogue or timing properties only: nothing to emulate.
        }
    }
}
