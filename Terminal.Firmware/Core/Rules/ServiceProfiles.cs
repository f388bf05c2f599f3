namespace Terminal.Core.Rules
{
    /// <summary>
    /// The default service-point profiles shipped with the firmware, as data (the device configuration may replace
    /// them). Residence minimums for housing and hukou are set by each city (第二十二条 last paragraph); the values
    /// here are placeholders a province would configure.
    /// </summary>
    public static class ServiceProfiles
    {
        public const string Defaults =
            "name=generic;accept=VALID,VALID_ENDORSEMENT_DUE_SOON;due_soon_days=30;stale_list=warn;stale_clock=refuse;service=第二十二条\n" +
            "name=hospital;accept=VALID,VALID_ENDORSEMENT_DUE_SOON,SUSPENDED_RESTORABLE;due_soon_days=30;stale_list=warn;stale_clock=warn;service=第二十二条(八)\n" +
            "name=school;accept=VALID,VALID_ENDORSEMENT_DUE_SOON;due_soon_days=30;stale_list=refuse;stale_clock=refuse;service=第二十二条(二)\n" +
            "name=transit;accept=VALID,VALID_ENDORSEMENT_DUE_SOON;due_soon_days=30;stale_list=refuse;stale_clock=refuse;service=第二十二条(三)\n" +
            "name=housing;accept=VALID,VALID_ENDORSEMENT_DUE_SOON;min_residence_days=365;due_soon_days=30;stale_list=refuse;stale_clock=refuse;service=第二十二条(七)\n" +
            "name=hukou;accept=VALID,VALID_ENDORSEMENT_DUE_SOON;min_residence_days=730;due_soon_days=30;stale_list=refuse;stale_clock=refuse;service=第二十二条(十)\n";

        /// <summary>Finds the profile named <paramref name="name"/> in <paramref name="profilesText"/> and parses it into <paramref name="into"/>.</summary>
        public static PolicyParseStatus Load(string profilesText, string name, ServicePolicy into)
        {
            string[] lines = profilesText.Split(new char[] { '\n' });
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Trim().Length == 0)
                {
                    continue;
                }

                PolicyParseStatus status = into.Parse(lines[i]);
                if (status != PolicyParseStatus.Ok)
                {
                    return status;
                }

                if (into.Name == name)
                {
                    return PolicyParseStatus.Ok;
                }
            }

            return PolicyParseStatus.MissingName;
        }
    }
}
