using Terminal.Drivers.Storage;

namespace Terminal.Tests.Support;

/// <summary>
/// An in-memory <see cref="IFileStore"/> for tests that can lose power at a chosen point, and then "reboot" into the
/// content that survives. Two models of what survives:
/// <list type="bullet">
/// <item><see cref="CutModel.FlushedOnly"/> — only flushed content (LittleFS on the ESP32 commits a file on sync);
/// the cut is placed before the n-th mutating operation (create, delete, write, flush).</item>
/// <item><see cref="CutModel.WriteThrough"/> — every byte written so far, including the first bytes of the write in
/// progress (a torn write); the cut is placed after the n-th byte written.</item>
/// </list>
/// Create and Delete are durable at once in both models. After the cut every operation fails, as on a dead board.
/// (The lead may later move the crash tests onto the shared SimulatedFlash; this stays a small test helper.)
/// </summary>
public sealed class InMemoryFileStore : IFileStore
{
    public enum CutModel
    {
        FlushedOnly,
        WriteThrough,
    }

    private readonly Dictionary<string, FileData> _files = new(StringComparer.Ordinal);

    public InMemoryFileStore(CutModel model = CutModel.FlushedOnly)
    {
        Model = model;
    }

    public CutModel Model { get; }

    /// <summary>WriteThrough: lose power once this many bytes have been written in total (the write crossing it is torn).</summary>
    public long? CutAfterBytes { get; set; }

    /// <summary>FlushedOnly: lose power just before mutating operation number n (0-based).</summary>
    public int? CutBeforeOperation { get; set; }

    /// <summary>Bytes the volume can hold; a write that would exceed it fails (flash full).</summary>
    public long Capacity { get; set; } = long.MaxValue;

    public bool PoweredOff { get; private set; }

    public long BytesWritten { get; private set; }

    public int MutatingOperations { get; private set; }

    public int OpenHandles { get; private set; }

    /// <summary>Every write so far as (bytes written before it, its length): where torn-write cuts can be placed.</summary>
    public List<(long Start, int Length)> WriteLog { get; } = new();

    public IReadOnlyCollection<string> FileNames => _files.Keys;

    public long FreeBytes => Capacity == long.MaxValue ? -1 : Capacity - _files.Values.Sum(f => (long)f.Length);

    public bool Exists(string name) => !PoweredOff && _files.ContainsKey(name);

    public IStoredFile Open(string name)
    {
        if (PoweredOff || !_files.TryGetValue(name, out var data))
        {
            return null!;
        }

        OpenHandles++;
        return new Handle(this, data);
    }

    public IStoredFile Create(string name)
    {
        if (!BeginMutation())
        {
            return null!;
        }

        var data = new FileData(name);
        _files[name] = data;
        OpenHandles++;
        return new Handle(this, data);
    }

    public bool Delete(string name)
    {
        if (!BeginMutation())
        {
            return false;
        }

        if (_files.Remove(name, out var data))
        {
            data.Deleted = true;
        }

        return true;
    }

    /// <summary>The store as the next boot finds it: what survived the cut, all handles gone, power on.</summary>
    public InMemoryFileStore Reboot()
    {
        var next = new InMemoryFileStore(Model) { Capacity = Capacity };
        foreach (var (name, data) in _files)
        {
            var survivor = new FileData(name);
            var content = Model == CutModel.WriteThrough ? data.LiveCopy() : data.Durable;
            survivor.Write(0, content, 0, content.Length);
            survivor.Durable = content;
            next._files[name] = survivor;
        }

        return next;
    }

    public byte[] ContentOf(string name) => _files[name].LiveCopy();

    /// <summary>Overwrites bytes of a file directly (durably), to simulate damage.</summary>
    public void Damage(string name, int position, byte value)
    {
        var data = _files[name];
        data.Write(position, [value], 0, 1);
        data.Durable = data.LiveCopy();
    }

    private bool BeginMutation()
    {
        if (PoweredOff)
        {
            return false;
        }

        if (Model == CutModel.FlushedOnly && CutBeforeOperation == MutatingOperations)
        {
            PoweredOff = true;
            return false;
        }

        MutatingOperations++;
        return true;
    }

    private bool Write(FileData data, long position, byte[] buffer, int offset, int count)
    {
        if (data.Deleted || !BeginMutation())
        {
            return false;
        }

        if (position < 0 || position > data.Length)
        {
            throw new InvalidOperationException("write at " + position + " would leave a hole in " + data.Name + " (length " + data.Length + ")");
        }

        long grow = Math.Max(0, position + count - data.Length);
        if (Capacity != long.MaxValue && FreeBytes < grow)
        {
            return false;
        }

        WriteLog.Add((BytesWritten, count));
        int applied = count;
        if (Model == CutModel.WriteThrough && CutAfterBytes is { } cut && BytesWritten + count > cut)
        {
            applied = (int)Math.Max(0, cut - BytesWritten);
            PoweredOff = true;
        }

        data.Write((int)position, buffer, offset, applied);

        BytesWritten += applied;
        return !PoweredOff;
    }

    private bool Flush(FileData data)
    {
        if (data.Deleted || !BeginMutation())
        {
            return false;
        }

        data.Durable = data.LiveCopy();
        return true;
    }

    private sealed class FileData(string name)
    {
        private byte[] _live = new byte[64];

        public string Name { get; } = name;

        public int Length { get; private set; }

        public byte[] Durable { get; set; } = [];

        public bool Deleted { get; set; }

        public byte[] LiveCopy() => _live.AsSpan(0, Length).ToArray();

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Max(0, Math.Min(count, Length - position));
            Array.Copy(_live, position, buffer, offset, n);
            return n;
        }

        public void Write(int position, byte[] buffer, int offset, int count)
        {
            if (position + count > _live.Length)
            {
                Array.Resize(ref _live, Math.Max(_live.Length * 2, position + count));
            }

            Array.Copy(buffer, offset, _live, position, count);
            Length = Math.Max(Length, position + count);
        }
    }

    private sealed class Handle(InMemoryFileStore store, FileData data) : IStoredFile
    {
        private bool _closed;

        public long Length => data.Length;

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            if (_closed || store.PoweredOff || data.Deleted)
            {
                return -1;
            }

            return data.Read(position, buffer, offset, count);
        }

        public bool Write(long position, byte[] data1, int offset, int count) => !_closed && store.Write(data, position, data1, offset, count);

        public bool Flush() => !_closed && store.Flush(data);

        public void Close()
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            store.OpenHandles--;
            if (!store.PoweredOff && !data.Deleted)
            {
                data.Durable = data.LiveCopy(); // Close flushes (IStoredFile contract); not a separate cut point
            }
        }
    }
}
