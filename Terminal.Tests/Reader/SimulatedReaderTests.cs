using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Keys;
using Terminal.Drivers.Reader.Simulated;

namespace Terminal.Tests.Reader;

/// <summary>The reader interface driven the way the tap pipeline drives it, against scripted cards and RF faults.</summary>
public sealed class SimulatedReaderTests
{
    private readonly byte[] _uid = new byte[MifareClassic.MaxUidLength];
    private int _uidLength;
    private ushort _atqa;
    private byte _sak;

    private ReaderResult Wait(ICardReader reader, int timeoutMs = 500) => reader.WaitForCard(timeoutMs, _uid, out _uidLength, out _atqa, out _sak);

    private ReaderResult ReadCore(ICardReader reader, byte[] into, ISectorKeySource? keys = null) =>
        new SectorReader(reader, keys ?? TestCards.ReadKeys()).Read(_uid, _uidLength, PermitCardLayout.CoreRecordFirstSector, PermitCardLayout.CoreRecordSectorCount, into, 0);

    [Fact]
    public void A_permit_tap_reads_the_core_record()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit(), arriveAfterPolls: 3);
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(TestCards.Uid, _uid[.._uidLength]);
        Assert.Equal(CardFamily.MifareClassic1K, MifareClassic.Classify(_atqa, _sak));
        var core = new byte[PermitCardLayout.CoreRecordLength];
        Assert.Equal(ReaderResult.Ok, ReadCore(reader, core));
        Assert.Equal(TestCards.CoreRecord(), core);
        Assert.Equal(3, reader.Timing.EmptyPolls);
        Assert.Equal(1, reader.Counters.CardsDetected);
        Assert.Equal(2, reader.Counters.Authentications);
        Assert.Equal(6, reader.Counters.BlocksRead);
        Assert.Equal(0, reader.Counters.RfErrors);
    }

    [Fact]
    public void Tier_2_is_read_after_the_verdict_while_the_card_stays()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit());
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        var core = new byte[PermitCardLayout.CoreRecordLength];
        Assert.Equal(ReaderResult.Ok, ReadCore(reader, core));
        var tier2 = new byte[PermitCardLayout.Tier2Capacity];
        var sectors = new SectorReader(reader, TestCards.ReadKeys());
        Assert.Equal(ReaderResult.Ok, sectors.Read(_uid, _uidLength, PermitCardLayout.Tier2FirstSector, PermitCardLayout.Tier2SectorCount, tier2, 0));
        Assert.Equal(TestCards.Tier2(), tier2);
    }

    [Fact]
    public void A_seven_byte_uid_permit_authenticates_with_its_last_cascade_level()
    {
        var uid7 = SimulatedCards.Uid7(0x01020304);
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit(uid7));
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(7, _uidLength);
        Assert.Equal(0x0044, _atqa);
        var core = new byte[PermitCardLayout.CoreRecordLength];
        Assert.Equal(ReaderResult.Ok, ReadCore(reader, core));
        Assert.Equal(TestCards.CoreRecord(), core);
    }

    [Fact]
    public void No_card_is_NoCard_after_the_timeout()
    {
        var reader = new SimulatedReader();
        Assert.Equal(ReaderResult.NoCard, Wait(reader, 200));
        Assert.True(reader.Timing.EmptyPolls >= 2);
        Assert.Equal(0, reader.Timing.RfMs);
        Assert.True(reader.Timing.IdleMs >= 200);
    }

    [Fact]
    public void A_wrong_key_is_AuthFailed_and_the_card_stays_usable()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit());
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(ReaderResult.AuthFailed, reader.Authenticate(1, MifareKeyType.KeyA, TestCards.KeyA(TestCards.Uid, 9)));
        Assert.Equal(ReaderResult.NotAuthenticated, reader.ReadBlock(4, new byte[16], 0));
        Assert.Equal(ReaderResult.Ok, reader.Authenticate(1, MifareKeyType.KeyA, TestCards.KeyA(TestCards.Uid, 1)));
        Assert.Equal(ReaderResult.Ok, reader.ReadBlock(4, new byte[16], 0));
        Assert.Equal(1, reader.Counters.AuthFailures);
        Assert.Equal(2, reader.Counters.Reselects);
        Assert.Equal(0, reader.Counters.CardsGone);
    }

    [Fact]
    public void Reading_outside_the_authenticated_sector_costs_no_RF()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit());
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(ReaderResult.Ok, reader.Authenticate(1, MifareKeyType.KeyA, TestCards.KeyA(TestCards.Uid, 1)));
        int operations = reader.Timing.Operations;
        Assert.Equal(ReaderResult.NotAuthenticated, reader.ReadBlock(8, new byte[16], 0));
        Assert.Equal(operations, reader.Timing.Operations);
    }

    [Theory]
    [InlineData(2)] // detect + auth, gone before the first read
    [InlineData(4)] // detect + auth + 2 reads, gone before the third
    [InlineData(6)] // gone between sectors
    public void Pulling_the_card_away_mid_read_is_CardGone(int holdForOperations)
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit(), holdForOperations);
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        var core = new byte[PermitCardLayout.CoreRecordLength];
        Assert.Equal(ReaderResult.CardGone, ReadCore(reader, core));
        Assert.Equal(1, reader.Counters.CardsGone);
        Assert.Equal(ReaderResult.NotAuthenticated, reader.ReadBlock(4, core, 0));
    }

    [Fact]
    public void A_single_corrupted_read_is_retried_transparently()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit());
        reader.Faults.FailNext(SimulatedOperation.Read);
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        var core = new byte[PermitCardLayout.CoreRecordLength];
        Assert.Equal(ReaderResult.Ok, ReadCore(reader, core));
        Assert.Equal(TestCards.CoreRecord(), core);
        Assert.Equal(1, reader.Counters.RfErrors);
        Assert.Equal(1, reader.Counters.Reselects);
        Assert.Equal(0, reader.Counters.ReadErrors);
        Assert.Equal(3, reader.Timing.SectorsAuthenticated);
    }

    [Fact]
    public void A_fault_on_a_scripted_operation_number_hits_that_operation()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit());
        reader.Faults.FailOperation(2); // the first authentication
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        var core = new byte[PermitCardLayout.CoreRecordLength];
        Assert.Equal(ReaderResult.Ok, ReadCore(reader, core));
        Assert.Equal(1, reader.Faults.Injected);
        Assert.Equal(3, reader.Timing.AuthenticationAttempts);
        Assert.Equal(TestCards.CoreRecord(), core);
    }

    [Fact]
    public void A_read_failing_twice_is_RfError_with_the_card_still_there()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(TestCards.Permit());
        reader.Faults.FailNext(SimulatedOperation.Read, 2);
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(ReaderResult.Ok, reader.Authenticate(1, MifareKeyType.KeyA, TestCards.KeyA(TestCards.Uid, 1)));
        Assert.Equal(ReaderResult.RfError, reader.ReadBlock(5, new byte[16], 0));
        Assert.Equal(1, reader.Counters.ReadErrors);
        // The card was re-selected: a new authentication works without a new WaitForCard.
        Assert.Equal(ReaderResult.Ok, reader.Authenticate(1, MifareKeyType.KeyA, TestCards.KeyA(TestCards.Uid, 1)));
        var block = new byte[16];
        Assert.Equal(ReaderResult.Ok, reader.ReadBlock(5, block, 0));
        Assert.Equal(TestCards.CoreRecord()[16..32], block);
    }

    [Fact]
    public void Repeated_errors_reinitialise_the_chip_and_a_dead_chip_is_ReaderFault()
    {
        var reader = new SimulatedReader();
        reader.Field.Place(TestCards.Permit());
        reader.Faults.FailNext(SimulatedOperation.Read, 6);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(ReaderResult.Ok, Wait(reader));
            Assert.Equal(ReaderResult.Ok, reader.Authenticate(1, MifareKeyType.KeyA, TestCards.KeyA(TestCards.Uid, 1)));
            Assert.Equal(ReaderResult.RfError, reader.ReadBlock(4, new byte[16], 0));
        }

        Assert.Equal(0, reader.Counters.Reinitializations);
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(ReaderResult.Ok, reader.Authenticate(1, MifareKeyType.KeyA, TestCards.KeyA(TestCards.Uid, 1)));
        Assert.Equal(ReaderResult.RfError, reader.ReadBlock(4, new byte[16], 0));
        Assert.Equal(1, reader.Counters.Reinitializations);
        Assert.Equal(1, reader.Timing.Reinitializations);

        // A chip that stops answering looks like an empty field; one that does not come back from its reset is ReaderFault.
        reader.FrontEnd.ChipResponds = false;
        Assert.Equal(ReaderResult.NoCard, Wait(reader, 100));
        reader.FrontEnd.ChipResponds = true;
        reader.FrontEnd.ReinitializationSucceeds = false;
        reader.Session.ReinitializeAfterErrors = 1;
        reader.Faults.FailNext(SimulatedOperation.Read, 2);
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(ReaderResult.Ok, reader.Authenticate(1, MifareKeyType.KeyA, TestCards.KeyA(TestCards.Uid, 1)));
        Assert.Equal(ReaderResult.ReaderFault, reader.ReadBlock(4, new byte[16], 0));
        Assert.Equal(1, reader.Counters.ReinitializationFailures);
    }

    [Fact]
    public void Random_RF_faults_never_escape_as_exceptions_and_never_give_wrong_data()
    {
        var reader = new SimulatedReader();
        reader.Faults.FailRandomly(0.08, seed: 42);
        var outcomes = new Dictionary<ReaderResult, int>();
        for (int tap = 0; tap < 200; tap++)
        {
            reader.Field.Tap(TestCards.Permit(), arriveAfterPolls: tap % 3);
            var result = Wait(reader);
            var core = new byte[PermitCardLayout.CoreRecordLength];
            if (result == ReaderResult.Ok)
            {
                result = ReadCore(reader, core);
                if (result == ReaderResult.Ok)
                {
                    Assert.Equal(TestCards.CoreRecord(), core);
                }
            }

            outcomes[result] = outcomes.GetValueOrDefault(result) + 1;
            reader.Halt();
            reader.Field.PullAway();
        }

        Assert.True(outcomes.GetValueOrDefault(ReaderResult.Ok) > 150, string.Join(", ", outcomes));
        Assert.True(reader.Faults.Injected > 50);
        Assert.True(reader.Counters.RfErrors > 0);
        Assert.All(outcomes.Keys, r => Assert.Contains(r, new[] { ReaderResult.Ok, ReaderResult.RfError, ReaderResult.AuthFailed, ReaderResult.NoCard }));
    }

    [Fact]
    public void A_halted_card_is_not_reported_again_until_it_is_presented_again()
    {
        var reader = new SimulatedReader();
        var card = TestCards.Permit();
        reader.Field.Place(card);
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(ReaderResult.Ok, ReadCore(reader, new byte[96]));
        reader.Halt();
        Assert.Equal(CardState.Halt, card.State);
        Assert.Equal(ReaderResult.NoCard, Wait(reader, 300));
        reader.Field.PullAway();
        reader.Field.Tap(card, arriveAfterPolls: 1);
        Assert.Equal(ReaderResult.Ok, Wait(reader));
    }

    [Fact]
    public void A_full_clone_on_a_magic_card_reads_exactly_like_the_original()
    {
        var reader = new SimulatedReader();
        var original = TestCards.PermitImage();
        reader.Field.Tap(SimulatedCards.MagicClone(original));
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(TestCards.Uid, _uid[.._uidLength]);
        var core = new byte[96];
        Assert.Equal(ReaderResult.Ok, ReadCore(reader, core));
        Assert.Equal(TestCards.CoreRecord(), core);
    }

    [Fact]
    public void A_copy_under_another_uid_fails_the_diversified_keys()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(SimulatedCards.MagicCloneWithUid(TestCards.PermitImage(), [1, 2, 3, 4]));
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(ReaderResult.AuthFailed, ReadCore(reader, new byte[96]));
    }

    [Fact]
    public void A_copy_rekeyed_with_a_leaked_read_master_reads_but_reports_its_own_uid()
    {
        // Whoever holds the read master can key a blank card for its own UID and copy a record onto it: the reader
        // reads it; only the signature's binding to the UID (checked by the verifier) can catch this.
        var reader = new SimulatedReader();
        byte[] otherUid = [9, 9, 9, 9];
        reader.Field.Tap(SimulatedCards.FromImage(TestCards.PermitImage(otherUid)));
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        var core = new byte[96];
        Assert.Equal(ReaderResult.Ok, ReadCore(reader, core));
        Assert.Equal(TestCards.CoreRecord(), core);
        Assert.Equal(otherUid, _uid[.._uidLength]);
    }

    [Fact]
    public void A_blank_card_refuses_the_permit_keys_and_opens_with_the_transport_key()
    {
        var reader = new SimulatedReader();
        reader.Field.Place(SimulatedCards.Blank([5, 6, 7, 8]));
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(ReaderResult.AuthFailed, ReadCore(reader, new byte[96]));
        var core = Enumerable.Repeat((byte)1, 96).ToArray();
        Assert.Equal(ReaderResult.Ok, ReadCore(reader, core, new FixedKeySource(FixedKeySource.TransportKey(), MifareKeyType.KeyA)));
        Assert.All(core, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_transit_card_is_a_MIFARE_Classic_the_terminal_cannot_open()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(SimulatedCards.Transit([0x31, 0x32, 0x33, 0x34]));
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(CardFamily.MifareClassic1K, MifareClassic.Classify(_atqa, _sak));
        Assert.Equal(ReaderResult.AuthFailed, ReadCore(reader, new byte[96]));
        Assert.Equal(1, reader.Counters.AuthFailures);
    }

    [Fact]
    public void An_Ultralight_is_detected_as_one_and_cannot_be_authenticated()
    {
        var reader = new SimulatedReader();
        reader.Field.Tap(SimulatedCards.Ultralight([0x04, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66]));
        Assert.Equal(ReaderResult.Ok, Wait(reader));
        Assert.Equal(7, _uidLength);
        Assert.Equal(0, _sak);
        Assert.Equal(CardFamily.Ultralight, MifareClassic.Classify(_atqa, _sak));
        Assert.Equal(ReaderResult.AuthFailed, reader.Authenticate(1, MifareKeyType.KeyA, new byte[6]));
    }

    [Fact]
    public void Caller_errors_are_InvalidArgument()
    {
        var reader = new SimulatedReader();
        Assert.Equal(ReaderResult.InvalidArgument, reader.WaitForCard(10, new byte[4], out _, out _, out _));
        Assert.Equal(ReaderResult.InvalidArgument, reader.Authenticate(16, MifareKeyType.KeyA, new byte[6]));
        Assert.Equal(ReaderResult.InvalidArgument, reader.Authenticate(1, MifareKeyType.KeyA, new byte[5]));
        Assert.Equal(ReaderResult.InvalidArgument, reader.ReadBlock(64, new byte[16], 0));
        Assert.Equal(ReaderResult.InvalidArgument, reader.ReadBlock(4, new byte[16], 1));
        Assert.Equal(ReaderResult.NotAuthenticated, reader.Authenticate(1, MifareKeyType.KeyA, new byte[6]));
        Assert.Equal(ReaderResult.InvalidArgument, new SectorReader(reader, TestCards.ReadKeys()).Read(_uid, 4, 15, 2, new byte[96], 0));
    }
}
