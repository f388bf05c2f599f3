using Terminal.Core.Rules;

namespace Terminal.Core.Reporting
{
    /// <summary>
    /// The one definition of the wire shape of usage batches and heartbeats (README.md beside this file). The device
    /// sends exactly these bytes; the platform's System.Text.Json model is tested to parse and re-serialise them
    /// byte-identically, and to hold exactly these keys (no personal data: 第二十条).
    /// </summary>
    public static class UsageJson
    {
        public const int WireVersion = 1;

        /// <summary>Upper bound of one event's JSON (tokens at their 32-character maximum).</summary>
        public const int MaxEventBytes = 384;

        /// <summary>Keys of one event, in wire order.</summary>
        public static readonly string[] EventKeys = new string[]
        {
            "id", "ts", "clock", "point", "profile", "permit", "gen", "verdict", "list", "fw",
        };

        /// <summary>Keys of a heartbeat, in wire order.</summary>
        public static readonly string[] HealthKeys = new string[]
        {
            "v", "ts", "clock", "queue", "unsent", "lost", "list", "list_age_s", "read_errors", "free_heap", "uptime_s",
            "reconnects", "rejected_inbound", "fw",
        };

        private static readonly string[] ClockNames = new string[] { "TRUSTED", "STALE", "UNTRUSTED" };

        public static string ClockName(ClockTrust trust)
        {
            int i = (int)trust;
            return i >= 0 && i < ClockNames.Length ? ClockNames[i] : "UNTRUSTED";
        }

        /// <summary>The clock trust named name, or -1.</summary>
        public static int ClockOf(string name)
        {
            for (int i = 0; i < ClockNames.Length; i++)
            {
                if (ClockNames[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>{"v":1,"events":[event,...]}; returns false when the writer overflowed.</summary>
        public static bool WriteBatch(AsciiJsonWriter writer, UsageEvent[] events, int offset, int count)
        {
            writer.Reset();
            writer.BeginObject();
            writer.Number("v", WireVersion);
            writer.BeginArray("events");
            for (int i = 0; i < count; i++)
            {
                WriteEvent(writer, events[offset + i]);
            }

            writer.EndArray();
            writer.EndObject();
            return !writer.Overflowed;
        }

        public static void WriteEvent(AsciiJsonWriter writer, UsageEvent e)
        {
            writer.BeginObject();
            writer.EventId("id", e.TerminalId, e.Sequence);
            writer.Timestamp("ts", e.UnixSeconds);
            writer.Text("clock", ClockName(e.Clock));
            writer.Text("point", e.ServicePoint);
            writer.Text("profile", e.Profile);
            if (e.HasPermit)
            {
                writer.Digits("permit", e.PermitNumber, 12);
                writer.Number("gen", e.Generation);
            }
            else
            {
                writer.Null("permit");
                writer.Null("gen");
            }

            writer.Text("verdict", VerdictCodes.Name(e.Verdict));
            writer.Number("list", e.ListSequence);
            writer.Text("fw", e.Firmware);
            writer.EndObject();
        }

        /// <summary>The heartbeat: health counters for the platform's fleet view.</summary>
        public static bool WriteHealth(AsciiJsonWriter writer, HealthSnapshot h)
        {
            writer.Reset();
            writer.BeginObject();
            writer.Number("v", WireVersion);
            writer.Timestamp("ts", h.UnixSeconds);
            writer.Text("clock", ClockName(h.Clock));
            writer.Number("queue", h.QueueDepth);
            writer.Number("unsent", h.Unsent);
            writer.Number("lost", h.LostEvents);
            writer.Number("list", h.ListSequence);
            writer.Number("list_age_s", h.ListAgeSeconds);
            writer.Number("read_errors", h.ReadErrors);
            writer.Number("free_heap", h.FreeHeapBytes);
            writer.Number("uptime_s", h.UptimeSeconds);
            writer.Number("reconnects", h.Reconnects);
            writer.Number("rejected_inbound", h.RejectedInbound);
            writer.Text("fw", h.Firmware);
            writer.EndObject();
            return !writer.Overflowed;
        }
    }
}
