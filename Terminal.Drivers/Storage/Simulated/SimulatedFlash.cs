using System;
using System.Collections.Generic;
using System.Linq;

namespace Terminal.Drivers.Storage.Simulated;

/// <summary>What happens, at a power cut, to data written but not yet flushed.</summary>
public enum UnflushedDataOnPowerCut
{
    /// <summary>Every file reverts to its last flushed content (a copy-on-write file system such as LittleFS).</summary>
    Lost,

    /// <summary>Everything written so far stays, the write in progress torn at the cut byte (an in-place file system).</summary>
    Kept,
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
/// A simulated flash volume with fault injection, for tests of everything that must survive power cuts.
/// Every byte written is one "write tick", and so is every create, delete and flush; <see cref="ArmPowerCut"/> stops
/// the world after a given number of ticks (a write in progress is torn at that byte), and <see cref="Reboot"/> gives
/// the volume as it is after power returns. <see cref="CountWriteTicks"/> finds how many ticks an operation takes, so
/// a test can cut power at every one of its write boundaries. Also: bit flips on read, and a capacity (flash full).
/// </summary>
public sealed class SimulatedFlash : IFileStore
{
    private readonly Dictionary<string, FileState> _files;
    private readonly Dictionary<string, HashSet<long>> _readFlips = new();
    private readonly long _capacity;
    private long _ticks;
    private long _cutAtTick = -1;
    private UnflushedDataOnPowerCut _policy;
    private bool _poweredOff;

    public SimulatedFlash(long capacityBytes = 4 * 1024 * 1024)
        : this(capacityBytes, new Dictionary<string, FileState>())
    {
    }

    private SimulatedFlash(long capacityBytes, Dictionary<string, FileState> files)
    {
        _capacity = capacityBytes;
        _files = files;
    }

    /// <summary>Write ticks (bytes written + creates + deletes + flushes) since this volume was made or rebooted.</summary>
    public long WriteTicks => _ticks;

    public bool PowerIsOff => _poweredOff;

    public long Capacity => _capacity;

    public long FreeBytes => _capacity - _files.Values.Sum(f => (long)f.Current.Count);

    /// <summary>Cuts power once WriteTicks reaches afterTicks (0 = before the next write).</summary>
    public void ArmPowerCut(long afterTicks, UnflushedDataOnPowerCut policy)
    {
        _cutAtTick = afterTicks;
        _policy = policy;
    }

    /// <summary>Reads of file name return bitPosition flipped (the stored data is unchanged) until cleared.</summary>
    public void FlipBitOnRead(string name, long bitPosition)
    {
        if (!_readFlips.TryGetValue(name, out var set))
        {
            _readFlips[name] = set = new HashSet<long>();
        }

        set.Add(bitPosition);
    }

    public void ClearReadFaults() => _readFlips.Clear();

    /// <summary>The volume after power returns: only what was durable survives (the policy applied if power was cut).</summary>
    public SimulatedFlash Reboot()
    {
        var files = new Dictionary<string, FileState>();
        foreach (var (name, state) in _files)
        {
            files[name] = new FileState(new List<byte>(state.Durable));
        }

        return new SimulatedFlash(_capacity, files);
    }

    /// <summary>An independent copy of the volume as it is now (unflushed data included), with no fault armed.</summary>
    public SimulatedFlash Clone()
    {
        var files = new Dictionary<string, FileState>();
        foreach (var (name, state) in _files)
        {
            files[name] = new FileState(new List<byte>(state.Durable)) { Current = new List<byte>(state.Current) };
        }

        return new SimulatedFlash(_capacity, files);
    }

    /// <summary>How many write ticks operation takes on a copy of start.</summary>
    public static long CountWriteTicks(SimulatedFlash start, Action<SimulatedFlash> operation)
    {
        var copy = start.Clone();
        operation(copy);
        return copy.WriteTicks;
    }

    /// <summary>The current content of a file (test inspection; no ticks, no faults).</summary>
    public byte[] ReadAllBytes(string name) => _files[name].Current.ToArray();

    /// <summary>Stores a file durably in one step (test setup; no ticks).</summary>
    public void WriteAllBytes(string name, byte[] content) => _files[name] = new FileState(new List<byte>(content));

    /// <summary>Flips one stored bit, durably (flash corruption after the fact; no ticks).</summary>
    public void CorruptStoredBit(string name, long bitPosition)
    {
        var state = _files[name];
        int index = (int)(bitPosition >> 3);
        byte mask = (byte)(1 << (int)(bitPosition & 7));
        state.Current[index] ^= mask;
        if (index < state.Durable.Count)
        {
            state.Durable[index] ^= mask;
        }
    }

    public IEnumerable<string> FileNames => _files.Keys;

    public bool Exists(string name)
    {
        ThrowIfOff();
        return _files.ContainsKey(name);
    }

    public IStoredFile Open(string name)
    {
        ThrowIfOff();
        return _files.ContainsKey(name) ? new SimulatedFile(this, name) : null!;
    }

    public IStoredFile Create(string name)
    {
        Tick(1);
        _files[name] = new FileState(new List<byte>());
        return new SimulatedFile(this, name);
    }

    public bool Delete(string name)
    {
        if (_files.ContainsKey(name))
        {
            Tick(1);
            _files.Remove(name);
        }

        return true;
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
        if (Allow(count) < count)
        {
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
                state.Durable = new List<byte>(state.Current);
            }
        }

        _poweredOff = true;
        throw new PowerCutException(_ticks);
    }

    private FileState StateOf(string name)
    {
        ThrowIfOff();
        if (!_files.TryGetValue(name, out var state))
        {
            throw new InvalidOperationException("file " + name + " was deleted or replaced while open");
        }

        return state;
    }

    private sealed class FileState(List<byte> durable)
    {
        public List<byte> Durable { get; set; } = durable;

        public List<byte> Current { get; set; } = new List<byte>(durable);
    }

    private sealed class SimulatedFile(SimulatedFlash flash, string name) : IStoredFile
    {
        private readonly FileState _state = flash.StateOf(name);

        public long Length
        {
            get
            {
                flash.ThrowIfOff();
                return _state.Current.Count;
            }
        }

        public int Read(long position, byte[] buffer, int offset, int count)
        {
            flash.ThrowIfOff();
            var data = _state.Current;
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

        public bool Write(long position, byte[] data, int offset, int count)
        {
            flash.ThrowIfOff();
            var content = _state.Current;
            ArgumentOutOfRangeException.ThrowIfGreaterThan(position, content.Count);
            long growth = Math.Max(0, position + count - content.Count);
            if (growth > flash.FreeBytes)
            {
                return false;
            }

            long allowed = flash.Allow(count);
            for (int i = 0; i < allowed; i++)
            {
                long at = position + i;
                if (at < content.Count)
                {
                    content[(int)at] = data[offset + i];
                }
                else
                {
                    content.Add(data[offset + i]);
                }
            }

            if (allowed < count)
            {
                flash._ticks += allowed;
                flash.CutPower();
            }

            flash._ticks += count;
            return true;
        }

        public bool Flush()
        {
            flash.Tick(1);
            _state.Durable = new List<byte>(_state.Current);
            return true;
        }

        public void Close()
        {
            if (!flash._poweredOff && flash._files.TryGetValue(name, out var state) && ReferenceEquals(state, _state))
            {
                Flush();
            }
        }
    }
}
