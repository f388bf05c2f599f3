using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Core.Update;
using Terminal.Drivers.Clock;
using Terminal.Drivers.Reader;

namespace Terminal.Core.App
{
    /// <summary>The terminal's own figures for each heartbeat: clock trust, list age, reader errors, uptime.</summary>
    public sealed class BootHealth : IHealthSource
    {
        private readonly TerminalCore _core;
        private readonly ICardReader _reader;
        private readonly IMonotonicClock _uptime;
        private readonly string _firmware;

        public BootHealth(TerminalCore core, ICardReader reader, IMonotonicClock uptime, string firmware)
        {
            _core = core;
            _reader = reader;
            _uptime = uptime;
            _firmware = firmware;
        }

        /// <summary>Free heap in bytes, set by the device shell's supervisor (-1: unknown).</summary>
        public long FreeHeapBytes = -1;

        /// <summary>The update slots: a booted slot application shows in the firmware field (null: the firmware name alone).</summary>
        public UpdateSlots Updates;

        public void Fill(HealthSnapshot into)
        {
            long now = _core.Clock.NowUnixSeconds();
            into.UnixSeconds = now;
            into.Clock = _core.Clock.Trust(now);
            RevocationStatus list = _core.Revocation.Status;
            into.ListSequence = list.HasList ? (long)list.Sequence : 0;
            into.ListAgeSeconds = list.HasList ? list.AgeSeconds(now) : -1;
            ReaderCounters counters = _reader.Counters;
            into.ReadErrors = counters.ReadErrors + counters.RfErrors;
            into.FreeHeapBytes = FreeHeapBytes;
            into.UptimeSeconds = _uptime.Milliseconds / 1000;
            into.Firmware = FirmwareLabel();
        }

        /// <summary>"1.0.0-app5" for slot version 5, "1.0.0-app6-trial" before it is confirmed; plain "1.0.0" when no slot was decided (host tests, the simulator).</summary>
        private string FirmwareLabel()
        {
            BootDecision booted = Updates == null ? null : Updates.Booted;
            if (booted == null || booted.Kind == BootKind.NoApplication)
            {
                return _firmware;
            }

            return string.Concat(_firmware, "-app", booted.Version.ToString(), booted.Kind == BootKind.Trial ? "-trial" : "");
        }
    }
}
