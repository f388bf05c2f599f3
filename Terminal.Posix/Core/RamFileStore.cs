using System;
using System.Collections;
using Terminal.Drivers.Storage;

namespace Terminal.Posix
{
    /// <summary>
    /// The internal drive on the nanoCLR's Linux build, which has no file system (no System.IO.FileSystem natives): named
    /// files in RAM, preloaded from the image the host wrote. Writes land at once, so a flush cannot fail; power cuts are
    /// the host simulator's business (SimulatedFlash), not this path's. The host's throughput benchmarks use it too, as
    /// a store whose flush copies nothing (SimulatedFlash keeps a durable copy per flush, which would dominate them).
    /// </summary>
    public sealed class RamFileStore : IFileStore
    {
        // A handful of files: a list searched by name (Hashtable is another nanoFramework package).
        private readonly ArrayList _files = new ArrayList();
        private readonly object _sync = new object();

        /// <summary>-1 as on the board's driver: nanoFramework reports only the total size.</summary>
        public long FreeBytes
        {
            get { return -1; }
        }

        /// <summary>The names of the files now on the drive, in the order they were first created.</summary>
        public string[] Names
        {
            get
            {
                lock (_sync)
                {
                    string[] names = new string[_files.Count];
                    for (int i = 0; i < names.Length; i++)
                    {
                        names[i] = ((RamFile)_files[i]).Name;
                    }

                    return names;
                }
            }
        }

        public bool Exists(string name)
        {
            lock (_sync)
            {
                return Find(name) != null;
            }
        }

        public IStoredFile Open(string name)
        {
            lock (_sync)
            {
                RamFile file = Find(name);
                return file == null ? null : new Handle(file, _sync);
            }
        }

        public IStoredFile Create(string name)
        {
            lock (_sync)
            {
                RamFile file = Find(name);
                if (file == null)
                {
                    file = new RamFile(name);
                    _files.Add(file);
                }
                else
                {
                    file.Data = new byte[256];
                    file.Length = 0;
                }

                return new Handle(file, _sync);
            }
        }

        public bool Delete(string name)
        {
            lock (_sync)
            {
                RamFile file = Find(name);
                if (file != null)
                {
                    _files.Remove(file);
                }

                return true;
            }
        }

        /// <summary>Appends bytes to a file, creating it first (the image loader's path).</summary>
        public void Append(string name, byte[] data)
        {
            IStoredFile file = Exists(name) ? Open(name) : Create(name);
            file.Write(file.Length, data, 0, data.Length);
        }

        private RamFile Find(string name)
        {
            for (int i = 0; i < _files.Count; i++)
            {
                RamFile file = (RamFile)_files[i];
                if (file.Name == name)
                {
                    return file;
                }
            }

            return null;
        }

        private sealed class RamFile
        {
            public RamFile(string name)
            {
                Name = name;
            }

            public readonly string Name;
            public byte[] Data = new byte[256];
            public int Length;
        }

        private sealed class Handle : IStoredFile
        {
            private readonly RamFile _file;
            private readonly object _sync;

            public Handle(RamFile file, object sync)
            {
                _file = file;
                _sync = sync;
            }

            public long Length
            {
                get
                {
                    lock (_sync)
                    {
                        return _file.Length;
                    }
                }
            }

            public int Read(long position, byte[] buffer, int offset, int count)
            {
                lock (_sync)
                {
                    if (position < 0 || position >= _file.Length || count <= 0)
                    {
                        return 0;
                    }

                    int n = (int)(_file.Length - position);
                    if (n > count)
                    {
                        n = count;
                    }

                    Array.Copy(_file.Data, (int)position, buffer, offset, n);
                    return n;
                }
            }

            public bool Write(long position, byte[] data, int offset, int count)
            {
                lock (_sync)
                {
                    if (position < 0 || position > _file.Length || count < 0)
                    {
                        return false; // no holes: the board's file system refuses them too
                    }

                    int end = (int)position + count;
                    if (end > _file.Data.Length)
                    {
                        int capacity = _file.Data.Length * 2;
                        byte[] grown = new byte[capacity > end ? capacity : end];
                        Array.Copy(_file.Data, grown, _file.Length);
                        _file.Data = grown;
                    }

                    Array.Copy(data, offset, _file.Data, (int)position, count);
                    if (end > _file.Length)
                    {
                        _file.Length = end;
                    }

                    return true;
                }
            }

            public bool Flush()
            {
                return true;
            }

            public void Close()
            {
            }
        }
    }
}
