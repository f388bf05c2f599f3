using Terminal.Core.Permits;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tools.Issuing;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Tap;

/// <summary>
/// The tier-2 length byte is covered by the tier-1 MAC only. Someone holding a regional MAC master (a stolen terminal)
/// must not be able to skip the issuer's signature check by claiming no tier-2 area, or one larger than the card
/// (docs/security.md, residual risk 5): such a card raises FORGERY_ALERT like any other tier-2 failure.
/// </summary>
public sealed class TierTwoLengthForgeryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(255)]
    public void A_record_minted_with_the_regional_key_claiming_no_or_an_oversized_tier_two_area_raises_a_forgery_alert(int tierTwoBlocks)
    {
        var keys = new SimulationKeys();
        var terminal = new SimulatedTerminal(keys, "hospital", Now);
        Assert.Equal(RevocationError.None, terminal.InstallList(new DemoCards(keys, Now).SignedList(Now.ToUnixTimeSeconds() - 3600)));
        var card = SimulatedCards.FromImage(Mint(keys, SimulatedCards.Uid4(900), tierTwoBlocks));

        var first = terminal.Tap(card);
        Assert.Equal(VerdictCode.Valid, first.Code); // tier 1 passes: the forger holds the regional MAC master
        Assert.True(first.ForgeryAlertRaised);

        terminal.Clock.Advance(60);
        var again = terminal.Tap(card);
        Assert.Equal(VerdictCode.ForgeryAlert, again.Code);
        Assert.Equal(0, terminal.Core.Pipeline.Faults);
    }

    /// <summary>A core record with a valid tier-1 MAC and the given tier-2 length, on a card keyed for its UID.</summary>
    private static CardImage Mint(SimulationKeys keys, byte[] uid, int tierTwoBlocks)
    {
        var today = CivilDate.BeijingDayOf(Now.ToUnixTimeSeconds());
        var issue = today.AddMonths(-9);
        var record = new CoreRecord
        {
            PermitNumber = 420100000777,
            Generation = 0,
            IssuingAuthorityCode = 420111,
            IssueDate = issue,
            EndorsedThrough = issue.AddMonths(12),
            ValidityEnd = issue.AddMonths(36),
            ResidenceStart = issue.AddMonths(-36),
            IssuerKeyId = SimulationKeys.IssuerKeyId,
            MacKeyId = SimulationKeys.MacKeyId,
            TierTwoBlocks = tierTwoBlocks,
        };
        var coreArea = new byte[PermitCardLayout.CoreRecordLength];
        CoreRecordEncoder.Encode(record, keys.RegionalMac, uid).CopyTo(coreArea, 0);
        return PermitCardImages.Issue(uid, coreArea, new byte[PermitCardLayout.Tier2Capacity], keys.ReadMaster, keys.WriteMaster, new HostHmacSha256());
    }
}
