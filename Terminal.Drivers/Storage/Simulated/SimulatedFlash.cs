using System;
using System.Collections.Generic;
using System.Linq;

namespace Terminal.Drivers.Storage.Simulated;

/// <summary>What happens, at a power cut, to data written but not yet flushed.</summary>
public enum UnflushedDataOnPowerCut
{
    /// <summary>Every file reverts to its last flushed content (a copy-on-write file system such as LittleFS).</summary>
    Lost,

    /// <summary>Everything written so far stays, the write in progress torn at the cut (an in-place file system).</summary>
    Kept,
}

/// <summary>
/// What the page being programmed at a power cut holds past the cut, under <see cref="UnflushedDataOnPowerCut.Kept"/>
/// (only the part of that page the interrupted write covers; later pages of the write keep their old bytes).
/// </summary>
public enum TornPage
{
    /// <summary>The bytes not yet programmed keep their old value (absent when the write was appending).</summary>
    RestOld,

    /// <summary>The page was erased before programming: the bytes not yet programmed read 0xFF (appends included).</summary>
    RestErased,
}

/// <summary>What one write tick of a <see cref="IStoredFile.Write"/> is: one byte, or one page program.</summary>
public enum WriteTickUnit
{
    /// <summary>Every byte written is a tick: a power cut can land between any two bytes.</summary>
    Byte,

    /// <summary>Every page (of the file's offsets) a write touches is a tick: cuts land between page programs.</summary>
    Page,
}

/// <summary>Thrown by every operation on a <see cref="SimulatedFlash"/> from the moment its power is cut.</summary>
public sealed class PowerCutException : Exception
{
    public PowerCutException(long tick)
        : base("simulated power cut at write tick " + tick)
    {
        Tick = tick;
    }

    public long Tick { get; }
}

/// <summary>
/// A simulated flash volume with fault injection, the one simulated storage shared by every test, the demo and the
/// benchmarks. Every byte (or page, see <see cref="WriteTickUnit"/>) written is one "write tick", and so is every
/// create, delete and flush; <see cref="ArmPowerCut"/> stops the world after a given number of ticks (the page being
/// programmed torn at the cut, see <see cref="TornPage"/>), and <see cref="Reboot"/> gives the volume as it is after
/// power returns. <see cref="CountWriteTicks"/> finds how many ticks an operation takes, so a test can cut power at
/// every one of its write boundaries. Also: bit flips on read, stored bit corruption, and a capacity (flash full: a
/// write that does not fit returns false and changes nothing). Thread-safe (the reporting session runs beside the tap).
/// </summary>
public sealed class SimulatedFlash : IFileStore
{
    private const byte Erased = 0xFF;

    private readonly object _sync = new();
    private readonly Dictionary<string, FileState> _files;
    private readonly Dictionary<string, HashSet<long>> _readFlips = new();
    private readonly List<(long FirstTick, long Ticks)> _writeLog = new();
    private long _capacity;
    private long _used;
    private long _ticks;
    private long _cutAtTick = -1;
    private UnflushedDataOnPowerCut _policy;
    private TornPage _torn;
    private bool _poweredOff;

    public SimulatedFlash(long capacityBytes = 4 * 1024 * 1024, int pageBytes = 256, WriteTickUnit tickUnit = WriteTickUnit.Byte)
        : this(capacityBytes, pageBytes, tickUnit, new Dictionary<string, FileState>())
    {
    }

    private SimulatedFlash(long capacityBytes, int pageBytes, WriteTickUnit tickUnit, Dictionary<string, FileState> files)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageBytes, 1);
        _capacity = capacityBytes;
        PageBytes = pageBytes;
        TickUnit = tickUnit;
        _files = files;
        _used = files.Values.Sum(f => (long)f.Current.Count);
    }

    /// <summary>Write ticks (creates + deletes + flushes + bytes or pages written) since this volume was made or rebooted.</summary>
    public long WriteTicks
    {
        get
        {
            lock (_sync)
            {
                return _ticks;
            }
        }
    }

    /// <summary>Every write so far as (write ticks before it, its ticks): where a test may place cuts inside writes.</summary>
    public IReadOnlyList<(long FirstTick, long Ticks)> WriteLog
    {
        get
        {
            lock (_sync)
            {
                return _writeLog.ToArray();
            }
        }
    }

    public bool PowerIsOff
    {
        get
        {
            lock (_sync)
            {
                return _poweredOff;
            }
        }
    }

    /// <summary>Size of a flash page: the unit of a page tick and of a torn page.</summary>
    public int PageBytes { get; }

    public WriteTickUnit TickUnit { get; }

    /// <summary>Bytes the volume holds at most; lower it below <see cref="UsedBytes"/> to make the flash full now.</summary>
    public long Capacity
    {
        get
        {
            lock (_sync)
            {
                return _capacity;
            }
        }

        set
        {
            lock (_sync)
            {
                _capacity = value;
            }
        }
    }

    public long UsedBytes
    {
        get
        {
            lock (_sync)
            {
                return _used;
            }
        }
    }

    public long FreeBytes
    {
        get
        {
            lock (_sync)
            {
                return Math.Max(0, _capacity - _used);
            }
        }
    }

    /// <summary>Cuts power once WriteTicks reaches afterTicks (0 = before the next write); the page in progress torn as given.</summary>
    public void ArmPowerCut(long afterTicks, UnflushedDataOnPowerCut policy, TornPage torn = TornPage.RestOld)
    {
        lock (_sync)
        {
            _cutAtTick = afterTicks;
            _policy = policy;
            _torn = torn;
        }
    }

    /// <summary>Reads of file name return bitPosition flipped (the stored data is unchanged) until cleared.</summary>
    public void FlipBitOnRead(string name, long bitPosition)
    {
        lock (_sync)
        {
            if (!_readFlips.TryGetValue(name, out var set))
            {
                _readFlips[name] = set = new HashSet<long>();
            }

            set.Add(bitPosition);
        }
    }

    public void ClearReadFaults()
    {
        lock (_sync)
        {
            _readFlips.Clear();
        }
    }

    /// <summary>The volume after power returns: only what was durable survives (the policy applied if power was cut).</summary>
    public SimulatedFlash Reboot()
    {
        lock (_sync)
        {
            var files = new Dictionary<string, FileState>();
            foreach (var (name, state) in _files)
            {
                files[name] = new FileState(state.Durable.ToArray());
            }

            return new SimulatedFlash(_capacity, PageBytes, TickUnit, files);
        }
    }

    /// <summary>An independent copy of the volume as it is now (unflushed data included), with no fault armed.</summary>
    public SimulatedFlash Clone() => Clone(TickUnit);

    /// <summary>An independent copy of the volume as it is now, counting write ticks in the given unit.</summary>
    public SimulatedFlash Clone(WriteTickUnit tickUnit)
    {
        lock (_sync)
        {
            var files = new Dictionary<string, FileState>();
            foreach (var (name, state) in _files)
            {
                files[name] = new FileState(state.Durable.ToArray()) { Current = new List<byte>(state.Current) };
            }

            return new SimulatedFlash(_capacity, PageBytes, tickUnit, files);
        }
    }

    /// <summary>How many write ticks operation takes on a copy of start.</summary>
    public static long CountWriteTicks(SimulatedFlash start, Action<SimulatedFlash> operation)
    {
        var copy = start.Clone();
        operation(copy);
        return copy.WriteTicks;
    }

    /// <summary>The current content of a file (test inspection; no ticks, no faults).</summary>
    public byte[] ReadAllBytes(string name)
    {
        lock (_sync)
        {
            return _files[name].Current.ToArray();
        }
    }

    /// <summary>Stores a file durably in one step (test setup; no ticks).</summary>
    public void WriteAllBytes(string name, byte[] content)
    {
        lock (_sync)
        {
            if (_files.TryGetValue(name, out var old))
            {
                _used -= old.Current.Count;
            }

            _files[name] = new FileState(content.ToArray());
            _used += content.Length;
        }
    }

    /// <summary>Flips one stored bit, durably (flash corruption after the fact; no ticks).</summary>
    public void CorruptStoredBit(string name, long bitPosition)
    {
        lock (_sync)
        {
            var state = _files[name];
            int index = (int)(bitPosition >> 3);
            byte mask = (byte)(1 << (int)(bitPosition & 7));
            state.Current[index] ^= mask;
            if (index < state.Durable.Length)
            {
                state.Durable[index] ^= mask;
            }
        }
    }

    public IReadOnlyList<string> FileNames
    {
        get
        {
            lock (_sync)
            {
                return _files.Keys.ToArray();
            }
        }
    }

    public bool Exists(string name)
    {
        lock (_sync)
        {
            ThrowIfOff();
            return _files.ContainsKey(name);
        }
    }

    public IStoredFile Open(string name)
    {
        lock (_sync)
        {
            ThrowIfOff();
            return _files.TryGetValue(name, out var state) ? new SimulatedFile(this, name, state) : null!;
        }
    }

    public IStoredFile Create(string name)
    {
        lock (_sync)
        {
            Tick(1);
            if (_files.TryGetValue(name, out var old))
            {
                _used -= old.Current.Count;
            }

            var state = new FileState([]);
            _files[name] = state;
            return new SimulatedFile(this, name, state);
        }
    }

    public bool Delete(string name)
    {
        lock (_sync)
        {
            if (_files.TryGetValue(name, out var old))
            {
                Tick(1);
                _used -= old.Current.Count;
                _files.Remove(name);
            }
            else
            {
                ThrowIfOff();
            }

            return true;
        }
    }

    private void ThrowIfOff()
    {
        if (_poweredOff)
        {
            throw new PowerCutException(_ticks);
        }
    }

    /// <summary>Spends up to count ticks; returns how many may proceed before the cut (count when no cut is due).</summary>
    private long Allow(long count)
    {
        ThrowIfOff();
        if (_cutAtTick < 0 || _ticks + count <= _cutAtTick)
        {
            return count;
        }

        return Math.Max(0, _cutAtTick - _ticks);
    }

    private void Tick(long count)
    {
        long allowed = Allow(count);
        if (allowed < count)
        {
            _ticks += allowed;
            CutPower();
        }

        _ticks += count;
    }

    private void CutPower()
    {
        if (_policy == UnflushedDataOnPowerCut.Kept)
        {
            foreach (var state in _files.Values)
            {
                state.Durable = state.Current.ToArray();
            }
        }

        _poweredOff = true;
        throw new PowerCutException(_ticks);
    }

    /// <summary>The ticks a write of count bytes at position takes.</summary>
    private long TicksOf(long position, int count)
    {
        if (count <= 0)
        {
            return 0;
        }

        return TickUnit == WriteTickUnit.Byte ? count : ((position + count - 1) / PageBytes) - (position / PageBytes) + 1;
    }

    /// <summary>Bytes of a write at position fully programmed after the given number of its ticks.</summary>
    private int BytesLanded(long position, int count, long ticks)
    {
        if (TickUnit == WriteTickUnit.Byte || ticks == 0)
        {
            return (int)Math.Min(count, ticks);
        }

        long firstPage = PageBytes - (position % PageBytes);
        return (int)Math.Min(count, firstPage + ((ticks - 1) * PageBytes));
    }

    private sealed class FileState(byte[] durable)
    {
        public byte[] Durable { get; set; } = durable;

        public List<byte> Current { get; set; } = new List<byte>(durable);
    }

    private sealed class SimulatedFile(SimulatedFlash flash, string name, FileState state) : IStoredFile
    {
        public long Length
        {
            get
            {
                lock (flash._sync)
                {
                    Live();
                    return state.Current.Count;
                }
            }
        }

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            lock (flash._sync)
            {
                Live();
                var data = state.Current;
                if (position >= data.Count)
                {
                    return 0;
                }

                int n = (int)Math.Min(count, data.Count - position);
                data.CopyTo((int)position, buffer, offset, n);
                if (flash._readFlips.TryGetValue(name, out var flips))
                {
                    foreach (long bit in flips)
                    {
                        long index = bit >> 3;
                        if (index >= position && index < position + n)
                        {
                            buffer[offset + index - position] ^= (byte)(1 << (int)(bit & 7));
                        }
                    }
                }

                return n;
            }
        }

        public bool Write(long position, byte[] data, int offset, int count)
        {
            lock (flash._sync)
            {
                Live();
                var content = state.Current;
                ArgumentOutOfRangeException.ThrowIfGreaterThan(position, content.Count);
                long growth = Math.Max(0, position + count - content.Count);
                if (Registered && growth > flash._capacity - flash._used)
                {
                    return false; // flash full: nothing written, no tick spent
                }

                long ticks = flash.TicksOf(position, count);
                long allowed = flash.Allow(ticks);
                flash._writeLog.Add((flash._ticks, ticks));
                if (allowed == ticks)
                {
                    Program(position, data, offset, count);
                    flash._ticks += ticks;
                    return true;
                }

                int landed = flash.BytesLanded(position, count, allowed);
                Program(position, data, offset, landed);
                if (flash._torn == TornPage.RestErased)
                {
                    // The page holding the first byte not programmed was erased: the write's part of it reads 0xFF.
                    long tornAt = position + landed;
                    long pageEnd = ((tornAt / flash.PageBytes) + 1) * flash.PageBytes;
                    int erasedEnd = (int)Math.Min(count, pageEnd - position);
                    for (int i = landed; i < erasedEnd; i++)
                    {
                        Set(position + i, Erased);
                    }
                }

                flash._ticks += allowed;
                flash.CutPower();
                return false; // not reached: CutPower throws
            }
        }

        public bool Flush()
        {
            lock (flash._sync)
            {
                Live();
                flash.Tick(1);
                state.Durable = state.Current.ToArray();
                return true;
            }
        }

        public void Close()
        {
            lock (flash._sync)
            {
                if (!flash._poweredOff && Registered)
                {
                    Flush();
                }
            }
        }

        // A handle on a file deleted or replaced since keeps working on the orphaned content, which takes no space.
        private bool Registered => flash._files.TryGetValue(name, out var current) && ReferenceEquals(current, state);

        private void Live() => flash.ThrowIfOff();

        private void Program(long position, byte[] data, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                Set(position + i, data[offset + i]);
            }
        }

        private void Set(long at, byte value)
        {
            var content = state.Current;
            if (at < content.Count)
            {
                content[(int)at] = value;
            }
            else
            {
                content.Add(value);
                if (Registered)
                {
                    flash._used++;
                }
            }
        }
    }
}
