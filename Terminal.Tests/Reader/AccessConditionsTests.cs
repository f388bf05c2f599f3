using Terminal.Drivers.Reader;

namespace Terminal.Tests.Reader;

public sealed class AccessConditionsTests
{
    [Fact]
    public void Transport_configuration_encodes_as_the_factory_bytes_FF_07_80()
    {
        var bytes = new byte[3];
        AccessConditions.Encode(AccessConditions.TransportData, AccessConditions.TransportData, AccessConditions.TransportData, AccessConditions.TransportTrailer, bytes, 0);
        Assert.Equal(new byte[] { 0xFF, 0x07, 0x80 }, bytes);
    }

    [Fact]
    public void Permit_configuration_encodes_as_78_77_88()
    {
        var bytes = new byte[5];
        AccessConditions.Encode(AccessConditions.PermitData, AccessConditions.PermitData, AccessConditions.PermitData, AccessConditions.PermitTrailer, bytes, 1);
        Assert.Equal(new byte[] { 0x00, 0x78, 0x77, 0x88, 0x00 }, bytes);
    }

    [Fact]
    public void Nfc_forum_sector_bytes_7F_07_88_decode_as_free_data_and_key_B_managed_trailer()
    {
        // NXP AN1304/AN10787: NFC sectors use 7F 07 88 (data 000, trailer 011).
        var conditions = new int[4];
        Assert.True(AccessConditions.TryDecode([0x7F, 0x07, 0x88], 0, conditions));
        Assert.Equal(new[] { 0, 0, 0, 3 }, conditions);
    }

    [Fact]
    public void Every_combination_of_conditions_round_trips()
    {
        var bytes = new byte[3];
        var decoded = new int[4];
        for (int all = 0; all < 8 * 8 * 8 * 8; all++)
        {
            int b0 = all & 7, b1 = (all >> 3) & 7, b2 = (all >> 6) & 7, t = (all >> 9) & 7;
            AccessConditions.Encode(b0, b1, b2, t, bytes, 0);
            Assert.True(AccessConditions.TryDecode(bytes, 0, decoded));
            Assert.Equal(new[] { b0, b1, b2, t }, decoded);
        }
    }

    [Fact]
    public void Encoding_places_each_bit_where_the_datasheet_says()
    {
        // Only C1 of block 2 set: byte 7 bit 6 (C1_2) set, byte 6 bit 2 (~C1_2) cleared, everything else inverse-consistent.
        var bytes = new byte[3];
        AccessConditions.Encode(0, 0, 4, 0, bytes, 0);
        Assert.Equal(new byte[] { 0xFB, 0x4F, 0x00 }, bytes);
        // Only C3 of the trailer: byte 8 bit 7 set, byte 7 bit 3 cleared.
        AccessConditions.Encode(0, 0, 0, 1, bytes, 0);
        Assert.Equal(new byte[] { 0xFF, 0x07, 0x80 }, bytes);
        // Only C2 of block 0: byte 8 bit 0 set, byte 6 bit 4 cleared.
        AccessConditions.Encode(2, 0, 0, 0, bytes, 0);
        Assert.Equal(new byte[] { 0xEF, 0x0F, 0x01 }, bytes);
    }

    [Fact]
    public void Any_single_flipped_bit_breaks_the_inverted_copy()
    {
        var bytes = new byte[3];
        var decoded = new int[4];
        AccessConditions.Encode(AccessConditions.PermitData, AccessConditions.PermitData, AccessConditions.PermitData, AccessConditions.PermitTrailer, bytes, 0);
        for (int bit = 0; bit < 24; bit++)
        {
            var tampered = (byte[])bytes.Clone();
            tampered[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(AccessConditions.TryDecode(tampered, 0, decoded), "bit " + bit);
        }
    }

    [Fact]
    public void Permit_data_blocks_are_readable_with_A_or_B_and_writable_only_with_B()
    {
        int data = AccessConditions.PermitData, trailer = AccessConditions.PermitTrailer;
        Assert.True(AccessConditions.CanReadData(data, trailer, MifareKeyType.KeyA));
        Assert.True(AccessConditions.CanReadData(data, trailer, MifareKeyType.KeyB));
        Assert.False(AccessConditions.CanWriteData(data, trailer, MifareKeyType.KeyA));
        Assert.True(AccessConditions.CanWriteData(data, trailer, MifareKeyType.KeyB));
        Assert.False(AccessConditions.CanIncrement(data, trailer, MifareKeyType.KeyB));
        Assert.False(AccessConditions.CanDecrement(data, trailer, MifareKeyType.KeyA));
    }

    [Fact]
    public void Permit_trailer_hides_both_keys_and_lets_only_B_change_them()
    {
        int trailer = AccessConditions.PermitTrailer;
        foreach (var key in new[] { MifareKeyType.KeyA, MifareKeyType.KeyB })
        {
            Assert.False(AccessConditions.CanReadKeyA(trailer, key));
            Assert.False(AccessConditions.CanReadKeyB(trailer, key));
            Assert.True(AccessConditions.CanReadAccessBits(trailer, key));
        }

        Assert.False(AccessConditions.KeyBReadable(trailer));
        Assert.False(AccessConditions.CanWriteKeyA(trailer, MifareKeyType.KeyA));
        Assert.False(AccessConditions.CanWriteKeyB(trailer, MifareKeyType.KeyA));
        Assert.False(AccessConditions.CanWriteAccessBits(trailer, MifareKeyType.KeyA));
        Assert.True(AccessConditions.CanWriteKeyA(trailer, MifareKeyType.KeyB));
        Assert.True(AccessConditions.CanWriteKeyB(trailer, MifareKeyType.KeyB));
        Assert.True(AccessConditions.CanWriteAccessBits(trailer, MifareKeyType.KeyB));
    }

    [Fact]
    public void Transport_trailer_makes_key_B_readable_so_key_B_opens_nothing()
    {
        int trailer = AccessConditions.TransportTrailer;
        Assert.True(AccessConditions.KeyBReadable(trailer));
        Assert.True(AccessConditions.CanReadKeyB(trailer, MifareKeyType.KeyA));
        Assert.True(AccessConditions.CanReadData(AccessConditions.TransportData, trailer, MifareKeyType.KeyA));
        Assert.False(AccessConditions.CanReadData(AccessConditions.TransportData, trailer, MifareKeyType.KeyB));
        Assert.True(AccessConditions.CanWriteAccessBits(trailer, MifareKeyType.KeyA));
    }

    [Theory]
    // condition, read A, read B, write A, write B (trailer 011 so key B is usable)
    [InlineData(0, true, true, true, true)]
    [InlineData(2, true, true, false, false)]
    [InlineData(4, true, true, false, true)]
    [InlineData(6, true, true, false, true)]
    [InlineData(1, true, true, false, false)]
    [InlineData(3, false, true, false, true)]
    [InlineData(5, false, true, false, false)]
    [InlineData(7, false, false, false, false)]
    public void Data_block_table_matches_the_datasheet(int condition, bool readA, bool readB, bool writeA, bool writeB)
    {
        int trailer = AccessConditions.PermitTrailer;
        Assert.Equal(readA, AccessConditions.CanReadData(condition, trailer, MifareKeyType.KeyA));
        Assert.Equal(readB, AccessConditions.CanReadData(condition, trailer, MifareKeyType.KeyB));
        Assert.Equal(writeA, AccessConditions.CanWriteData(condition, trailer, MifareKeyType.KeyA));
        Assert.Equal(writeB, AccessConditions.CanWriteData(condition, trailer, MifareKeyType.KeyB));
    }
}
