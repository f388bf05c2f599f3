using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;

namespace Terminal.Tests.Reader;

/// <summary>The virtual MIFARE Classic card behaves as the datasheet says, command by command.</summary>
public sealed class SimulatedCardTests
{
    private static MifareClassicCard Selected(MifareClassicCard card)
    {
        card.PowerOn();
        Assert.True(card.Request(false, out _));
        Assert.True(card.Select(out var sak));
        Assert.Equal(0x08, sak);
        return card;
    }

    private static CardResponse Auth(SimulatedCard card, MifareKeyType type, int sector, byte[] key) =>
        card.Authenticate(type, MifareClassic.TrailerBlock(sector), key, card.Uid, MifareClassic.AuthenticationUidOffset(card.UidLength));

    [Fact]
    public void Key_A_opens_the_data_of_its_sector_only()
    {
        var card = Selected(TestCards.Permit());
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 1, TestCards.KeyA(TestCards.Uid, 1)));
        var block = new byte[16];
        Assert.Equal(CardResponse.Ok, card.Read(4, block, 0));
        Assert.Equal(TestCards.CoreRecord()[..16], block);
        Assert.Equal(CardResponse.Nak, card.Read(8, block, 0));
        Assert.Equal(CardState.Idle, card.State);
    }

    [Fact]
    public void A_wrong_key_gets_no_answer_and_drops_the_card_to_idle_until_reselected()
    {
        var card = Selected(TestCards.Permit());
        Assert.Equal(CardResponse.NoResponse, Auth(card, MifareKeyType.KeyA, 1, TestCards.KeyA(TestCards.Uid, 2)));
        Assert.Equal(CardState.Idle, card.State);
        // Not selected any more: even the right key is not heard until REQA + SELECT.
        Assert.Equal(CardResponse.NoResponse, Auth(card, MifareKeyType.KeyA, 1, TestCards.KeyA(TestCards.Uid, 1)));
        Selected(card);
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 1, TestCards.KeyA(TestCards.Uid, 1)));
    }

    [Fact]
    public void Authentication_with_other_uid_bytes_fails_as_Crypto1_would()
    {
        var card = Selected(TestCards.Permit());
        var key = TestCards.KeyA(TestCards.Uid, 1);
        Assert.Equal(CardResponse.NoResponse, card.Authenticate(MifareKeyType.KeyA, 7, key, [0, 0, 0, 0], 0));
    }

    [Fact]
    public void Reading_a_permit_trailer_shows_access_bytes_and_hides_both_keys()
    {
        var card = Selected(TestCards.Permit());
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 3, TestCards.KeyA(TestCards.Uid, 3)));
        var trailer = new byte[16];
        Assert.Equal(CardResponse.Ok, card.Read(15, trailer, 0));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0x78, 0x77, 0x88, 0x69, 0, 0, 0, 0, 0, 0 }, trailer);
    }

    [Fact]
    public void Reading_a_blank_trailer_shows_key_B_because_the_transport_conditions_let_it()
    {
        var card = Selected(SimulatedCards.Blank([1, 2, 3, 4]));
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 0, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        var trailer = new byte[16];
        Assert.Equal(CardResponse.Ok, card.Read(3, trailer, 0));
        Assert.Equal(Convert.FromHexString("000000000000FF078069FFFFFFFFFFFF"), trailer);
    }

    [Fact]
    public void Key_B_that_is_readable_authenticates_but_opens_nothing()
    {
        var card = Selected(SimulatedCards.Blank([1, 2, 3, 4]));
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyB, 2, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(CardResponse.Nak, card.Read(8, new byte[16], 0));
    }

    [Fact]
    public void Permit_data_is_written_only_with_key_B()
    {
        var card = Selected(TestCards.Permit());
        var data = Enumerable.Repeat((byte)0xAA, 16).ToArray();
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 2, TestCards.KeyA(TestCards.Uid, 2)));
        Assert.Equal(CardResponse.Nak, card.Write(9, data, 0));
        Selected(card);
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyB, 2, TestCards.KeyB(TestCards.Uid, 2)));
        Assert.Equal(CardResponse.Ok, card.Write(9, data, 0));
        var back = new byte[16];
        Assert.Equal(CardResponse.Ok, card.Read(9, back, 0));
        Assert.Equal(data, back);
    }

    [Fact]
    public void Only_key_B_rewrites_a_permit_trailer()
    {
        var card = Selected(TestCards.Permit());
        var newTrailer = Convert.FromHexString("A0A1A2A3A4A578778869B0B1B2B3B4B5");
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 5, TestCards.KeyA(TestCards.Uid, 5)));
        Assert.Equal(CardResponse.Nak, card.Write(23, newTrailer, 0));
        Selected(card);
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyB, 5, TestCards.KeyB(TestCards.Uid, 5)));
        Assert.Equal(CardResponse.Ok, card.Write(23, newTrailer, 0));
        Selected(card);
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 5, newTrailer[..6]));
    }

    [Fact]
    public void Block_0_is_read_only_except_on_a_magic_card_where_it_carries_the_UID()
    {
        var blank = Selected(SimulatedCards.Blank([1, 2, 3, 4]));
        var transport = new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
        var block0 = Convert.FromHexString("0A0B0C0D0008040062636465666768");
        block0 = [.. block0, 0x69];
        Assert.Equal(CardResponse.Ok, Auth(blank, MifareKeyType.KeyA, 0, transport));
        Assert.Equal(CardResponse.Nak, blank.Write(0, block0, 0));

        var magic = Selected(SimulatedCards.MagicClone(new MifareClassicImageBuilder([1, 2, 3, 4]).Build()));
        Assert.Equal(CardResponse.Ok, Auth(magic, MifareKeyType.KeyA, 0, transport));
        Assert.Equal(CardResponse.Ok, magic.Write(0, block0, 0));
        Assert.Equal(new byte[] { 0x0A, 0x0B, 0x0C, 0x0D }, magic.Uid);
    }

    [Fact]
    public void A_sector_with_inconsistent_access_bytes_is_blocked()
    {
        var image = new MifareClassicImageBuilder([1, 2, 3, 4]).Build();
        image.Memory[MifareClassic.TrailerBlock(4) * 16 + 7] ^= 0x10;
        var card = Selected(SimulatedCards.FromImage(image));
        Assert.Equal(CardResponse.NoResponse, Auth(card, MifareKeyType.KeyA, 4, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        Selected(card);
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 5, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
    }

    [Fact]
    public void Halt_follows_ISO_14443_3_and_the_Crypto1_state()
    {
        var card = Selected(TestCards.Permit());
        card.Halt(encrypted: false);
        Assert.Equal(CardState.Halt, card.State);
        Assert.False(card.Request(false, out _));
        Assert.True(card.Request(true, out _));

        Selected(card);
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 1, TestCards.KeyA(TestCards.Uid, 1)));
        card.Halt(encrypted: false); // plain HLTA to an authenticated card is garbage
        Assert.Equal(CardState.Idle, card.State);

        Selected(card);
        Assert.Equal(CardResponse.Ok, Auth(card, MifareKeyType.KeyA, 1, TestCards.KeyA(TestCards.Uid, 1)));
        card.Halt(encrypted: true);
        Assert.Equal(CardState.Halt, card.State);
        card.PowerOff();
        card.PowerOn();
        Assert.True(card.Request(false, out _));
    }

    [Fact]
    public void Ultralight_answers_as_one_and_does_not_know_MIFARE_authentication()
    {
        var card = SimulatedCards.Ultralight([0x04, 1, 2, 3, 4, 5, 6]);
        card.PowerOn();
        Assert.True(card.Request(false, out var atqa));
        Assert.True(card.Select(out var sak));
        Assert.Equal(CardFamily.Ultralight, MifareClassic.Classify(atqa, sak));
        var pages = new byte[16];
        Assert.Equal(CardResponse.Ok, card.Read(0, pages, 0));
        Assert.Equal(new byte[] { 0x04, 1, 2, 0x88 ^ 0x04 ^ 1 ^ 2, 3, 4, 5, 6 }, pages[..8]);
        Assert.Equal(CardResponse.Nak, card.Authenticate(MifareKeyType.KeyA, 7, new byte[6], card.Uid, 3));
        Assert.Equal(CardState.Idle, card.State);
    }
}
