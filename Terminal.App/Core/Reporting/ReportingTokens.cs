namespace Terminal.Core.Reporting
{
    /// <summary>
    /// The identifiers that travel in topics and events (region, terminal id, service point, profile, firmware version):
    /// 1..32 characters of [A-Za-z0-9._-], starting with a letter or digit. Keeping them to this set makes every topic
    /// level valid (no '/', '+', '#', no leading '$' or '_') and lets the device's JSON writer and the host's
    /// System.Text.Json produce the same bytes without an escaping table.
    /// </summary>
    public static class ReportingTokens
    {
        public const int MaxLength = 32;

        public static bool IsValid(string token)
        {
            if (token == null || token.Length == 0 || token.Length > MaxLength)
            {
                return false;
            }

            if (!IsLetterOrDigit(token[0]))
            {
                return false;
            }

            for (int i = 1; i < token.Length; i++)
            {
                if (!IsTokenChar(token[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public static bool IsTokenChar(char c)
        {
            return IsLetterOrDigit(c) || c == '.' || c == '_' || c == '-';
        }

        public static bool IsLetterOrDigit(char c)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
    }
}
