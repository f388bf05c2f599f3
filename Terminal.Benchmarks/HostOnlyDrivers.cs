using Terminal.Core.Tap;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Storage;

namespace Terminal.Benchmarks;

/// <summary>
/// Counts the bytes the simulated hardware allocates on the current thread, so the memory benchmark can subtract
/// them: on the board these calls go to the RC522, the GPIO pins and the flash, whose allocations are not the
/// simulator's. Only host-side stand-ins are metered; the portable code around them is measured as it is.
/// </summary>
public sealed class HostAllocationMeter
{
    public long Bytes { get; private set; }

    public long Calls { get; private set; }

    public void Measure(Action call)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        call();
        Bytes += GC.GetAllocatedBytesForCurrentThread() - before;
        Calls++;
    }

    public void Add(long bytes)
    {
        Bytes += bytes;
        Calls++;
    }

    public T Measure<T>(Func<T> call)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        T value = call();
        Bytes += GC.GetAllocatedBytesForCurrentThread() - before;
        Calls++;
        return value;
    }
}

/// <summary>The simulated RC522 front end with its own allocations metered (the MifareClassicReader above it is portable and measured).</summary>
public sealed class MeteredFrontEnd(IReaderFrontEnd inner, HostAllocationMeter meter) : IReaderFrontEnd
{
    public bool Detect(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak)
    {
        // out parameters cannot be captured by a lambda: measured by hand.
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool found = inner.Detect(timeoutMs, uid, out uidLength, out atqa, out sak);
        meter.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        return found;
    }

    public bool Authenticate(MifareKeyType keyType, int block, byte[] key, byte[] uid, int uidLength) =>
        meter.Measure(() => inner.Authenticate(keyType, block, key, uid, uidLength));

    public bool ReadBlock(int block, byte[] buffer, int offset) => meter.Measure(() => inner.ReadBlock(block, buffer, offset));

    public void Halt() => meter.Measure(inner.Halt);

    public bool Reinitialize() => meter.Measure(inner.Reinitialize);

}

/// <summary>LEDs and buzzer on the host: recorded, metered.</summary>
public sealed class MeteredFeedback(IFeedback inner, HostAllocationMeter meter) : IFeedback
{
    public void Show(Indication indication) => meter.Measure(() => inner.Show(indication));
}

/// <summary>The simulated flash, metered: reads of the list's blocks go through here.</summary>
public sealed class MeteredFileStore(IFileStore inner, HostAllocationMeter meter) : IFileStore
{
    public long FreeBytes => meter.Measure(() => inner.FreeBytes);

    public bool Exists(string name) => meter.Measure(() => inner.Exists(name));

    public IStoredFile Open(string name) => Wrap(meter.Measure(() => inner.Open(name)));

    public IStoredFile Create(string name) => Wrap(meter.Measure(() => inner.Create(name)));

    public bool Delete(string name) => meter.Measure(() => inner.Delete(name));

    private IStoredFile Wrap(IStoredFile file) => file is null ? null! : new MeteredFile(file, meter);

    private sealed class MeteredFile(IStoredFile inner, HostAllocationMeter meter) : IStoredFile
    {
        public long Length => meter.Measure(() => inner.Length);

        public int Read(long position, byte[] buffer, int offset, int count) => meter.Measure(() => inner.Read(position, buffer, offset, count));

        public bool Write(long position, byte[] data, int offset, int count) => meter.Measure(() => inner.Write(position, data, offset, count));

        public bool Flush() => meter.Measure(inner.Flush);

        public void Close() => meter.Measure(inner.Close);
    }
}

/// <summary>Where the device would append the usage event; the outbox's own cost is measured separately.</summary>
public sealed class DiscardingTapSink : ITapSink
{
    public int Checks { get; private set; }

    public void OnCheck(TapReport report) => Checks++;
}
