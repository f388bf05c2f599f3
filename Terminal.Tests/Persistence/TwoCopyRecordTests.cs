using Terminal.Core.Persistence;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Tests.Persistence;

/// <summary>
/// The shared two-copy record (list slot selector, update boot state): the newest intact copy wins, a damaged or
/// impossible newest copy falls back to the other, and writes alternate copies so one write never touches both.
/// </summary>
public sealed class TwoCopyRecordTests
{
    private const string Name = "record.bin";

    private sealed class CounterRecord : TwoCopyRecord
    {
        public CounterRecord()
            : base(new[] { (byte)'T', (byte)'E', (byte)'S', (byte)'T' }, 16)
        {
        }

        public int Value;

        protected override bool IsValidPayload(byte[] bytes, int offset) => bytes[offset] != 0xEE;

        protected override void DecodePayload(byte[] bytes, int offset) => Value = BitConverter.ToInt32(bytes, offset);

        protected override void EncodePayload(byte[] record, int offset) => BitConverter.GetBytes(Value).CopyTo(record, offset);
    }

    private static CounterRecord? Read(SimulatedFlash flash)
    {
        var record = new CounterRecord();
        return record.LoadNewest(flash, Name) ? record : null;
    }

    private static CounterRecord Write(SimulatedFlash flash, int value)
    {
        var next = new CounterRecord { Value = value };
        Assert.True(next.WriteNext(flash, Name, Read(flash)));
        return next;
    }

    [Fact]
    public void Writes_alternate_copies_and_the_newest_generation_is_read()
    {
        var flash = new SimulatedFlash();
        Assert.Null(Read(flash));
        var first = Write(flash, 10);
        var second = Write(flash, 20);
        var third = Write(flash, 30);
        Assert.Equal(new[] { 0, 1, 0 }, new[] { first.Copy, second.Copy, third.Copy });
        Assert.Equal(new uint[] { 1, 2, 3 }, new[] { first.Generation, second.Generation, third.Generation });
        var read = Read(flash)!;
        Assert.Equal(30, read.Value);
        Assert.Equal(3u, read.Generation);
    }

    [Fact]
    public void A_damaged_newest_copy_falls_back_to_the_previous_record_and_two_damaged_copies_read_as_none()
    {
        var flash = new SimulatedFlash();
        Write(flash, 10);
        Write(flash, 20); // copy 1
        flash.CorruptStoredBit(Name, (16 + 9) * 8); // a payload bit of copy 1: its CRC no longer matches
        Assert.Equal(10, Read(flash)!.Value);
        flash.CorruptStoredBit(Name, 9 * 8);
        Assert.Null(Read(flash));
    }

    [Fact]
    public void A_newest_copy_with_an_impossible_payload_is_treated_as_damaged()
    {
        var flash = new SimulatedFlash();
        Write(flash, 10);
        Write(flash, 0xEE); // intact CRC, but the payload validator refuses it
        Assert.Equal(10, Read(flash)!.Value);
    }
}
