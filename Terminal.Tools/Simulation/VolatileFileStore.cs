using Terminal.Drivers.Storage;

namespace Terminal.Tools.Simulation;

/// <summary>
/// A plain in-memory <see cref="IFileStore"/> for the throughput benchmarks only: everything written is kept, nothing
/// is ever lost, and a flush copies nothing (SimulatedFlash keeps a durable copy per flush, which would dominate a
/// benchmark appending thousands of events to 64 KB segments). Everything else uses the shared SimulatedFlash.
/// </summary>
public sealed class VolatileFileStore : IFileStore
{
    private readonly Dictionary<string, FileBytes> _files = new(StringComparer.Ordinal);
    private readonly object _sync = new();

    public long FreeBytes => -1;

    public bool Exists(string name)
    {
        lock (_sync)
        {
            return _files.ContainsKey(name);
        }
    }

    public IStoredFile Open(string name)
    {
        lock (_sync)
        {
            return _files.TryGetValue(name, out var file) ? new Handle(file, _sync) : null!;
        }
    }

    public IStoredFile Create(string name)
    {
        lock (_sync)
        {
            var file = new FileBytes();
            _files[name] = file;
            return new Handle(file, _sync);
        }
    }

    public bool Delete(string name)
    {
        lock (_sync)
        {
            _files.Remove(name);
            return true;
        }
    }

    private sealed class FileBytes
    {
        public byte[] Data = new byte[256];
        public int Length;
    }

    private sealed class Handle(FileBytes file, object sync) : IStoredFile
    {
        public long Length
        {
            get
            {
                lock (sync)
                {
                    return file.Length;
                }
            }
        }

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            lock (sync)
            {
                int n = (int)Math.Max(0, Math.Min(count, file.Length - position));
                Array.Copy(file.Data, position, buffer, offset, n);
                return n;
            }
        }

        public bool Write(long position, byte[] data, int offset, int count)
        {
            lock (sync)
            {
                if (position > file.Length)
                {
                    return false;
                }

                if (position + count > file.Data.Length)
                {
                    Array.Resize(ref file.Data, (int)Math.Max(file.Data.Length * 2L, position + count));
                }

                Array.Copy(data, offset, file.Data, position, count);
                file.Length = (int)Math.Max(file.Length, position + count);
                return true;
            }
        }

        public bool Flush() => true;

        public void Close()
        {
        }
    }
}
