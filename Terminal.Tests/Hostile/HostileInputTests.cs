using System.Text;
using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Reporting;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Hostile;

/// <summary>
/// The named hostile inputs of issue 9, one test each, asserting the documented response (README.md beside this file):
/// the verdict and what the clerk sees, what is reported, and that the terminal keeps its list, its events and its loop.
/// </summary>
public sealed class HostileInputTests
{
    private const string Valid = "valid";

    // ---- cards -------------------------------------------------------------------------------------------------

    [Fact]
    public void ForgedSignature_PassesTierOneOnceThenRaisesForgeryAlertAndIsRefusedOnEveryLaterTap()
    {
        var rig = new HostileTerminalRig();
        var first = rig.Tap("forged signature (first tap)");
        Assert.Equal(VerdictCode.Valid, first.Code); // tier 1 (the stolen regional MAC key) decides the tap at once
        Assert.True(first.ForgeryAlertRaised);
        Assert.Equal(Indication.ForgeryAlert, rig.Terminal.Feedback.Last);

        var again = rig.Tap("forged signature (first tap)");
        Assert.Equal(VerdictCode.ForgeryAlert, again.Code);
        Assert.False(again.Accepted);
        Assert.Equal(Indication.ForgeryAlert, again.Indication);
        Assert.Equal(2, rig.Terminal.Recorded.Checks.Count(c => c.Code == VerdictCode.ForgeryAlert)); // the alert, then the refused tap
        Assert.Equal(0, rig.Terminal.Core.Pipeline.Faults);
    }

    [Fact]
    public void ValidSignatureOnAnotherCardsUid_IsNotAuthenticAndRefused()
    {
        var rig = new HostileTerminalRig();
        var outcome = rig.Tap("clone with wrong UID");
        Assert.Equal(VerdictCode.NotAuthentic, outcome.Code);
        Assert.False(outcome.Accepted);
        Assert.Equal(Indication.Refused, outcome.Indication);
        Assert.Contains("第十九条", outcome.Article);
        Assert.False(outcome.ForgeryAlertRaised); // refused at tier 1: tier 2 is not even read
        Assert.Equal(VerdictCode.NotAuthentic, rig.Terminal.Recorded.Checks.Single().Code);
    }

    [Fact]
    public void UnknownIssuerKey_CardSignedUnderAKeyIdTheTerminalDoesNotHoldRaisesForgeryAlert()
    {
        // The terminal holds the issuer's public key under another id: the cards' key id 1 is unknown to it.
        var rig = new HostileTerminalRig(adjustProvisioning: s => s with
        {
            Keys = s.Keys.Select(k => k.Usage == "card-issuer" ? k with { Id = 9 } : k).ToList(),
        });
        AssertTierTwoRefusal(rig);
    }

    [Fact]
    public void ExpiredIssuerKey_CardSignedUnderAnIssuerKeyPastItsValidityRaisesForgeryAlert()
    {
        var yesterday = DateOnly.FromDateTime(HostileTerminalRig.Now.UtcDateTime).AddDays(-1);
        var rig = new HostileTerminalRig(adjustProvisioning: s => s with
        {
            Keys = s.Keys.Select(k => k.Usage == "card-issuer" ? k with { ValidUntil = yesterday } : k).ToList(),
        });
        AssertTierTwoRefusal(rig);
    }

    [Fact]
    public void UnknownIssuerKey_UnknownRegionalMacKeyIdIsNotAuthentic()
    {
        var outcome = new HostileTerminalRig().Tap("unknown MAC key id");
        Assert.Equal(VerdictCode.NotAuthentic, outcome.Code);
        Assert.Equal(Indication.Refused, outcome.Indication);
    }

    [Fact]
    public void TruncatedCard_CoreRecordCutShortIsUnreadableAndAskedToTapAgain()
    {
        var rig = new HostileTerminalRig();
        // Only the first 16 of the 48 core record bytes written (the rest blank, as after an interrupted personalisation).
        var image = rig.Altered(Valid, m => Array.Clear(m, HostileTerminalRig.BlockOffset(HostileTerminalRig.CoreRecordBlock + 1), 32));
        var outcome = rig.Tap(image);
        Assert.Equal(VerdictCode.Unreadable, outcome.Code);
        Assert.Equal(Indication.TapAgain, outcome.Indication);
        Assert.Equal(0, rig.Terminal.Core.Pipeline.Faults);
    }

    [Fact]
    public void TruncatedCard_TierTwoSignatureCutShortRaisesForgeryAlert()
    {
        var rig = new HostileTerminalRig();
        // Tier-2 sectors blank past their first block: the issuer's signature is missing.
        var image = rig.Altered(Valid, m =>
        {
            for (int sector = Terminal.Drivers.Reader.PermitCardLayout.Tier2FirstSector; sector < 16; sector++)
            {
                int first = sector == Terminal.Drivers.Reader.PermitCardLayout.Tier2FirstSector ? 1 : 0;
                Array.Clear(m, HostileTerminalRig.BlockOffset((sector * 4) + first), (3 - first) * 16);
            }
        });
        var first = rig.Tap(image);
        Assert.Equal(VerdictCode.Valid, first.Code); // tier 1 holds; the signature check runs after the verdict
        Assert.True(first.ForgeryAlertRaised);
        Assert.Equal(VerdictCode.ForgeryAlert, rig.Tap(image).Code);
        Assert.Equal(0, rig.Terminal.Core.Pipeline.Faults);
    }

    [Fact]
    public void GarbledCard_CorruptCoreRecordIsUnreadableAndAskedToTapAgain()
    {
        var rig = new HostileTerminalRig();
        var outcome = rig.Tap("garbled record");
        Assert.Equal(VerdictCode.Unreadable, outcome.Code);
        Assert.False(outcome.Accepted);
        Assert.Equal(Indication.TapAgain, outcome.Indication);
        Assert.Equal(VerdictCode.Unreadable, rig.Terminal.Recorded.Checks.Single().Code);
        Assert.Equal(0, rig.Terminal.Core.Pipeline.Faults);
    }

    [Fact]
    public void GarbledCard_EveryByteOfTheCoreRecordFlippedNeverPassesAndNeverFaults()
    {
        var rig = new HostileTerminalRig();
        int coreStart = HostileTerminalRig.BlockOffset(HostileTerminalRig.CoreRecordBlock);
        for (int i = 0; i < 48; i++)
        {
            var image = rig.Altered(Valid, m => m[coreStart + i] ^= 0x5A);
            var outcome = rig.Tap(image);
            Assert.True(outcome.Code is VerdictCode.Unreadable or VerdictCode.NotAuthentic, "byte " + i + ": " + outcome.Code);
            Assert.False(outcome.Accepted);
        }

        Assert.Equal(0, rig.Terminal.Core.Pipeline.Faults);
    }

    [Fact]
    public void CardPulledMidRead_IsUnreadableAskedToTapAgainAndTheNextTapIsDecided()
    {
        var rig = new HostileTerminalRig();
        var outcome = rig.Tap("pulled away mid-read");
        Assert.Equal(VerdictCode.Unreadable, outcome.Code);
        Assert.Equal(Indication.TapAgain, outcome.Indication);
        Assert.Equal(VerdictCode.Valid, rig.Tap(Valid).Code);
        Assert.Equal(0, rig.Terminal.Core.Pipeline.Faults);
    }

    // ---- revocation list ---------------------------------------------------------------------------------------

    [Fact]
    public void TamperedList_EveryByteFlippedIsRefusedAndTheOldListStaysActive()
    {
        var rig = new HostileTerminalRig();
        byte[] next = rig.List(2);
        for (int i = 0; i < next.Length; i += Math.Max(1, next.Length / 64))
        {
            byte[] tampered = (byte[])next.Clone();
            tampered[i] ^= 0x01;
            Assert.NotEqual(RevocationError.None, rig.Terminal.InstallList(tampered));
            Assert.Equal(1UL, rig.Terminal.Core.Revocation.Status.Sequence);
        }

        Assert.Equal(VerdictCode.Revoked, rig.Tap("revoked: fraudulent use (19)").Code); // the old list still answers
        Assert.Equal(RevocationError.None, rig.Terminal.InstallList(next)); // and the genuine update still goes through
    }

    [Fact]
    public void ReplayedOlderList_IsRefusedAsNotNewerAndTheCurrentListStaysActive()
    {
        var rig = new HostileTerminalRig();
        Assert.Equal(RevocationError.None, rig.Terminal.InstallList(rig.List(3)));
        Assert.Equal(RevocationError.NotNewer, rig.Terminal.InstallList(rig.List(2)));
        Assert.Equal(RevocationError.NotNewer, rig.Terminal.InstallList(rig.List(3)));
        Assert.Equal(3UL, rig.Terminal.Core.Revocation.Status.Sequence);
        Assert.Equal(VerdictCode.Revoked, rig.Tap("revoked: no longer eligible (18-1)").Code);
    }

    [Fact]
    public void DeltaOnWrongBase_IsRefusedAndTheOldListStaysActive()
    {
        var rig = new HostileTerminalRig();
        Assert.Equal(RevocationError.WrongBase, rig.Terminal.InstallList(rig.Delta(2, 3))); // the terminal holds list 1
        Assert.Equal(1UL, rig.Terminal.Core.Revocation.Status.Sequence);
        Assert.Equal(RevocationError.None, rig.Terminal.InstallList(rig.Delta(1, 2)));
        Assert.Equal(2UL, rig.Terminal.Core.Revocation.Status.Sequence);
    }

    // ---- clock -------------------------------------------------------------------------------------------------

    [Fact]
    public void ClockUnset_RtcBeforeTheFirmwareEraDecidesNothingAndReportsTheUntrustedClock()
    {
        var rig = new HostileTerminalRig();
        rig.Terminal.Clock.UtcUnixSeconds = 0; // RTC lost its backup: 1970
        var outcome = rig.Tap(Valid);
        Assert.Equal(VerdictCode.ClockUntrusted, outcome.Code);
        Assert.False(outcome.Accepted);
        Assert.Equal(Indication.Unprovisioned, outcome.Indication);
        Assert.Equal(ClockTrust.Untrusted, rig.Terminal.Recorded.Checks.Single().Clock);
    }

    [Fact]
    public void ClockRolledBack_ToReviveAnExpiredPermitDecidesNothing()
    {
        var rig = new HostileTerminalRig();
        Assert.Equal(VerdictCode.Cancelled, rig.Tap("expired, cancelled").Code);
        rig.Terminal.Clock.Advance(-90L * 86400); // back to before the permit expired
        var outcome = rig.Tap("expired, cancelled");
        Assert.Equal(VerdictCode.ClockUntrusted, outcome.Code);
        Assert.False(outcome.Accepted);
        Assert.Equal(ClockTrust.Untrusted, rig.Terminal.Recorded.Checks[^1].Clock);
    }

    // ---- MQTT --------------------------------------------------------------------------------------------------

    [Fact]
    public void BrokerUnreachableFor24hSimulated_EveryCheckStaysQueuedAndIsDeliveredOnceWhenTheBrokerReturns()
    {
        var f = new SessionFixture(new ReportingSessionOptions
        {
            Region = "420100", TerminalId = "T1", BatchMaxEvents = 20, BackoffInitialMs = 1_000, BackoffMaxMs = 300_000, JitterSeed = 7,
        }, new OutboxOptions { MaxBytes = 4 << 20 });
        f.Transport.BrokerUp = false;
        const long day = 24L * 3600 * 1000;
        int taps = 0;
        while (f.Now < day)
        {
            f.Tap(); // a check every ten minutes, all day
            taps++;
            f.Run(600_000, 5_000);
        }

        Assert.True(f.Transport.Connections.Count >= 24 * 12, "the terminal stopped retrying");
        Assert.Equal(taps, f.Outbox.PendingCount);
        Assert.Equal(0, f.Outbox.LostEvents);

        f.Transport.BrokerUp = true;
        f.Run(320_000, 100);
        Assert.Equal(SessionState.Connected, f.Session.State);
        Assert.Equal(0, f.Outbox.PendingCount);
        var ids = f.PublishedIds();
        Assert.Equal(taps, ids.Count);
        Assert.Equal(taps, ids.Distinct().Count());
    }

    [Fact]
    public void MalformedMqttMessage_OnEverySubscribedTopicIsRejectedCountedAndReportingGoesOn()
    {
        var f = new SessionFixture(new ReportingSessionOptions { Region = "420100", TerminalId = "T1", BatchMaxEvents = 1 });
        f.Run(100);
        var t = f.Session.Topics;
        byte[][] garbage = [[0xFF, 0x00, 0x13], Encoding.ASCII.GetBytes("seq=abc;bytes=1;chunk=1"), Encoding.ASCII.GetBytes("seq=9;bytes=-5;chunk=0")];
        foreach (var payload in garbage)
        {
            f.Transport.Deliver(t.Config, payload);
            f.Transport.Deliver(t.ListAnnounce, payload);
        }

        f.Transport.Deliver(t.Config, []);       // an empty message clears a retained one: ignored, not an error
        f.Transport.Deliver(t.ListAnnounce, []);

        f.Transport.Deliver(t.ListPrefix + "5/../../x", [1]);
        f.Tap();
        f.Run(500);
        Assert.Equal(2 * garbage.Length + 1, f.Session.RejectedInbound);
        Assert.Empty(f.Config.Accepted);
        Assert.Empty(f.ListTarget.Completed);
        Assert.Equal(SessionState.Connected, f.Session.State);
        Assert.Single(f.PublishedIds());
    }

    [Fact]
    public void OversizedMqttMessage_IsRejectedUnreadAndCountedAndReportingGoesOn()
    {
        var f = new SessionFixture(new ReportingSessionOptions { Region = "420100", TerminalId = "T1", BatchMaxEvents = 1, MaxConfigBytes = 1024 });
        f.Run(100);
        var t = f.Session.Topics;
        byte[] huge = Encoding.ASCII.GetBytes("c" + new string('x', 100_000)); // would pass the config sink if it were read
        f.Transport.Deliver(t.Config, huge);
        f.Transport.Deliver(t.ListAnnounce, Encoding.ASCII.GetBytes(new string('x', 10_000)));
        f.Tap();
        f.Run(500);
        Assert.Equal(2, f.Session.RejectedInbound);
        Assert.Empty(f.Config.Accepted);
        Assert.Equal(SessionState.Connected, f.Session.State);
        Assert.Single(f.PublishedIds());
    }

    // ---- storage -----------------------------------------------------------------------------------------------

    [Fact]
    public void FlashFull_ListUpdateIsRefusedAndTheOldListKeepsAnswering()
    {
        var rig = new HostileTerminalRig();
        rig.Terminal.Flash.Capacity = rig.Terminal.Flash.UsedBytes; // nothing more fits
        var error = rig.Terminal.InstallList(rig.List(2));
        Assert.True(error is RevocationError.StorageFull or RevocationError.StorageError, "got " + error);
        Assert.Equal(1UL, rig.Terminal.Core.Revocation.Status.Sequence);
        Assert.Equal(VerdictCode.Revoked, rig.Tap("revoked: other (18-3)").Code);
        Assert.Equal(VerdictCode.Valid, rig.Tap(Valid).Code);
        Assert.Equal(0, rig.Terminal.Core.Pipeline.Faults);

        rig.Terminal.Flash.Capacity = long.MaxValue; // space freed: the update goes through
        Assert.Equal(RevocationError.None, rig.Terminal.InstallList(rig.List(2)));
    }

    [Fact]
    public void FlashFull_AppendIsRefusedAndCountedAndQueuedEventsAreKept()
    {
        var flash = new SimulatedFlash();
        var outbox = new Outbox(flash, new OutboxOptions { SegmentBytes = 400 });
        Assert.Equal(OutboxStatus.Ok, outbox.Open());
        var queued = Enumerable.Range(0, 3).Select(i => UsageEvents.Make(i)).ToList();
        Assert.All(queued, e => Assert.Equal(OutboxStatus.Ok, outbox.Append(e)));
        flash.Capacity = flash.UsedBytes;

        Assert.Equal(OutboxStatus.StorageFailed, outbox.Append(UsageEvents.Make(3)));
        Assert.Equal(1, outbox.FailedAppends);
        Assert.Equal(3, outbox.PendingCount);

        var reopened = new Outbox(flash.Reboot(), new OutboxOptions { SegmentBytes = 400 });
        Assert.Equal(OutboxStatus.Ok, reopened.Open());
        var buffer = UsageEvents.Buffer(8);
        Assert.Equal(3, reopened.ReadNext(buffer, 0, 8));
        for (int i = 0; i < 3; i++)
        {
            Assert.True(UsageEvents.SameContent(queued[i], buffer[i]));
        }
    }

    /// <summary>Tier 1 accepts the card; the issuer's signature cannot be checked, so the card is flagged and refused from then on.</summary>
    private static void AssertTierTwoRefusal(HostileTerminalRig rig)
    {
        var first = rig.Tap(Valid);
        Assert.Equal(VerdictCode.Valid, first.Code);
        Assert.True(first.ForgeryAlertRaised);
        Assert.Equal(Indication.ForgeryAlert, rig.Terminal.Feedback.Last);
        var again = rig.Tap(Valid);
        Assert.Equal(VerdictCode.ForgeryAlert, again.Code);
        Assert.False(again.Accepted);
        Assert.Equal(0, rig.Terminal.Core.Pipeline.Faults);
    }
}
