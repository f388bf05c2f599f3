using Terminal.Core.Reporting;
using Terminal.Core.Tap;

namespace Terminal.Core.App
{
    /// <summary>
    /// Turns each check into a usage event (第二十条: permit number and generation, no personal data) and appends it to
    /// the outbox, durably, from where the reporting session delivers it. One reused event: no allocation per tap.
    /// </summary>
    public sealed class UsageEventSink : ITapSink
    {
        private readonly Outbox _outbox;
        private readonly UsageEvent _event = new UsageEvent();
        private readonly object _sync = new object();

        public UsageEventSink(Outbox outbox, string terminalId, string servicePoint, string profile, string firmware)
        {
            _outbox = outbox;
            _event.TerminalId = terminalId;
            _event.ServicePoint = WireToken(servicePoint, terminalId);
            _event.Profile = WireToken(profile, "unknown");
            _event.Firmware = WireToken(firmware, "unknown");
        }

        /// <summary>
        /// The wire carries ASCII tokens (ReportingTokens), while service_point is free text (often Chinese): such a
        /// value is replaced by the fallback (the terminal id identifies the desk too) rather than refusing every event.
        /// </summary>
        public static string WireToken(string text, string fallback)
        {
            return ReportingTokens.IsValid(text) ? text : fallback;
        }

        /// <summary>Checks the outbox refused (full with the Refuse policy, or a flash error).</summary>
        public int Rejected { get; private set; }

        public int Appended { get; private set; }

        public void OnCheck(TapReport report)
        {
            lock (_sync)
            {
                _event.UnixSeconds = report.UnixSeconds;
                _event.Clock = report.Clock;
                _event.HasPermit = report.HasPermit;
                _event.PermitNumber = report.HasPermit ? report.PermitNumber : 0;
                _event.Generation = report.HasPermit ? report.Generation : 0;
                _event.Verdict = report.Verdict.Code;
                _event.ListSequence = (long)report.ListSequence;
                if (_outbox.Append(_event) == OutboxStatus.Ok)
                {
                    Appended++;
                }
                else
                {
                    Rejected++;
                }
            }
        }
    }
}
