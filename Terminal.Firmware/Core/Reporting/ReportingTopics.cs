namespace Terminal.Core.Reporting
{
    /// <summary>
    /// The topic tree, version 1. Per terminal: <c>rp/v1/{region}/{terminalId}/usage|status|health|config</c>.
    /// Per region (revocation list): <c>rp/v1/{region}/_list/announce</c> and <c>rp/v1/{region}/_list/{sequence}/{chunk}</c>;
    /// "_list" cannot collide with a terminal id, which starts with a letter or digit (<see cref="ReportingTokens"/>).
    /// </summary>
    public sealed class ReportingTopics
    {
        public const string Root = "rp/v1/";
        public const string ListLevel = "_list";

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
            sequence = 0;
            index = 0;
            if (topic == null || !topic.StartsWith(ListPrefix))
            {
                return false;
            }

            int slash = topic.IndexOf('/', ListPrefix.Length);
            if (slash < 0 || topic.IndexOf('/', slash + 1) >= 0)
            {
                return false;
            }

            long parsedIndex;
            if (!Digits.TryParse(topic, ListPrefix.Length, slash, out sequence)
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
