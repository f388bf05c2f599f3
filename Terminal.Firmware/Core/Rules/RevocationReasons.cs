namespace Terminal.Core.Rules
{
    /// <summary>Reason codes carried by revocation-list entries (one byte on the wire).</summary>
    public static class RevocationReasons
    {
        /// <summary>第十二条: an older card generation after 补领/换领.</summary>
        public const int ReplacedGeneration = 1;
        /// <summary>第十七条(三): not renewed within 30 days of suspension; cancelled.</summary>
        public const int NotRenewed = 2;
        /// <summary>第十八条(一): no longer meets the application requirements.</summary>
        public const int NoLongerEligible = 3;
        /// <summary>第十八条(二): obtained with false materials.</summary>
        public const int FalseMaterials = 4;
        /// <summary>第十八条(三): other cancellation.</summary>
        public const int OtherCancellation = 5;
        /// <summary>第十九条: fraudulent use (骗取、转借、转让、买卖、伪造、变造、冒用).</summary>
        public const int FraudulentUse = 6;

        public static bool IsKnown(int reason)
        {
            return reason >= ReplacedGeneration && reason <= FraudulentUse;
        }
    }
}
