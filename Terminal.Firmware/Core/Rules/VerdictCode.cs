namespace Terminal.Core.Rules
{
    /// <summary>What the terminal concludes about a tapped card. README.md maps each code to its article.</summary>
    public enum VerdictCode
    {
        /// <summary>Endorsed and within validity: usable (第十五、十六条).</summary>
        Valid = 0,
        /// <summary>Usable, but the annual endorsement or the renewal window is near (第十五、十六条).</summary>
        ValidEndorsementDueSoon = 1,
        /// <summary>使用功能中止, restorable: overdue by at most 30 days (第十五/十六条, 第十七条(一)).</summary>
        SuspendedRestorable = 2,
        /// <summary>Suspended over 30 days without 签注: residence period restarts on confirmation (第十七条(二)).</summary>
        SuspendedLapsed = 3,
        /// <summary>注销: expired and not renewed within 30 days (第十七条(三)).</summary>
        Cancelled = 4,
        /// <summary>On the signed revocation list (第十二、十七(三)、十八、十九条), with the list's reason.</summary>
        Revoked = 5,
        /// <summary>Tier-1 MAC failed, unknown or expired key: not a genuine permit (第十九条).</summary>
        NotAuthentic = 6,
        /// <summary>Tier 1 passed but the issuer signature failed: a regional key has leaked (第十九条).</summary>
        ForgeryAlert = 7,
        /// <summary>The read was garbled or the card left the field: tap again.</summary>
        Unreadable = 8,
        /// <summary>Not a Hubei residence-permit card (another application, blank, or another card type).</summary>
        NotAPermit = 9,
        /// <summary>The terminal's clock cannot be trusted, so no date rule can be applied.</summary>
        ClockUntrusted = 10,
        /// <summary>The revocation list is missing or past its maximum age and this desk refuses to check without it.</summary>
        ListStale = 11,
        /// <summary>Usable, but the continuous residence period is shorter than this service requires (第二十二条).</summary>
        ResidenceTooShort = 12,
    }

    /// <summary>
    /// The stable names of the verdict codes (service profiles in the configuration name them, the platform receives
    /// them). Part of the bootstrap's configuration contract; the texts shown to the clerk live with the rules.
    /// </summary>
    public static class VerdictCodes
    {
        private static readonly string[] Names = new string[]
        {
            "VALID", "VALID_ENDORSEMENT_DUE_SOON", "SUSPENDED_RESTORABLE", "SUSPENDED_LAPSED", "CANCELLED", "REVOKED",
            "NOT_AUTHENTIC", "FORGERY_ALERT", "UNREADABLE", "NOT_A_PERMIT", "CLOCK_UNTRUSTED", "LIST_STALE", "RESIDENCE_TOO_SHORT",
        };

        public const int CodeCount = 13;

        public static string Name(VerdictCode code)
        {
            int i = (int)code;
            return i >= 0 && i < Names.Length ? Names[i] : "UNKNOWN";
        }

        /// <summary>The code named <paramref name="name"/>, or -1.</summary>
        public static int CodeOf(string name)
        {
            for (int i = 0; i < Names.Length; i++)
            {
                if (Names[i] == name)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
