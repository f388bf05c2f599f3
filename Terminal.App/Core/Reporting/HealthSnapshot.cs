using Terminal.Core.Rules;

namespace Terminal.Core.Reporting
{
    /// <summary>What a heartbeat reports. The session fills the queue and connection counters; the rest comes from <see cref="IHealthSource"/>.</summary>
    public sealed class HealthSnapshot
    {
        public long UnixSeconds;
        public ClockTrust Clock;

        /// <summary>Events in the outbox not yet acknowledged by the broker.</summary>
        public long QueueDepth;

        /// <summary>Of those, events not yet sent in the current connection.</summary>
        public long Unsent;

        /// <summary>Events the outbox dropped or refused on overflow since it was created (persisted).</summary>
        public long LostEvents;

        public long ListSequence;

        /// <summary>Seconds since the revocation list was issued (-1: no list).</summary>
        public long ListAgeSeconds;

        public long ReadErrors;

        /// <summary>Free managed heap in bytes (-1 when unknown).</summary>
        public long FreeHeapBytes;

        public long UptimeSeconds;
        public long Reconnects;
        public long RejectedInbound;
        public string Firmware = "";
    }

    /// <summary>The terminal's own health figures, asked for at each heartbeat (device: reader, RTC, heap; host: simulated).</summary>
    public interface IHealthSource
    {
        /// <summary>Fills clock, list, read errors, free heap, uptime and firmware of <paramref name="into"/>.</summary>
        void Fill(HealthSnapshot into);
    }
}
