using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;
using Terminal.Core.Permits;
using Terminal.Tests.Rules;
using Terminal.Tools.Issuing;
using Terminal.Tools.Crypto;

namespace Terminal.Tests.Permits;

public sealed class CardIssuingTests
{
    internal static readonly PersonalData Person = new("张三", 1, 1, "42010219900101123X", "湖北省武汉市江岸区某街道1号", "湖北省武汉市洪山区珞喻路100号",
        "武汉市公安局洪山分局", SHA256.HashData("photo"u8.ToArray()));

    internal static byte[] NewIssuerKey() => Terminal.Tools.Crypto.Ed25519Signing.NewPrivateSeed();

    [Fact]
    public void Personal_data_round_trips_including_chinese_text()
    {
        var decoded = PersonalData.Decode(Person.Encode(), out var error);
        Assert.Equal("", error);
        Assert.NotNull(decoded);
        Assert.Equal(Person.Name, decoded!.Name);
        Assert.Equal(Person.CitizenId, decoded.CitizenId);
        Assert.Equal(Person.CurrentAddress, decoded.CurrentAddress);
        Assert.Equal(Person.PhotoSha256, decoded.PhotoSha256);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(52)]
    public void Truncated_personal_data_is_refused(int length) =>
        Assert.Null(PersonalData.Decode(Person.Encode()[..length], out _));

    [Fact]
    public void Bad_personal_data_is_refused_with_a_reason()
    {
        Assert.Contains("18 ASCII", Assert.Throws<ArgumentException>(() => (Person with { CitizenId = "123" }).Encode()).Message);
        Assert.Contains("GB 3304", Assert.Throws<ArgumentException>(() => (Person with { Ethnicity = 60 }).Encode()).Message);
        Assert.Contains("255", Assert.Throws<ArgumentException>(() => (Person with { HukouAddress = new string('街', 100) }).Encode()).Message);
    }

    [Fact]
    public void An_issued_card_carries_a_signature_over_core_uid_and_personal_data_hash()
    {
        var key = NewIssuerKey();
        var uid = new byte[] { 1, 2, 3, 4 };
        var card = CardIssuer.Issue(RuleFixture.Permit("2025-03-15"), Person, uid, new byte[32], key);

        var decoded = new CoreRecord();
        Assert.Equal(RecordStatus.Ok, CoreRecordCodec.Decode(card.CoreRecord, 0, 48, decoded));
        Assert.Equal(card.TierTwo.Length / 16, decoded.TierTwoBlocks);
        Assert.True(card.TierTwo.Length <= TierTwoLayout.Capacity);

        int personalLength = (card.TierTwo[64] << 8) | card.TierTwo[65];
        var personal = card.TierTwo.AsSpan(66, personalLength).ToArray();
        var message = new byte[TierTwoLayout.MaxSignedMessageLength];
        int length = TierTwoLayout.BuildSignedMessage(card.CoreRecord, 0, uid, 4, SHA512.HashData(personal), message);
        var verifier = new Org.BouncyCastle.Crypto.Signers.Ed25519Signer();
        verifier.Init(false, new Ed25519PrivateKeyParameters(key, 0).GeneratePublicKey());
        verifier.BlockUpdate(message, 0, length);
        Assert.True(verifier.VerifySignature(card.TierTwo[..64]));

        // The same signature does not cover another UID.
        length = TierTwoLayout.BuildSignedMessage(card.CoreRecord, 0, [1, 2, 3, 5], 4, SHA512.HashData(personal), message);
        verifier.Init(false, new Ed25519PrivateKeyParameters(key, 0).GeneratePublicKey());
        verifier.BlockUpdate(message, 0, length);
        Assert.False(verifier.VerifySignature(card.TierTwo[..64]));
    }

    [Fact]
    public void Tier_two_blocks_skip_sector_trailers()
    {
        Assert.Equal(12, TierTwoLayout.BlockAt(0));
        Assert.Equal(14, TierTwoLayout.BlockAt(2));
        Assert.Equal(16, TierTwoLayout.BlockAt(3));
        Assert.Equal(62, TierTwoLayout.BlockAt(38));
        Assert.DoesNotContain(Enumerable.Range(0, 39).Select(TierTwoLayout.BlockAt), b => b % 4 == 3);
    }
}
