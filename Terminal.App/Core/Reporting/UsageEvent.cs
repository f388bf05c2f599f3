using Terminal.Core.Permits;
using Terminal.Core.Rules;

namespace Terminal.Core.Reporting
{
    /// <summary>
    /// One check, as reported to the provincial platform (第二十六条(四)): who checked (terminal, service point, profile),
    /// when and how far the clock was trusted, which permit instance (number + generation, never name, citizen ID number
    /// or address: 第二十条), the verdict, the revocation list used and the firmware. Mutable and reused: the outbox
    /// decodes into caller-owned instances. The event id is (TerminalId, Sequence); on the wire "TerminalId:Sequence".
    /// </summary>
    public sealed class UsageEvent
    {
        /// <summary>Terminal id (<see cref="ReportingTokens"/>); together with <see cref="Sequence"/> the event id.</summary>
        public string TerminalId = "";

        /// <summary>Per-terminal counter, persisted crash-safely by the outbox: unique and increasing, not contiguous.</summary>
        public long Sequence;

        /// <summary>UTC instant of the check, seconds since 1970-01-01.</summary>
        public long UnixSeconds;

        public ClockTrust Clock;

        /// <summary>Service point id (a desk), from the device configuration.</summary>
        public string ServicePoint = "";

        /// <summary>Service-point profile name (ServicePolicy.Name), e.g. "hospital".</summary>
        public string Profile = "";

        /// <summary>False when no permit number could be read (UNREADABLE, NOT_A_PERMIT): permit and generation are then null on the wire.</summary>
        public bool HasPermit;

        /// <summary>证件编号, below 2^40 (on the wire: decimal, zero-padded to 12 digits).</summary>
        public long PermitNumber;

        /// <summary>Card generation 0..15 (第十二条).</summary>
        public int Generation;

        public VerdictCode Verdict;

        /// <summary>Sequence number of the revocation list the verdict used; 0 when the terminal had no list.</summary>
        public long ListSequence;

        /// <summary>Firmware version (<see cref="ReportingTokens"/>).</summary>
        public string Firmware = "";

        public void CopyFrom(UsageEvent other)
        {
            TerminalId = other.TerminalId;
            Sequence = other.Sequence;
            UnixSeconds = other.UnixSeconds;
            Clock = other.Clock;
            ServicePoint = other.ServicePoint;
            Profile = other.Profile;
            HasPermit = other.HasPermit;
            PermitNumber = other.PermitNumber;
            Generation = other.Generation;
            Verdict = other.Verdict;
            ListSequence = other.ListSequence;
            Firmware = other.Firmware;
        }

        /// <summary>True when every field is within what the record and the wire can carry.</summary>
        public bool IsValid()
        {
            if (!ReportingTokens.IsValid(TerminalId) || !ReportingTokens.IsValid(ServicePoint) || !ReportingTokens.IsValid(Profile)
                || !ReportingTokens.IsValid(Firmware))
            {
                return false;
            }

            if (UnixSeconds < 0 || UnixSeconds > MaxUnixSeconds || ListSequence < 0 || Sequence < 0)
            {
                return false;
            }

            if ((int)Clock < 0 || (int)Clock > 2 || (int)Verdict < 0 || (int)Verdict >= VerdictCodes.CodeCount)
            {
                return false;
            }

            return !HasPermit || (PermitNumber >= 0 && PermitNumber <= MaxPermitNumber && Generation >= 0 && Generation <= 15);
        }

        /// <summary>Largest permit number: the card's 40-bit field (2^40 - 1, 13 digits; issued numbers have 12).</summary>
        public const long MaxPermitNumber = CoreRecordLayout.MaxPermitNumber;

        /// <summary>9999-12-31T23:59:59Z: the wire's timestamp has four year digits.</summary>
        public const long MaxUnixSeconds = 253402300799L;
    }
}
