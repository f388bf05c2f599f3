using System;
using System.Collections.Generic;
using System.Linq;

namespace Terminal.Drivers.Storage.Host;

/// <summary>
/// An <see cref="IStoredFile"/> in host memory: how the host tools run the portable list encoder and decoder over
/// files they hold as byte arrays (building, inspecting and verifying lists and deltas).
/// </summary>
public sealed class MemoryFile : IStoredFile
{
    private byte[] _data;
    private int _length;

    public MemoryFile(int capacity = 4096)
    {
        _data = new byte[Math.Max(capacity, 16)];
    }

    /// <summary>A file holding a copy of content.</summary>
    public MemoryFile(byte[] content)
    {
        _data = (byte[])content.Clone();
        _length = content.Length;
    }

    public long Length => _length;

    public int Read(long position, byte[] buffer, int offset, int count)
    {
        if (position >= _length)
        {
            return 0;
        }

        int n = (int)Math.Min(count, _length - position);
        Array.Copy(_data, position, buffer, offset, n);
        return n;
    }

    public bool Write(long position, byte[] data, int offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, _length);
        long end = position + count;
        if (end > _data.Length)
        {
            Array.Resize(ref _data, (int)Math.Max(end, Math.Min((long)_data.Length * 2, int.MaxValue - 64)));
        }

        Array.Copy(data, offset, _data, position, count);
        _length = (int)Math.Max(_length, end);
        return true;
    }

    public bool Flush() => true;

    public void Close()
    {
    }

    public byte[] ToArray() => _data.AsSpan(0, _length).ToArray();
}
