namespace Terminal.Core.Revocation
{
    /// <summary>
    /// Why a card instance is on the revocation list, by the article of 湖北省居住证管理办法 behind it.
    /// The byte values are the list format's reason codes; any other value is malformed input.
    /// </summary>
    public enum RevocationReason : byte
    {
        /// <summary>Not a reason: "no entry" in lookup results.</summary>
        None = 0,

        /// <summary>第十二条: an older card generation, superseded by a 补领/换领 card after loss or damage.</summary>
        ReplacedGeneration = 1,

        /// <summary>第十七条(三): not renewed (续签) within 30 days after the card's use was suspended, so cancelled (注销).</summary>
        NotRenewedAfterSuspension = 2,

        /// <summary>第十八条(一): the holder no longer meets the requirements for a residence permit.</summary>
        NoLongerEligible = 3,

        /// <summary>第十八条(二): the permit was obtained with false materials.</summary>
        ObtainedWithFalseMaterials = 4,

        /// <summary>第十八条(三): cancelled by the public security organ for another reason.</summary>
        OtherCancellation = 5,

        /// <summary>第十九条: the card was obtained by fraud, lent, transferred, sold, forged, altered, or used by someone else.</summary>
        FraudulentUse = 6,
    }

    /// <summary>Facts about reason codes, kept beside the enum.</summary>
    public static class RevocationReasons
    {
        public const byte MinCode = 1;

        public const byte MaxCode = 6;

        public static bool IsDefined(int code)
        {
            return code >= MinCode && code <= MaxCode;
        }

        /// <summary>The article cited for a reason, e.g. "第十八条(二)".</summary>
        public static string Article(RevocationReason reason)
        {
            switch (reason)
            {
                case RevocationReason.ReplacedGeneration: return "第十二条";
                case RevocationReason.NotRenewedAfterSuspension: return "第十七条(三)";
                case RevocationReason.NoLongerEligible: return "第十八条(一)";
                case RevocationReason.ObtainedWithFalseMaterials: return "第十八条(二)";
                case RevocationReason.OtherCancellation: return "第十八条(三)";
                case RevocationReason.FraudulentUse: return "第十九条";
                default: return "";
            }
        }
    }
}
