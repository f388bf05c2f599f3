namespace Terminal.Core.Reporting
{
    /// <summary>
    /// The topic tree, version 1. Per terminal: <c>rp/v1/{region}/{terminalId}/usage|status|health|config</c>.
    /// Per region (revocation list): <c>rp/v1/{region}/_list/announce</c> and <c>rp/v1/{region}/_list/{sequence}/{chunk}</c>;
    /// "_list" cannot collide with a terminal id, which starts with a letter or digit (<see cref="ReportingTokens"/>).
    /// Firmware: the per-terminal command topic <c>.../{terminalId}/firmware</c> (announcement), its status
    /// <c>.../{terminalId}/firmware/status</c>, and per region the bundle chunks <c>rp/v1/{region}/_fw/{version}/{chunk}</c>.
    /// </summary>
    public sealed class ReportingTopics
    {
        public const string Root = "rp/v1/";
        public const string ListLevel = "_list";
        public const string FirmwareLevel = "_fw";

        public ReportingTopics(string region, string terminalId)
        {
            Region = region;
            TerminalId = terminalId;
            string terminal = string.Concat(Root, region, "/", terminalId);
            Usage = string.Concat(terminal, "/usage");
            Status = string.Concat(terminal, "/status");
            Health = string.Concat(terminal, "/health");
            Config = string.Concat(terminal, "/config");
            ListPrefix = string.Concat(Root, region, "/", ListLevel, "/");
            ListAnnounce = string.Concat(ListPrefix, "announce");
            Firmware = string.Concat(terminal, "/firmware");
            FirmwareStatus = string.Concat(terminal, "/firmware/status");
            FirmwarePrefix = string.Concat(Root, region, "/", FirmwareLevel, "/");
        }

        public string Region { get; private set; }

        public string TerminalId { get; private set; }

        /// <summary>Usage batches, QoS 1.</summary>
        public string Usage { get; private set; }

        /// <summary>"online" / "offline", retained; "offline" is also the Last Will.</summary>
        public string Status { get; private set; }

        /// <summary>Heartbeats with health counters, QoS 0.</summary>
        public string Health { get; private set; }

        /// <summary>Signed configuration for this terminal (retained by the platform), subscribed QoS 1.</summary>
        public string Config { get; private set; }

        /// <summary>Revocation-list announcements for the region (retained), subscribed QoS 1.</summary>
        public string ListAnnounce { get; private set; }

        public string ListPrefix { get; private set; }

        /// <summary>
        /// The terminal's firmware command topic: the platform announces a bundle here (retained, per terminal, so a
        /// rollout is staged terminal by terminal), subscribed QoS 1.
        /// </summary>
        public string Firmware { get; private set; }

        /// <summary>Download progress and update outcome (retained, QoS 1).</summary>
        public string FirmwareStatus { get; private set; }

        public string FirmwarePrefix { get; private set; }

        /// <summary>Filter for the chunks of one bundle: rp/v1/{region}/_fw/{version}/+.</summary>
        public string FirmwareChunks(long version)
        {
            return string.Concat(FirmwarePrefix, version.ToString(), "/+");
        }

        /// <summary>The topic of one bundle chunk (the platform side publishes these, retained).</summary>
        public string FirmwareChunk(long version, int index)
        {
            return string.Concat(FirmwarePrefix, version.ToString(), "/", index.ToString());
        }

        /// <summary>Parses rp/v1/{region}/_fw/{version}/{index}; false for any other topic.</summary>
        public bool TryParseFirmwareChunk(string topic, out long version, out int index)
        {
            return TryParseChunk(topic, FirmwarePrefix, out version, out index);
        }

        /// <summary>Filter for the chunks of one list: rp/v1/{region}/_list/{sequence}/+.</summary>
        public string ListChunks(long sequence)
        {
            return string.Concat(ListPrefix, sequence.ToString(), "/+");
        }

        /// <summary>The topic of one chunk (the platform side publishes these, retained).</summary>
        public string ListChunk(long sequence, int index)
        {
            return string.Concat(ListPrefix, sequence.ToString(), "/", index.ToString());
        }

        /// <summary>Parses rp/v1/{region}/_list/{sequence}/{index}; false for any other topic.</summary>
        public bool TryParseListChunk(string topic, out long sequence, out int index)
        {
            return TryParseChunk(topic, ListPrefix, out sequence, out index);
        }

        private static bool TryParseChunk(string topic, string prefix, out long sequence, out int index)
        {
            sequence = 0;
            index = 0;
            if (topic == null || !topic.StartsWith(prefix))
            {
                return false;
            }

            int slash = topic.IndexOf('/', prefix.Length);
            if (slash < 0 || topic.IndexOf('/', slash + 1) >= 0)
            {
                return false;
            }

            long parsedIndex;
            if (!Digits.TryParse(topic, prefix.Length, slash, out sequence)
                || !Digits.TryParse(topic, slash + 1, topic.Length, out parsedIndex) || parsedIndex > 1000000)
            {
                return false;
            }

            index = (int)parsedIndex;
            return true;
        }
    }

    /// <summary>Strict decimal parsing of a substring (no sign, no spaces, at most 18 digits): never throws.</summary>
    public static class Digits
    {
        public static bool TryParse(string s, int start, int end, out long value)
        {
            value = 0;
            if (end <= start || end - start > 18)
            {
                return false;
            }

            for (int i = start; i < end; i++)
            {
                char c = s[i];
                if (c < '0' || c > '9')
                {
                    value = 0;
                    return false;
                }

                value = value * 10 + (c - '0');
            }

            return true;
        }
    }
}
