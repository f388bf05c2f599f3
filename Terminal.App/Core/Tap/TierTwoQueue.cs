using Terminal.Core.Permits;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Drivers.Feedback;

namespace Terminal.Core.Tap
{
    /// <summary>
    /// Tier-2 work waiting for the background thread: a few fixed slots (no allocation per tap). When every slot is
    /// busy a new job is dropped and counted: that card is simply checked again the next time it is seen.
    /// </summary>
    public sealed class TierTwoQueue
    {
        private const int Slots = 4;

        private readonly byte[][] _core = new byte[Slots][];
        private readonly byte[][] _uid = new byte[Slots][];
        private readonly byte[][] _tierTwo = new byte[Slots][];
        private readonly int[] _uidLength = new int[Slots];
        private readonly int[] _tierTwoLength = new int[Slots];
        private readonly bool[] _busy = new bool[Slots];
        private readonly TapReport[] _reports = new TapReport[Slots];
        private readonly object _lock = new object();

        private readonly TierTwoVerifier _verifier;
        private readonly VerifiedCardCache _cache;
        private readonly IFeedback _feedback;
        private readonly ITapSink _sink;
        private readonly ITrustedClock _clock;

        public TierTwoQueue(TierTwoVerifier verifier, VerifiedCardCache cache, IFeedback feedback, ITapSink sink, ITrustedClock clock)
        {
            _verifier = verifier;
            _cache = cache;
            _feedback = feedback;
            _sink = sink;
            _clock = clock;
            for (int i = 0; i < Slots; i++)
            {
                _core[i] = new byte[CoreRecordLayout.Length];
                _uid[i] = new byte[10];
                _tierTwo[i] = new byte[TierTwoLayout.Capacity];
                _reports[i] = new TapReport();
            }
        }

        public int Dropped { get; private set; }

        public int Verified { get; private set; }

        public int ForgeryAlerts { get; private set; }

        public int Pending
        {
            get
            {
                lock (_lock)
                {
                    int n = 0;
                    for (int i = 0; i < Slots; i++)
                    {
                        if (_busy[i])
                        {
                            n++;
                        }
                    }

                    return n;
                }
            }
        }

        /// <summary>Copies a job in; false (and counted) when the queue is full.</summary>
        public bool Enqueue(byte[] core, byte[] uid, int uidLength, byte[] tierTwo, int tierTwoLength, TapReport report)
        {
            lock (_lock)
            {
                for (int i = 0; i < Slots; i++)
                {
                    if (!_busy[i])
                    {
                        System.Array.Copy(core, _core[i], CoreRecordLayout.Length);
                        System.Array.Copy(uid, _uid[i], uidLength);
                        System.Array.Copy(tierTwo, _tierTwo[i], tierTwoLength);
                        _uidLength[i] = uidLength;
                        _tierTwoLength[i] = tierTwoLength;
                        CopyReport(report, _reports[i]);
                        _busy[i] = true;
                        return true;
                    }
                }

                Dropped++;
                return false;
            }
        }

        /// <summary>Verifies one pending job; false when there was none. Called by the background thread (or a test).</summary>
        public bool ProcessOne()
        {
            int slot = -1;
            lock (_lock)
            {
                for (int i = 0; i < Slots && slot < 0; i++)
                {
                    if (_busy[i])
                    {
                        slot = i;
                    }
                }
            }

            if (slot < 0)
            {
                return false;
            }

            byte[] core = _core[slot];
            int issuerKeyId = (core[CoreRecordLayout.IssuerKeyIdOffset] << 8) | core[CoreRecordLayout.IssuerKeyIdOffset + 1];
            long now = _clock.NowUnixSeconds();
            TierTwoStatus status = _verifier.Verify(core, 0, _uid[slot], _uidLength[slot], _tierTwo[slot], _tierTwoLength[slot], issuerKeyId, CivilDate.BeijingDayOf(now));
            if (status == TierTwoStatus.Verified)
            {
                _cache.Remember(_uid[slot], _uidLength[slot], core, CoreRecordLayout.MacOffset, TierTwoMemory.Verified);
                Verified++;
            }
            else
            {
                // Tier 1 passed but the issuer's signature did not: someone holds a regional MAC key.
                _cache.Remember(_uid[slot], _uidLength[slot], core, CoreRecordLayout.MacOffset, TierTwoMemory.Forged);
                ForgeryAlerts++;
                TapReport alert = _reports[slot];
                alert.UnixSeconds = now;
                alert.Clock = _clock.Trust(now);
                alert.IsForgeryAlert = true;
                alert.Verdict.Reset(VerdictCode.ForgeryAlert);
                _feedback.Show(Indication.ForgeryAlert);
                _sink.OnCheck(alert);
            }

            lock (_lock)
            {
                _busy[slot] = false;
            }

            return true;
        }

        private static void CopyReport(TapReport from, TapReport to)
        {
            to.UnixSeconds = from.UnixSeconds;
            to.Clock = from.Clock;
            to.HasPermit = from.HasPermit;
            to.PermitNumber = from.PermitNumber;
            to.Generation = from.Generation;
            to.ListSequence = from.ListSequence;
            to.IsForgeryAlert = false;
        }
    }
}
