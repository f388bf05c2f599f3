using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Keys;

namespace Terminal.Tests.Reader;

/// <summary>The portable reader logic in isolation, over a scripted front end.</summary>
public sealed class MifareClassicReaderTests
{
    /// <summary>A front end that always succeeds with a fixed card and allocates nothing.</summary>
    private sealed class PerfectFrontEnd : IReaderFrontEnd
    {
        public int Detects, Auths, Reads, Halts, Reinits;
        public bool FailReads;

        public bool Detect(int timeoutMs, byte[] uid, out int uidLength, out ushort atqa, out byte sak)
        {
            Detects++;
            uid[0] = 1; uid[1] = 2; uid[2] = 3; uid[3] = 4;
            uidLength = 4;
            atqa = 4;
            sak = 8;
            return true;
        }

        public bool Authenticate(MifareKeyType keyType, int block, byte[] key, byte[] uid, int uidLength)
        {
            Auths++;
            return true;
        }

        public bool ReadBlock(int block, byte[] buffer, int offset)
        {
            Reads++;
            buffer[offset] = (byte)block;
            return !FailReads;
        }

        public void Halt() => Halts++;

        public bool Reinitialize()
        {
            Reinits++;
            return true;
        }
    }

    [Fact]
    public void A_whole_tap_allocates_nothing()
    {
        var frontEnd = new PerfectFrontEnd();
        var reader = new MifareClassicReader(frontEnd);
        var sectors = new SectorReader(reader, new FixedKeySource(new byte[6], MifareKeyType.KeyA));
        var uid = new byte[10];
        var core = new byte[96];

        int failures = 0;
        void Tap()
        {
            // No Assert inside the measured loop: xunit's comparers allocate.
            if (reader.WaitForCard(100, uid, out int length, out _, out _) != ReaderResult.Ok || sectors.Read(uid, length, 1, 2, core, 0) != ReaderResult.Ok)
            {
                failures++;
            }

            reader.Halt();
        }

        Tap();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Tap();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
        Assert.Equal(101 * 6, frontEnd.Reads);
        Assert.Equal(8, core[48]); // block 8 opens sector 2
    }

    [Fact]
    public void Reads_failing_with_the_card_still_there_end_in_a_reinitialisation_after_three_operations()
    {
        var frontEnd = new PerfectFrontEnd { FailReads = true };
        var reader = new MifareClassicReader(frontEnd);
        var uid = new byte[10];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(ReaderResult.Ok, reader.WaitForCard(100, uid, out _, out _, out _));
            Assert.Equal(ReaderResult.Ok, reader.Authenticate(0, MifareKeyType.KeyA, new byte[6]));
            Assert.Equal(ReaderResult.RfError, reader.ReadBlock(1, new byte[16], 0));
        }

        Assert.Equal(1, frontEnd.Reinits);
        Assert.Equal(6, reader.Counters.RfErrors); // each operation: the read and its retry
        Assert.Equal(3, reader.Counters.ReadErrors);
        Assert.Equal(1, reader.Counters.Reinitializations);
        Assert.Equal(ReaderResult.NotAuthenticated, reader.Authenticate(0, MifareKeyType.KeyA, new byte[6]));
    }

    [Fact]
    public void Halt_without_a_card_sends_nothing()
    {
        var frontEnd = new PerfectFrontEnd();
        var reader = new MifareClassicReader(frontEnd);
        reader.Halt();
        Assert.Equal(0, frontEnd.Halts);
    }
}
