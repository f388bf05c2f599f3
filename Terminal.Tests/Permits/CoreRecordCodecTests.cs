using CsCheck;
using Terminal.Core.Permits;
using Terminal.Tests.Rules;
using Terminal.Tools.Issuing;

namespace Terminal.Tests.Permits;

public sealed class CoreRecordCodecTests
{
    private static readonly byte[] Uid = [0x04, 0xA2, 0x19, 0x7C];
    private static readonly byte[] MacKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Encoded_record_decodes_to_the_same_fields()
    {
        var original = RuleFixture.Permit("2025-03-15", residenceStart: "2024-07-01", generation: 3);
        original.PermitNumber = CoreRecordLayout.MaxPermitNumber;
        original.IssuerKeyId = 65535;
        original.MacKeyId = 7;
        var bytes = CoreRecordEncoder.Encode(original, MacKey, Uid);
        Assert.Equal(CoreRecordLayout.Length, bytes.Length);

        var decoded = new CoreRecord();
        Assert.Equal(RecordStatus.Ok, CoreRecordCodec.Decode(bytes, 0, bytes.Length, decoded));
        Assert.Equivalent(original, decoded);
    }

    [Fact]
    public void Every_single_bit_flip_is_seen_as_a_garbled_read_not_a_forgery()
    {
        var bytes = CoreRecordEncoder.Encode(RuleFixture.Permit("2025-03-15"), MacKey, Uid);
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            var copy = (byte[])bytes.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(RecordStatus.ChecksumMismatch, CoreRecordCodec.Decode(copy, 0, copy.Length, new CoreRecord()));
        }
    }

    [Fact]
    public void Truncated_input_is_refused()
    {
        var bytes = CoreRecordEncoder.Encode(RuleFixture.Permit("2025-03-15"), MacKey, Uid);
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(RecordStatus.Truncated, CoreRecordCodec.Decode(bytes[..length], 0, length, new CoreRecord()));
        }

        Assert.Equal(RecordStatus.Truncated, CoreRecordCodec.Decode(null!, 0, 48, new CoreRecord()));
        Assert.Equal(RecordStatus.Truncated, CoreRecordCodec.Decode(bytes, 1, 48, new CoreRecord()));
    }

    [Fact]
    public void A_blank_card_is_not_a_permit_and_a_foreign_record_with_a_good_crc_is_not_a_permit()
    {
        var zeros = new byte[48];
        Assert.Equal(RecordStatus.ChecksumMismatch, CoreRecordCodec.Decode(zeros, 0, 48, new CoreRecord()));
        var foreign = new byte[48];
        foreign[0] = 0x12;
        CoreRecordEncoder.SealChecksum(foreign);
        Assert.Equal(RecordStatus.NotAPermit, CoreRecordCodec.Decode(foreign, 0, 48, new CoreRecord()));
    }

    [Theory]
    [InlineData(CoreRecordLayout.VersionOffset, 2, RecordStatus.UnsupportedVersion)]
    [InlineData(CoreRecordLayout.GenerationOffset, 16, RecordStatus.InvalidField)]
    [InlineData(CoreRecordLayout.ReservedOffset, 1, RecordStatus.InvalidField)]
    [InlineData(CoreRecordLayout.FlagsOffset, 1, RecordStatus.InvalidField)]
    [InlineData(CoreRecordLayout.AuthorityOffset, 0, RecordStatus.InvalidField)]
    public void Fields_outside_their_domain_are_refused_with_a_reason(int offset, byte value, RecordStatus expected)
    {
        var bytes = CoreRecordEncoder.Encode(RuleFixture.Permit("2025-03-15"), MacKey, Uid);
        bytes[offset] = value;
        CoreRecordEncoder.SealChecksum(bytes);
        Assert.Equal(expected, CoreRecordCodec.Decode(bytes, 0, bytes.Length, new CoreRecord()));
    }

    [Fact]
    public void Dates_out_of_order_are_refused()
    {
        var bytes = CoreRecordEncoder.Encode(RuleFixture.Permit("2025-03-15"), MacKey, Uid);
        bytes[CoreRecordLayout.ValidityEndOffset] = 0; // validity end long before the issue date
        CoreRecordEncoder.SealChecksum(bytes);
        Assert.Equal(RecordStatus.InvalidField, CoreRecordCodec.Decode(bytes, 0, bytes.Length, new CoreRecord()));
    }

    [Fact]
    public void Random_bytes_never_throw_and_never_decode_with_a_wrong_crc() =>
        Gen.Byte.Array[0, 80].Sample(data =>
        {
            var status = CoreRecordCodec.Decode(data, 0, data.Length, new CoreRecord());
            return data.Length >= 48 || status == RecordStatus.Truncated;
        }, iter: 50000);
}
