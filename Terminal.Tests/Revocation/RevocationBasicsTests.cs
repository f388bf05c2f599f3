using Terminal.Core.Binary;
using Terminal.Core.Crypto;
using Terminal.Core.Revocation;
using Terminal.Core.Time;

namespace Terminal.Tests.Revocation;

public sealed class RevocationBasicsTests
{
    [Theory]
    [InlineData(0UL, 0, 0UL)]
    [InlineData(1UL, 0, 16UL)]
    [InlineData(123456789012UL, 15, 123456789012UL * 16 + 15)]
    [InlineData(999999999999UL, 3, 999999999999UL * 16 + 3)]
    public void A_card_key_is_permit_number_times_16_plus_generation(ulong permit, int generation, ulong key)
    {
        Assert.True(CardKey.IsValid(permit, generation));
        Assert.Equal(key, CardKey.From(permit, generation));
        Assert.Equal(permit, CardKey.PermitNumberOf(key));
        Assert.Equal(generation, CardKey.GenerationOf(key));
        Assert.True(key < CardKey.Limit);
    }

    [Fact]
    public void Permit_numbers_are_twelve_digits_and_generations_four_bits()
    {
        Assert.False(CardKey.IsValid(1_000_000_000_000UL, 0));
        Assert.False(CardKey.IsValid(1, 16));
        Assert.Equal("000000012345", CardKey.FormatPermitNumber(12345));
        Assert.True(CardKey.TryParsePermitNumber("000000012345", out ulong n) && n == 12345);
        Assert.False(CardKey.TryParsePermitNumber("1234567890123", out _));
        Assert.False(CardKey.TryParsePermitNumber("12a", out _));
    }

    [Fact]
    public void Reason_codes_are_the_six_articles()
    {
        Assert.Equal(new[] { "第十二条", "第十七条(三)", "第十八条(一)", "第十八条(二)", "第十八条(三)", "第十九条" },
            Enumerable.Range(1, 6).Select(c => RevocationReasons.Article((RevocationReason)c)));
        Assert.False(RevocationReasons.IsDefined(0));
        Assert.False(RevocationReasons.IsDefined(7));
    }

    [Fact]
    public void Staleness_is_a_pure_function_of_status_and_time()
    {
        var status = new RevocationStatus(true, 5, 1_000_000, 86400, 7 * 86400, 10, 7);
        Assert.Equal(RevocationStaleness.Fresh, status.StalenessAt(1_000_000 + 86400));
        Assert.Equal(RevocationStaleness.UpdateDue, status.StalenessAt(1_000_000 + 86401));
        Assert.Equal(RevocationStaleness.UpdateDue, status.StalenessAt(1_000_000 + 7 * 86400));
        Assert.Equal(RevocationStaleness.Stale, status.StalenessAt(1_000_000 + 7 * 86400 + 1));
        Assert.Equal(RevocationStaleness.NoList, RevocationStatus.None.StalenessAt(0));
        Assert.Equal(3600, status.AgeSeconds(1_003_600));
    }

    [Fact]
    public void The_key_ring_checks_id_usage_and_validity_window()
    {
        var ring = new KeyRing();
        var key = new TrustedKey(7, KeyUsage.ListSigner, new byte[32], CivilDate.FromYmd(2026, 1, 1).DayNumber, CivilDate.FromYmd(2026, 12, 31).DayNumber);
        Assert.True(ring.Add(key));
        Assert.False(ring.Add(key));
        Assert.Equal(KeyCheck.Trusted, ring.Check(7, KeyUsage.ListSigner, CivilDate.FromYmd(2026, 12, 31), out var found));
        Assert.Same(key, found);
        Assert.Equal(KeyCheck.WrongUsage, ring.Check(7, KeyUsage.CardIssuer, CivilDate.FromYmd(2026, 6, 1), out _));
        Assert.Equal(KeyCheck.NotValidOnDate, ring.Check(7, KeyUsage.ListSigner, CivilDate.FromYmd(2027, 1, 1), out _));
        Assert.Equal(KeyCheck.UnknownKey, ring.Check(8, KeyUsage.ListSigner, CivilDate.FromYmd(2026, 6, 1), out _));
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        byte[] text = "123456789"u8.ToArray();
        Assert.Equal(0xCBF43926u, Crc32.Compute(text, 0, text.Length));
    }

    [Fact]
    public void Bit_fields_round_trip_at_every_alignment()
    {
        var random = new Random(3);
        for (int i = 0; i < 2000; i++)
        {
            var buffer = new byte[16];
            int width = random.Next(0, 58);
            int position = random.Next(0, 128 - width);
            ulong value = (ulong)random.NextInt64() & (width == 0 ? 0 : (1UL << width) - 1);
            BitField.WriteIntoZero(buffer, position, value, width);
            Assert.Equal(value, BitField.Read(buffer, position, width));
            Assert.True(BitField.IsZero(buffer, 0, position));
            Assert.True(BitField.IsZero(buffer, position + width, 128));
        }
    }
}
