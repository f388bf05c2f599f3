using System.Buffers.Binary;

namespace Terminal.Fuzz;

/// <summary>
/// The smoke fuzzer's mutations, all driven by one seeded <see cref="Random"/> (same seed, same inputs): bit flips,
/// byte sets, truncation, extension, splicing two corpus entries, interesting integers (little- and big-endian, 1–8
/// bytes) written at the target's length/count field offsets or anywhere, and runs of repeated bytes.
/// </summary>
public sealed class Mutator(int seed, IReadOnlyList<int> fieldOffsets)
{
    private static readonly long[] Interesting =
        [0, 1, -1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 65, 127, 128, 255, 256, 511, 512, 1023, 1024, 4095, 4096, 4097,
         32767, 32768, 65535, 65536, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, 16_000_000_000_000];

    private readonly Random _random = new(seed);

    public const int MaxLength = 64 * 1024;

    public byte[] Mutate(IReadOnlyList<byte[]> pool)
    {
        byte[] data = (byte[])pool[_random.Next(pool.Count)].Clone();
        int rounds = 1 + _random.Next(4);
        for (int r = 0; r < rounds; r++)
        {
            data = MutateOnce(data, pool);
        }

        return data.Length > MaxLength ? data[..MaxLength] : data;
    }

    private byte[] MutateOnce(byte[] data, IReadOnlyList<byte[]> pool)
    {
        switch (_random.Next(9))
        {
            case 0:
            case 1:
                if (data.Length > 0)
                {
                    data[_random.Next(data.Length)] ^= (byte)(1 << _random.Next(8));
                }

                return data;
            case 2:
                if (data.Length > 0)
                {
                    data[_random.Next(data.Length)] = (byte)_random.Next(256);
                }

                return data;
            case 3:
                return data.Length == 0 ? data : data[.._random.Next(data.Length)];
            case 4:
            {
                var extra = new byte[1 + _random.Next(_random.Next(2) == 0 ? 16 : 2048)];
                if (_random.Next(2) == 0)
                {
                    _random.NextBytes(extra);
                }

                return [.. data, .. extra];
            }

            case 5:
            {
                byte[] other = pool[_random.Next(pool.Count)];
                int cut = data.Length == 0 ? 0 : _random.Next(data.Length + 1);
                int from = other.Length == 0 ? 0 : _random.Next(other.Length + 1);
                return [.. data.AsSpan(0, cut), .. other.AsSpan(from)];
            }

            case 6:
            case 7:
                WriteInteresting(data);
                return data;
            default:
                if (data.Length > 1)
                {
                    int start = _random.Next(data.Length);
                    int length = Math.Min(data.Length - start, 1 + _random.Next(64));
                    data.AsSpan(start, length).Fill(data[start]);
                }

                return data;
        }
    }

    private void WriteInteresting(byte[] data)
    {
        int width = 1 << _random.Next(4); // 1, 2, 4, 8 bytes
        int position = fieldOffsets.Count > 0 && _random.Next(3) != 0
            ? fieldOffsets[_random.Next(fieldOffsets.Count)]
            : (data.Length == 0 ? 0 : _random.Next(data.Length));
        if (position + width > data.Length)
        {
            return;
        }

        long value = Interesting[_random.Next(Interesting.Length)] + _random.Next(3) - 1;
        Span<byte> bytes = stackalloc byte[8];
        if (_random.Next(2) == 0)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            bytes[..width].CopyTo(data.AsSpan(position));
        }
        else
        {
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            bytes[(8 - width)..].CopyTo(data.AsSpan(position));
        }
    }
}
