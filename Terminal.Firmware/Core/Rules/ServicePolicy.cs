namespace Terminal.Core.Rules
{
    /// <summary>Why a service-policy line was refused.</summary>
    public enum PolicyParseStatus
    {
        Ok = 0,
        Empty = 1,
        MissingName = 2,
        UnknownKey = 3,
        UnknownVerdictCode = 4,
        BadNumber = 5,
        BadAction = 6,
    }

    /// <summary>
    /// A service point's profile (第二十二条): which verdict codes this desk accepts, the minimum continuous residence
    /// it requires, and how it treats a stale list or clock. Profiles are data from the device configuration; the rules
    /// engine never branches on a profile's name. Text form, one profile per line:
    /// <c>name=housing;accept=VALID,VALID_ENDORSEMENT_DUE_SOON;min_residence_days=365;due_soon_days=30;stale_list=refuse;stale_clock=refuse;service=第二十二条(七)</c>
    /// </summary>
    public sealed class ServicePolicy
    {
        public string Name = "";

        /// <summary>The article / item of 第二十二条 the service falls under, shown with the verdict.</summary>
        public string Service = "";

        /// <summary>Bit (1 &lt;&lt; code) set for each accepted verdict code.</summary>
        public int AcceptedCodes;

        public int MinResidenceDays;

        /// <summary>A valid permit whose endorsement ends within this many days gets VALID_ENDORSEMENT_DUE_SOON.</summary>
        public int DueSoonDays = 30;

        public DegradedAction StaleList = DegradedAction.Refuse;

        public DegradedAction StaleClock = DegradedAction.Refuse;

        public bool Accepts(VerdictCode code)
        {
            return (AcceptedCodes & (1 << (int)code)) != 0;
        }

        /// <summary>Parses one profile line into this instance. Never throws; on error the instance is left partly filled.</summary>
        public PolicyParseStatus Parse(string line)
        {
            if (line == null || line.Trim().Length == 0)
            {
                return PolicyParseStatus.Empty;
            }

            Name = "";
            Service = "";
            AcceptedCodes = 0;
            MinResidenceDays = 0;
            DueSoonDays = 30;
            StaleList = DegradedAction.Refuse;
            StaleClock = DegradedAction.Refuse;

            string[] fields = line.Split(new char[] { ';' });
            for (int i = 0; i < fields.Length; i++)
            {
                string field = fields[i].Trim();
                if (field.Length == 0)
                {
                    continue;
                }

                int eq = field.IndexOf('=');
                if (eq <= 0)
                {
                    return PolicyParseStatus.UnknownKey;
                }

                string key = field.Substring(0, eq).Trim();
                string value = field.Substring(eq + 1).Trim();
                PolicyParseStatus status = Apply(key, value);
                if (status != PolicyParseStatus.Ok)
                {
                    return status;
                }
            }

            return Name.Length == 0 ? PolicyParseStatus.MissingName : PolicyParseStatus.Ok;
        }

        private PolicyParseStatus Apply(string key, string value)
        {
            if (key == "name")
            {
                Name = value;
                return PolicyParseStatus.Ok;
            }

            if (key == "service")
            {
                Service = value;
                return PolicyParseStatus.Ok;
            }

            if (key == "accept")
            {
                string[] names = value.Split(new char[] { ',' });
                for (int i = 0; i < names.Length; i++)
                {
                    int code = VerdictCodes.CodeOf(names[i].Trim());
                    if (code < 0)
                    {
                        return PolicyParseStatus.UnknownVerdictCode;
                    }

                    AcceptedCodes |= 1 << code;
                }

                return PolicyParseStatus.Ok;
            }

            if (key == "min_residence_days" || key == "due_soon_days")
            {
                int number;
                if (!int.TryParse(value, out number) || number < 0 || number > 36500)
                {
                    return PolicyParseStatus.BadNumber;
                }

                if (key == "min_residence_days")
                {
                    MinResidenceDays = number;
                }
                else
                {
                    DueSoonDays = number;
                }

                return PolicyParseStatus.Ok;
            }

            if (key == "stale_list" || key == "stale_clock")
            {
                DegradedAction action;
                if (value == "refuse")
                {
                    action = DegradedAction.Refuse;
                }
                else if (value == "warn")
                {
                    action = DegradedAction.Warn;
                }
                else
                {
                    return PolicyParseStatus.BadAction;
                }

                if (key == "stale_list")
                {
                    StaleList = action;
                }
                else
                {
                    StaleClock = action;
                }

                return PolicyParseStatus.Ok;
            }

            return PolicyParseStatus.UnknownKey;
        }
    }
}
