using Terminal.Core.Binary;
using Terminal.Core.Rules;
using Terminal.Core.Text;
using Terminal.Core.Time;

namespace Terminal.Core.Configuration
{
    /// <summary>Where and why a configuration was refused. Line 0 means the file as a whole.</summary>
    public sealed class ConfigError
    {
        public int Line;
        public string Message = "";

        public bool IsError
        {
            get { return Message.Length > 0; }
        }

        public override string ToString()
        {
            return Line > 0 ? string.Concat("line ", Line.ToString(), ": ", Message) : Message;
        }
    }

    /// <summary>
    /// Parses the device configuration (UTF-8 text, key=value lines, '#' comments, ending with a crc32 line that covers
    /// every byte before it, so a torn or corrupted file is refused rather than half-applied). Never throws.
    /// </summary>
    public static class DeviceConfigurationParser
    {
        public const int MaxLength = 32 * 1024;

        public static bool Parse(byte[] data, int length, DeviceConfiguration config, ConfigError error)
        {
            error.Line = 0;
            error.Message = "";
            if (data == null || length <= 0 || length > data.Length)
            {
                return Fail(error, 0, "empty configuration");
            }

            if (length > MaxLength)
            {
                return Fail(error, 0, "configuration larger than 32 KiB");
            }

            int crcLineStart = FindLastLineStart(data, length);
            if (!CheckCrc(data, crcLineStart, length))
            {
                return Fail(error, 0, "missing or wrong crc32 line: the file is truncated or corrupted");
            }

            string text = Utf8.Decode(data, 0, crcLineStart);
            if (text == null)
            {
                return Fail(error, 0, "not valid UTF-8");
            }

            string[] lines = text.Split(new char[] { '\n' });
            bool sawFormat = false;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    return Fail(error, i + 1, "expected key=value");
                }

                string key = line.Substring(0, eq).Trim();
                string value = line.Substring(eq + 1).Trim();
                if (!sawFormat)
                {
                    if (key != "format" || value != DeviceConfiguration.FormatName)
                    {
                        return Fail(error, i + 1, string.Concat("the first setting must be format=", DeviceConfiguration.FormatName));
                    }

                    sawFormat = true;
                    continue;
                }

                string problem = Apply(config, key, value);
                if (problem != null)
                {
                    return Fail(error, i + 1, problem);
                }
            }

            if (!sawFormat)
            {
                return Fail(error, 0, string.Concat("no format=", DeviceConfiguration.FormatName, " line"));
            }

            return CheckComplete(config, error);
        }

        private static string Apply(DeviceConfiguration c, string key, string value)
        {
            switch (key)
            {
                case "terminal_id": return SetIdentifier(value, out c.TerminalId);
                case "region":
                    if (value.Length != 6 || !IsDigits(value))
                    {
                        return "region must be a 6-digit GB/T 2260 code";
                    }

                    c.Region = value;
                    return null;
                case "service_point": c.ServicePoint = value; return null;
                case "profile": c.Profile = value; return null;
                case "profile_def":
                    ServicePolicy policy = new ServicePolicy();
                    PolicyParseStatus status = policy.Parse(value);
                    if (status != PolicyParseStatus.Ok)
                    {
                        return string.Concat("profile_def: ", PolicyProblem(status));
                    }

                    c.ProfileDefinitions.Add(value);
                    return null;
                case "wifi_ssid": c.WifiSsid = value; return null;
                case "wifi_password": c.WifiPassword = value; return null;
                case "broker_host": c.BrokerHost = value; return null;
                case "broker_port": return ParseInt(value, 1, 65535, "broker_port", out c.BrokerPort);
                case "broker_tls":
                    if (value != "true" && value != "false")
                    {
                        return "broker_tls must be true or false";
                    }

                    c.BrokerTls = value == "true";
                    return null;
                case "ca_cert": return ParseBase64(value, 1, 8192, "ca_cert", out c.CaCertificate);
                case "client_cert": return ParseBase64(value, 1, 8192, "client_cert", out c.ClientCertificate);
                case "client_key": return ParseBase64(value, 1, 8192, "client_key", out c.ClientKey);
                case "mqtt_username": c.MqttUsername = value; return null;
                case "mqtt_password": c.MqttPassword = value; return null;
                case "key": return ParseKey(c, value);
                case "sector_read_master": return ParseBase64(value, 32, 32, "sector_read_master", out c.SectorReadMaster);
                case "clock_stale_after_hours": return ParseInt(value, 1, 24 * 365, "clock_stale_after_hours", out c.ClockStaleAfterHours);
                case "display_idle_seconds": return ParseInt(value, 1, 3600, "display_idle_seconds", out c.DisplayIdleSeconds);
                case "sequence": return ParseInt(value, 0, int.MaxValue, "sequence", out c.Sequence);
                case "self_test":
                    if (value != "true" && value != "false")
                    {
                        return "self_test must be true or false";
                    }

                    c.SelfTestAtBoot = value == "true";
                    return null;
                default: return string.Concat("unknown setting '", key, "'");
            }
        }

        /// <summary>key=usage,id,base64,valid-from,valid-until</summary>
        private static string ParseKey(DeviceConfiguration c, string value)
        {
            string[] parts = value.Split(new char[] { ',' });
            if (parts.Length != 5)
            {
                return "key must be usage,id,base64-key,valid-from,valid-until";
            }

            ConfiguredKey k = new ConfiguredKey();
            k.Usage = parts[0].Trim();
            if (k.Usage != "card-issuer" && k.Usage != "list-signer" && k.Usage != "firmware-signer" && k.Usage != "config-signer" && k.Usage != "regional-mac")
            {
                return string.Concat("unknown key usage '", k.Usage, "' (card-issuer, list-signer, firmware-signer, config-signer, regional-mac)");
            }

            string problem = ParseInt(parts[1].Trim(), 0, 65535, "key id", out k.Id);
            if (problem != null)
            {
                return problem;
            }

            problem = ParseBase64(parts[2].Trim(), 32, 32, "key", out k.Key);
            if (problem != null)
            {
                return problem;
            }

            if (!TryParseDate(parts[3].Trim(), out k.ValidFrom) || !TryParseDate(parts[4].Trim(), out k.ValidUntil))
            {
                return "key validity dates must be YYYY-MM-DD";
            }

            if (k.ValidUntil < k.ValidFrom)
            {
                return "key valid-until is before valid-from";
            }

            for (int i = 0; i < c.Keys.Count; i++)
            {
                ConfiguredKey other = (ConfiguredKey)c.Keys[i];
                if (other.Id == k.Id && other.Usage == k.Usage)
                {
                    return string.Concat("duplicate ", k.Usage, " key id ", k.Id.ToString());
                }
            }

            c.Keys.Add(k);
            return null;
        }

        private static bool CheckComplete(DeviceConfiguration c, ConfigError error)
        {
            if (c.TerminalId.Length == 0) return Fail(error, 0, "terminal_id is missing");
            if (c.Region.Length == 0) return Fail(error, 0, "region is missing");
            if (c.Profile.Length == 0) return Fail(error, 0, "profile is missing");
            if (c.SectorReadMaster == null) return Fail(error, 0, "sector_read_master is missing");
            if (CountKeys(c, "card-issuer") == 0) return Fail(error, 0, "no card-issuer key: tier-2 signatures could not be checked");
            if (CountKeys(c, "regional-mac") == 0) return Fail(error, 0, "no regional-mac key: no card could pass tier 1");
            if (CountKeys(c, "list-signer") == 0) return Fail(error, 0, "no list-signer key: no revocation list could be accepted");
            if (c.BrokerTls && c.BrokerHost.Length > 0 && c.CaCertificate == null) return Fail(error, 0, "broker_tls=true needs ca_cert (the pinned CA)");

            string definition = null;
            for (int i = 0; i < c.ProfileDefinitions.Count; i++)
            {
                string line = (string)c.ProfileDefinitions[i];
                ServicePolicy candidate = new ServicePolicy();
                candidate.Parse(line);
                if (candidate.Name == c.Profile)
                {
                    definition = line;
                }
            }

            PolicyParseStatus status = definition != null
                ? c.Policy.Parse(definition)
                : ServiceProfiles.Load(ServiceProfiles.Defaults, c.Profile, c.Policy);
            if (status != PolicyParseStatus.Ok)
            {
                return Fail(error, 0, string.Concat("profile '", c.Profile, "' is neither defined here nor a default profile"));
            }

            return true;
        }

        private static int CountKeys(DeviceConfiguration c, string usage)
        {
            int n = 0;
            for (int i = 0; i < c.Keys.Count; i++)
            {
                if (((ConfiguredKey)c.Keys[i]).Usage == usage)
                {
                    n++;
                }
            }

            return n;
        }

        /// <summary>Start of the last non-empty line (the crc32 line).</summary>
        private static int FindLastLineStart(byte[] data, int length)
        {
            int end = length;
            while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r'))
            {
                end--;
            }

            int start = end;
            while (start > 0 && data[start - 1] != '\n')
            {
                start--;
            }

            return start;
        }

        /// <summary>The crc32=XXXXXXXX line (8 lowercase or uppercase hex digits) must match the bytes before it.</summary>
        private static bool CheckCrc(byte[] data, int lineStart, int length)
        {
            const int PrefixLength = 6; // "crc32="
            if (length - lineStart < PrefixLength + 8)
            {
                return false;
            }

            if (data[lineStart] != 'c' || data[lineStart + 1] != 'r' || data[lineStart + 2] != 'c' || data[lineStart + 3] != '3' || data[lineStart + 4] != '2' || data[lineStart + 5] != '=')
            {
                return false;
            }

            uint stated = 0;
            for (int i = 0; i < 8; i++)
            {
                int digit = HexValue(data[lineStart + PrefixLength + i]);
                if (digit < 0)
                {
                    return false;
                }

                stated = (stated << 4) | (uint)digit;
            }

            for (int i = lineStart + PrefixLength + 8; i < length; i++)
            {
                if (data[i] != '\n' && data[i] != '\r')
                {
                    return false;
                }
            }

            return Crc32.Compute(data, 0, lineStart) == stated;
        }

        private static int HexValue(byte c)
        {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        }

        private static string SetIdentifier(string value, out string target)
        {
            target = value;
            if (value.Length == 0 || value.Length > 32)
            {
                return "terminal_id must be 1..32 characters";
            }

            for (int i = 0; i < value.Length; i++)
            {
                char ch = value[i];
                bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
                if (!ok)
                {
                    return "terminal_id may hold only letters, digits, '-' and '_' (it is an MQTT topic level)";
                }
            }

            return null;
        }

        private static bool IsDigits(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static string ParseInt(string value, int min, int max, string name, out int result)
        {
            if (!int.TryParse(value, out result) || result < min || result > max)
            {
                return string.Concat(name, " must be a whole number from ", min.ToString(), " to ", max.ToString());
            }

            return null;
        }

        private static string ParseBase64(string value, int minBytes, int maxBytes, string name, out byte[] result)
        {
            result = null;
            try
            {
                result = System.Convert.FromBase64String(value);
            }
            catch (System.Exception)
            {
                return string.Concat(name, " is not valid base64");
            }

            if (result.Length < minBytes || result.Length > maxBytes)
            {
                result = null;
                return minBytes == maxBytes
                    ? string.Concat(name, " must be ", minBytes.ToString(), " bytes")
                    : string.Concat(name, " must be ", minBytes.ToString(), "..", maxBytes.ToString(), " bytes");
            }

            return null;
        }

        /// <summary>YYYY-MM-DD, a real calendar date.</summary>
        public static bool TryParseDate(string text, out CivilDate date)
        {
            date = CivilDate.FromDayNumber(0);
            if (text.Length != 10 || text[4] != '-' || text[7] != '-')
            {
                return false;
            }

            int y, m, d;
            if (!int.TryParse(text.Substring(0, 4), out y) || !int.TryParse(text.Substring(5, 2), out m) || !int.TryParse(text.Substring(8, 2), out d))
            {
                return false;
            }

            if (!CivilDate.IsValid(y, m, d))
            {
                return false;
            }

            date = CivilDate.FromYmd(y, m, d);
            return true;
        }

        private static string PolicyProblem(PolicyParseStatus status)
        {
            switch (status)
            {
                case PolicyParseStatus.MissingName: return "profile has no name";
                case PolicyParseStatus.UnknownVerdictCode: return "unknown verdict code in accept";
                case PolicyParseStatus.BadNumber: return "bad number";
                case PolicyParseStatus.BadAction: return "stale_list/stale_clock must be refuse or warn";
                default: return "unknown or malformed setting";
            }
        }

        private static bool Fail(ConfigError error, int line, string message)
        {
            error.Line = line;
            error.Message = message;
            return false;
        }
    }
}
