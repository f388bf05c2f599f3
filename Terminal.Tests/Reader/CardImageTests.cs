using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;

namespace Terminal.Tests.Reader;

public sealed class CardImageTests
{
    [Fact]
    public void An_image_survives_save_and_load()
    {
        var image = TestCards.PermitImage(SimulatedCards.Uid7(7)).WithUid(SimulatedCards.Uid7(7), true);
        var loaded = CardImage.FromBytes(image.ToBytes());
        Assert.Equal(image.Uid, loaded.Uid);
        Assert.Equal(image.Atqa, loaded.Atqa);
        Assert.Equal(image.Sak, loaded.Sak);
        Assert.Equal(image.Memory, loaded.Memory);
        Assert.True(loaded.UidWritable);
        Assert.Equal(CardFamily.MifareClassic1K, loaded.Family);
        Assert.Equal(4 + 4 + 7 + 3 + 2 + 1024, image.ToBytes().Length);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => CardImage.FromBytes(new byte[1040]));
        var bytes = TestCards.PermitImage().ToBytes();
        Assert.Throws<InvalidDataException>(() => CardImage.FromBytes(bytes[..^10]));
    }

    [Fact]
    public void A_plain_1024_byte_dump_round_trips()
    {
        var image = TestCards.PermitImage();
        var dump = image.ToMfd();
        Assert.Equal(1024, dump.Length);
        var back = CardImage.FromMfd(dump);
        Assert.Equal(TestCards.Uid, back.Uid);
        Assert.Equal(0x08, back.Sak);
        Assert.Equal(image.Memory, back.Memory);
    }

    [Fact]
    public void The_manufacturer_block_carries_uid_bcc_sak_and_atqa()
    {
        var image = new MifareClassicImageBuilder([0x11, 0x22, 0x33, 0x44]).Build();
        Assert.Equal(new byte[] { 0x11, 0x22, 0x33, 0x44, 0x11 ^ 0x22 ^ 0x33 ^ 0x44, 0x08, 0x04, 0x00 }, image.Memory[..8]);
    }

    [Fact]
    public void Data_is_spread_over_data_blocks_skipping_trailers()
    {
        var data = Enumerable.Range(1, 100).Select(i => (byte)i).ToArray();
        var image = new MifareClassicImageBuilder([1, 2, 3, 4]).WriteSectors(1, data, 0, data.Length).Build();
        Assert.Equal(data[..48], image.Memory[64..112]); // blocks 4, 5, 6
        Assert.Equal(Convert.FromHexString("FFFFFFFFFFFFFF078069FFFFFFFFFFFF"), image.Memory[112..128]); // trailer 7 untouched
        Assert.Equal(data[48..96], image.Memory[128..176]); // blocks 8, 9, 10
        Assert.Equal(data[96..100], image.Memory[192..196]); // block 12
        Assert.All(image.Memory[196..208], b => Assert.Equal(0, b));
        Assert.Throws<ArgumentException>(() => new MifareClassicImageBuilder([1, 2, 3, 4]).WriteSectors(15, data, 0, 49));
    }

    [Fact]
    public void A_permit_image_has_the_core_record_in_sectors_1_and_2_and_diversified_keys_everywhere()
    {
        var image = TestCards.PermitImage();
        var core = TestCards.CoreRecord();
        Assert.Equal(core[..48], image.Memory[64..112]);
        Assert.Equal(core[48..96], image.Memory[128..176]);
        Assert.Equal(TestCards.Tier2()[..48], image.Memory[192..240]);
        for (int sector = 0; sector < 16; sector++)
        {
            int trailer = MifareClassic.TrailerBlock(sector) * 16;
            Assert.Equal(TestCards.KeyA(TestCards.Uid, sector), image.Memory[trailer..(trailer + 6)]);
            Assert.Equal(new byte[] { 0x78, 0x77, 0x88, 0x69 }, image.Memory[(trailer + 6)..(trailer + 10)]);
            Assert.Equal(TestCards.KeyB(TestCards.Uid, sector), image.Memory[(trailer + 10)..(trailer + 16)]);
        }

        Assert.Throws<ArgumentException>(() => PermitCardImages.Issue(TestCards.Uid, new byte[95], null!, TestCards.ReadMaster, TestCards.WriteMaster, new Terminal.Drivers.Crypto.Host.HostHmacSha256()));
        Assert.Throws<ArgumentException>(() => PermitCardImages.Issue(TestCards.Uid, core, new byte[625], TestCards.ReadMaster, TestCards.WriteMaster, new Terminal.Drivers.Crypto.Host.HostHmacSha256()));
    }

    [Fact]
    public void Layout_constants_add_up()
    {
        Assert.Equal(96, PermitCardLayout.CoreRecordLength);
        Assert.Equal(13, PermitCardLayout.Tier2SectorCount);
        Assert.Equal(624, PermitCardLayout.Tier2Capacity);
    }
}
