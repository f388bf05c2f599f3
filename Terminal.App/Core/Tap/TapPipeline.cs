using Terminal.Core.Permits;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Reader;

namespace Terminal.Core.Tap
{
    /// <summary>What one poll of the tap loop did.</summary>
    public enum TapStep
    {
        /// <summary>No card in the field.</summary>
        Idle = 0,
        /// <summary>A check was decided, shown and reported.</summary>
        Decided = 1,
        /// <summary>The card just checked is still (or again) on the reader: shown again, not counted again.</summary>
        Repeat = 2,
        /// <summary>The reader itself failed this poll (counted by the reader; the loop goes on).</summary>
        ReaderError = 3,
    }

    /// <summary>
    /// The per-tap path: detect → read the core record → tier 1 → revocation lookup → rules → feedback → report, then
    /// read the tier-2 area while the card is still present and hand it to the background verifier. Allocates nothing
    /// per tap; never lets an exception out of <see cref="Step"/> (a fault becomes UNREADABLE and the loop goes on).
    /// </summary>
    public sealed class TapPipeline
    {
        private readonly ICardReader _reader;
        private readonly SectorReader _sectors;
        private readonly TierOneAuthenticator _tierOne;
        private readonly RevocationStore _revocation;
        private readonly ServicePolicy _policy;
        private readonly ITrustedClock _clock;
        private readonly IFeedback _feedback;
        private readonly ITapSink _sink;
        private readonly TierTwoQueue _tierTwo;
        private readonly VerifiedCardCache _cache;
        private readonly TapSettings _settings;

        private readonly byte[] _uid = new byte[MifareClassic.MaxUidLength];
        private readonly byte[] _core = new byte[SectorReader.DataBytesPerSector];
        private readonly byte[] _tierTwoArea = new byte[TierTwoLayout.Capacity];
        private readonly CoreRecord _record = new CoreRecord();
        private readonly RevocationCheck _revocationCheck = new RevocationCheck();
        private readonly TapReport _report = new TapReport();

        private readonly byte[] _lastUid = new byte[MifareClassic.MaxUidLength];
        private int _lastUidLength;
        private long _lastDecidedAt;
        private Indication _lastIndication;

        /// <summary>What the verified-card cache said about this tap's card (looked up once, in Decide).</summary>
        private TierTwoMemory _tierTwoMemory;

        public TapPipeline(ICardReader reader, ISectorKeySource keys, TierOneAuthenticator tierOne, RevocationStore revocation, ServicePolicy policy,
            ITrustedClock clock, IFeedback feedback, ITapSink sink, TierTwoQueue tierTwo, VerifiedCardCache cache, TapSettings settings)
        {
            _reader = reader;
            _sectors = new SectorReader(reader, keys);
            _tierOne = tierOne;
            _revocation = revocation;
            _policy = policy;
            _clock = clock;
            _feedback = feedback;
            _sink = sink;
            _tierTwo = tierTwo;
            _cache = cache;
            _settings = settings;
        }

        /// <summary>The last decided check (reused between taps).</summary>
        public TapReport LastReport
        {
            get { return _report; }
        }

        /// <summary>Checks whose tier-2 area could not be read before the card left (done next time it is seen).</summary>
        public int TierTwoDeferred { get; private set; }

        /// <summary>Unexpected faults caught inside a step (should stay 0; each became UNREADABLE).</summary>
        public int Faults { get; private set; }

        public TapStep Step()
        {
            int uidLength;
            ushort atqa;
            byte sak;
            ReaderResult detected;
            try
            {
                detected = _reader.WaitForCard(_settings.PollTimeoutMs, _uid, out uidLength, out atqa, out sak);
            }
            catch (System.Exception)
            {
                Faults++;
                return TapStep.ReaderError;
            }

            if (detected == ReaderResult.NoCard)
            {
                return TapStep.Idle;
            }

            if (detected != ReaderResult.Ok)
            {
                return TapStep.ReaderError;
            }

            long now = _clock.NowUnixSeconds();
            if (IsRepeat(uidLength, now))
            {
                try
                {
                    _feedback.Show(_lastIndication);
                }
                catch (System.Exception)
                {
                    Faults++;
                }

                SafeHalt();
                return TapStep.Repeat;
            }

            try
            {
                Decide(uidLength, atqa, sak, now);
            }
            catch (System.Exception)
            {
                // Defensive: no input may stop the loop. The clerk is asked to tap again.
                Faults++;
                Conclude(VerdictCode.Unreadable, false, now);
            }

            _lastIndication = VerdictFeedback.For(_report.Verdict);
            try
            {
                _feedback.Show(_lastIndication);
                _sink.OnCheck(_report);
            }
            catch (System.Exception)
            {
                Faults++; // reporting failed (e.g. flash): the verdict stands; the outbox counts its own losses
            }

            if (_report.Verdict.Code != VerdictCode.Unreadable)
            {
                System.Array.Copy(_uid, _lastUid, uidLength);
                _lastUidLength = uidLength;
                _lastDecidedAt = now;
            }

            if (_report.HasPermit && _report.Verdict.Code != VerdictCode.ForgeryAlert)
            {
                ReadTierTwo(uidLength);
            }

            SafeHalt();
            return TapStep.Decided;
        }

        private void Decide(int uidLength, ushort atqa, byte sak, long now)
        {
            if (MifareClassic.Classify(atqa, sak) != CardFamily.MifareClassic1K)
            {
                Conclude(VerdictCode.NotAPermit, false, now);
                return;
            }

            RecordStatus status = RecordStatus.Truncated;
            int attempts = 0, refusals = 0;
            for (int attempt = 0; attempt < _settings.ReadAttempts; attempt++)
            {
                ReaderResult read = _sectors.Read(_uid, uidLength, CoreRecordLayout.Sector, 1, _core, 0);
                attempts++;
                if (read == ReaderResult.AuthFailed || read == ReaderResult.NotAuthenticated)
                {
                    refusals++;
                    // A card that stays silent after our key is either not ours or lost a frame to RF noise: a wrong
                    // key and a lost frame look the same, so only refusal on every attempt means "not a permit".
                    continue;
                }

                if (read == ReaderResult.CardGone)
                {
                    Conclude(VerdictCode.Unreadable, false, now);
                    return;
                }

                if (read != ReaderResult.Ok)
                {
                    continue; // RF error: read again
                }

                status = CoreRecordCodec.Decode(_core, 0, CoreRecordLayout.Length, _record);
                if (status != RecordStatus.ChecksumMismatch)
                {
                    break; // a garbled read is retried; anything else is the card's real content
                }
            }

            if (refusals == attempts)
            {
                // Our diversified keys do not open sector 1: another application's card, or data copied to another UID.
                Conclude(VerdictCode.NotAPermit, false, now);
                return;
            }

            if (status == RecordStatus.ChecksumMismatch || status == RecordStatus.Truncated)
            {
                Conclude(VerdictCode.Unreadable, false, now);
                return;
            }

            if (status != RecordStatus.Ok)
            {
                Conclude(VerdictCode.NotAPermit, false, now);
                return;
            }

            CivilDate today = CivilDate.BeijingDayOf(now);
            TierOneStatus tierOne = _tierOne.Check(_core, 0, _record.MacKeyId, _uid, uidLength, today);
            if (tierOne != TierOneStatus.Authentic)
            {
                // An unset or rolled-back clock puts every key outside its validity: say so rather than call a genuine card fake.
                bool clockToBlame = tierOne == TierOneStatus.KeyNotValidToday && _clock.Trust(now) == ClockTrust.Untrusted;
                Conclude(clockToBlame ? VerdictCode.ClockUntrusted : VerdictCode.NotAuthentic, false, now);
                return;
            }

            _tierTwoMemory = _cache.Find(_uid, uidLength, _core, CoreRecordLayout.MacOffset);
            if (_tierTwoMemory == TierTwoMemory.Forged)
            {
                Conclude(VerdictCode.ForgeryAlert, true, now);
                return;
            }

            FillRevocation(now);
            ClockTrust trust = _clock.Trust(now);
            StartReport(now, true);
            PermitRules.Evaluate(_record, _revocationCheck, today, trust, _policy, _report.Verdict);
        }

        private void FillRevocation(long now)
        {
            RevocationStatus status = _revocation.Status;
            bool stale = status.StalenessAt(now) == RevocationStaleness.Stale;
            RevocationLookupResult found = _revocation.Lookup(_record.CardKey);
            if (found.Outcome == RevocationLookupOutcome.Listed)
            {
                _revocationCheck.SetRevoked(stale, found.Reason, found.EffectiveDate);
            }
            else
            {
                _revocationCheck.SetNotRevoked(found.Outcome == RevocationLookupOutcome.NotListed && status.HasList, stale);
            }
        }

        private void Conclude(VerdictCode code, bool hasPermit, long now)
        {
            StartReport(now, hasPermit);
            _report.Verdict.Reset(code);
        }

        private void StartReport(long now, bool hasPermit)
        {
            _report.UnixSeconds = now;
            _report.Clock = _clock.Trust(now);
            _report.IsForgeryAlert = false;
            _report.HasPermit = hasPermit;
            _report.PermitNumber = hasPermit ? _record.PermitNumber : 0;
            _report.Generation = hasPermit ? _record.Generation : 0;
            _report.ListSequence = _revocation.Status.Sequence;
        }

        /// <summary>Reads the tier-2 sectors while the card is still present, unless this card is already verified.</summary>
        private void ReadTierTwo(int uidLength)
        {
            if (_tierTwoMemory != TierTwoMemory.Unknown)
            {
                return;
            }

            int blocks = _record.TierTwoBlocks;
            int sectors = (blocks + SectorReader.DataBlocksPerSector - 1) / SectorReader.DataBlocksPerSector;
            if (blocks == 0 || TierTwoLayout.FirstSector + sectors - 1 > TierTwoLayout.LastSector)
            {
                // Every genuine card has a tier-2 area inside sectors 3..15, and this length is covered by the tier-1 MAC
                // only: a record claiming none (or more than fits) was minted with a regional MAC key. Verify an empty
                // area, which tier 2 refuses (Malformed), so it raises FORGERY_ALERT instead of skipping the check.
                _tierTwo.Enqueue(_core, _uid, uidLength, _tierTwoArea, 0, _report);
                return;
            }

            try
            {
                for (int attempt = 0; attempt < _settings.ReadAttempts; attempt++)
                {
                    ReaderResult read = _sectors.Read(_uid, uidLength, TierTwoLayout.FirstSector, sectors, _tierTwoArea, 0);
                    if (read == ReaderResult.Ok)
                    {
                        _tierTwo.Enqueue(_core, _uid, uidLength, _tierTwoArea, blocks * 16, _report);
                        return;
                    }

                    if (read == ReaderResult.CardGone)
                    {
                        break;
                    }
                }
            }
            catch (System.Exception)
            {
                Faults++;
            }

            TierTwoDeferred++;
        }

        private bool IsRepeat(int uidLength, long now)
        {
            if (uidLength != _lastUidLength || now - _lastDecidedAt > _settings.RepeatSuppressSeconds || now < _lastDecidedAt)
            {
                return false;
            }

            for (int i = 0; i < uidLength; i++)
            {
                if (_uid[i] != _lastUid[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void SafeHalt()
        {
            try
            {
                _reader.Halt();
            }
            catch (System.Exception)
            {
                Faults++;
            }
        }
    }
}
