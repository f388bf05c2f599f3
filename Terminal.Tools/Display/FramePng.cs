using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;
using Terminal.Core.Binary;
using Terminal.Drivers.Display;

namespace Terminal.Tools.Display
{
    /// <summary>
    /// A frame as a PNG picture of the glass, for the README, the demo's --frames and the reference images of the tests:
    /// each pixel becomes a <see cref="Scale"/>×<see cref="Scale"/> cell whose lit part leaves a one-pixel dark seam,
    /// as the dots of a real OLED do. <see cref="Decode"/> reads such a picture back into a frame (cell centres), so
    /// the tests compare pixels, not compressed bytes.
    /// </summary>
    public static class FramePng
    {
        public const int Scale = 4;

        private static readonly byte[] Signature = { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A };
        private static readonly byte[] Lit = { 0xE6, 0xF2, 0xFF };  // the cool white of a white SSD1306 module
        private static readonly byte[] Dark = { 0x0C, 0x0E, 0x12 };

        public static int PictureWidth => DisplayFrame.Width * Scale;

        public static int PictureHeight => DisplayFrame.Height * Scale;

        public static byte[] Encode(byte[] frame)
        {
            int stride = 1 + PictureWidth * 3;
            var raw = new byte[stride * PictureHeight];
            for (int py = 0; py < PictureHeight; py++)
            {
                int row = py * stride;
                raw[row] = 0; // filter: none
                for (int px = 0; px < PictureWidth; px++)
                {
                    bool seam = px % Scale == Scale - 1 || py % Scale == Scale - 1;
                    var color = !seam && DisplayFrame.IsLit(frame, px / Scale, py / Scale) ? Lit : Dark;
                    Buffer.BlockCopy(color, 0, raw, row + 1 + px * 3, 3);
                }
            }

            using var png = new MemoryStream();
            png.Write(Signature);
            var header = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), PictureWidth);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), PictureHeight);
            header[8] = 8;  // bits per sample
            header[9] = 2;  // truecolour
            WriteChunk(png, "IHDR", header);
            using (var compressed = new MemoryStream())
            {
                using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
                {
                    z.Write(raw);
                }

                WriteChunk(png, "IDAT", compressed.ToArray());
            }

            WriteChunk(png, "IEND", Array.Empty<byte>());
            return png.ToArray();
        }

        /// <summary>Reads a picture written by <see cref="Encode"/> (any PNG filter) back into a frame; throws <see cref="InvalidDataException"/> for anything else.</summary>
        public static byte[] Decode(byte[] png)
        {
            if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            {
                throw new InvalidDataException("not a PNG file");
            }

            int width = 0, height = 0;
            using var idat = new MemoryStream();
            for (int at = Signature.Length; at + 12 <= png.Length;)
            {
                int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
                string type = Encoding.ASCII.GetString(png, at + 4, 4);
                var body = png.AsSpan(at + 8, length);
                if (Crc(png.AsSpan(at + 4, length + 4)) != BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)))
                {
                    throw new InvalidDataException($"PNG chunk {type}: CRC mismatch");
                }

                if (type == "IHDR")
                {
                    width = BinaryPrimitives.ReadInt32BigEndian(body);
                    height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                    if (body[8] != 8 || body[9] != 2 || body[12] != 0)
                    {
                        throw new InvalidDataException("only 8-bit truecolour, non-interlaced pictures are frames");
                    }
                }
                else if (type == "IDAT")
                {
                    idat.Write(body);
                }

                at += 12 + length;
            }

            if (width != PictureWidth || height != PictureHeight)
            {
                throw new InvalidDataException($"a frame picture is {PictureWidth}×{PictureHeight}, this one {width}×{height}");
            }

            idat.Position = 0;
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int stride = width * 3;
            var previous = new byte[stride];
            var current = new byte[stride];
            var frame = new byte[DisplayFrame.Bytes];
            for (int py = 0; py < height; py++)
            {
                int filter = z.ReadByte();
                z.ReadExactly(current);
                Unfilter(filter, current, previous);
                if (py % Scale == Scale / 2)
                {
                    int y = py / Scale;
                    for (int x = 0; x < DisplayFrame.Width; x++)
                    {
                        int p = (x * Scale + Scale / 2) * 3;
                        if (current[p] + current[p + 1] + current[p + 2] > 3 * 128)
                        {
                            frame[(y >> 3) * DisplayFrame.Width + x] |= (byte)(1 << (y & 7));
                        }
                    }
                }

                (previous, current) = (current, previous);
            }

            return frame;
        }

        private static void Unfilter(int filter, byte[] row, byte[] above)
        {
            const int bpp = 3;
            for (int i = 0; i < row.Length; i++)
            {
                int left = i >= bpp ? row[i - bpp] : 0, up = above[i], upLeft = i >= bpp ? above[i - bpp] : 0;
                row[i] = filter switch
                {
                    0 => row[i],
                    1 => (byte)(row[i] + left),
                    2 => (byte)(row[i] + up),
                    3 => (byte)(row[i] + (left + up) / 2),
                    4 => (byte)(row[i] + Paeth(left, up, upLeft)),
                    _ => throw new InvalidDataException($"PNG filter {filter} does not exist"),
                };
            }
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }

        private static void WriteChunk(Stream png, string type, byte[] body)
        {
            var head = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(head, body.Length);
            Encoding.ASCII.GetBytes(type, 0, 4, head, 4);
            png.Write(head);
            png.Write(body);
            var typed = new byte[4 + body.Length];
            Buffer.BlockCopy(head, 4, typed, 0, 4);
            Buffer.BlockCopy(body, 0, typed, 4, body.Length);
            var crc = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(crc, Crc(typed));
            png.Write(crc);
        }

        /// <summary>PNG's chunk CRC is the same CRC-32 (IEEE, reflected 0xEDB88320) the firmware guards its files with.</summary>
        private static uint Crc(ReadOnlySpan<byte> data)
        {
            var bytes = data.ToArray();
            return Crc32.Compute(bytes, 0, bytes.Length);
        }
    }
}
