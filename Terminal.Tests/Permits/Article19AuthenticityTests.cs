using Terminal.Core.Permits;
using Terminal.Core.Time;
using Terminal.Drivers.Crypto.Host;
using Terminal.Tests.Rules;
using Terminal.Tools.Issuing;

namespace Terminal.Tests.Permits;

/// <summary>第十九条 (no forgery, alteration or use of another's permit), tier 1: the per-card MAC bound to the UID.</summary>
public sealed class Article19AuthenticityTests
{
    private static readonly byte[] Uid = [0x04, 0xA2, 0x19, 0x7C];
    private static readonly byte[] Uid7 = [0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66];
    private static readonly byte[] RegionalKey = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
    private static readonly CivilDate Today = RuleFixture.D("2025-06-01");

    private static TierOneAuthenticator Authenticator(CivilDate? validUntil = null) => new(new HostHmacSha256(),
        [new MacMasterKey(1, RegionalKey, RuleFixture.D("2020-01-01"), validUntil ?? RuleFixture.D("2040-01-01"))]);

    private static byte[] Issue(byte[] uid) => CoreRecordEncoder.Encode(RuleFixture.Permit("2025-03-15"), RegionalKey, uid);

    [Fact]
    public void Art19_a_genuine_record_on_its_own_card_is_authentic()
    {
        Assert.Equal(TierOneStatus.Authentic, Authenticator().Check(Issue(Uid), 0, 1, Uid, 4, Today));
        Assert.Equal(TierOneStatus.Authentic, Authenticator().Check(Issue(Uid7), 0, 1, Uid7, 7, Today));
    }

    [Fact]
    public void Art19_the_mac_matches_an_independent_hmac_sha256_computation()
    {
        var record = Issue(Uid);
        var cardKey = System.Security.Cryptography.HMACSHA256.HashData(RegionalKey, "HB-T1"u8.ToArray().Append((byte)4).Concat(Uid).ToArray());
        var mac = System.Security.Cryptography.HMACSHA256.HashData(cardKey, record[..CoreRecordLayout.SignedLength].Concat(Uid).ToArray());
        Assert.Equal(mac[..16], record[CoreRecordLayout.MacOffset..(CoreRecordLayout.MacOffset + 16)]);
    }

    [Fact]
    public void Art19_a_valid_record_copied_onto_another_cards_uid_is_not_authentic()
    {
        var otherUid = new byte[] { 0x04, 0xA2, 0x19, 0x7D };
        Assert.Equal(TierOneStatus.MacMismatch, Authenticator().Check(Issue(Uid), 0, 1, otherUid, 4, Today));
    }

    [Fact]
    public void Art19_every_altered_byte_with_a_resealed_checksum_is_not_authentic()
    {
        var genuine = Issue(Uid);
        for (int i = 0; i < CoreRecordLayout.CrcOffset; i++)
        {
            var forged = (byte[])genuine.Clone();
            forged[i] ^= 0x01;
            CoreRecordEncoder.SealChecksum(forged);
            Assert.Equal(TierOneStatus.MacMismatch, Authenticator().Check(forged, 0, 1, Uid, 4, Today));
        }
    }

    [Fact]
    public void Art19_unknown_key_id_is_not_authentic() =>
        Assert.Equal(TierOneStatus.UnknownKey, Authenticator().Check(Issue(Uid), 0, 9, Uid, 4, Today));

    [Fact]
    public void Art19_expired_key_is_not_authentic()
    {
        var auth = Authenticator(validUntil: RuleFixture.D("2025-05-31"));
        Assert.Equal(TierOneStatus.KeyNotValidToday, auth.Check(Issue(Uid), 0, 1, Uid, 4, Today));
        Assert.Equal(TierOneStatus.Authentic, auth.Check(Issue(Uid), 0, 1, Uid, 4, RuleFixture.D("2025-05-31")));
    }

    [Fact]
    public void Art19_a_record_made_with_another_regional_key_is_not_authentic()
    {
        var forged = CoreRecordEncoder.Encode(RuleFixture.Permit("2025-03-15"), new byte[32], Uid);
        Assert.Equal(TierOneStatus.MacMismatch, Authenticator().Check(forged, 0, 1, Uid, 4, Today));
    }

    [Fact]
    public void Art19_odd_uid_lengths_are_refused() =>
        Assert.Equal(TierOneStatus.BadUid, Authenticator().Check(Issue(Uid), 0, 1, new byte[10], 10, Today));

    [Fact]
    public void The_tier_one_check_allocates_nothing_on_the_host()
    {
        var auth = Authenticator();
        var record = Issue(Uid);
        auth.Check(record, 0, 1, Uid, 4, Today);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            auth.Check(record, 0, 1, Uid, 4, Today);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
