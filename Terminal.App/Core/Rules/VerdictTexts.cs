using Terminal.Core.Revocation;

namespace Terminal.Core.Rules
{
    /// <summary>The clerk-facing reason (中文 + English) and the article behind each verdict: the one place they live.</summary>
    public static class VerdictTexts
    {
        /// <summary>Wire and configuration name of each code (events, profiles, logs), e.g. VALID_ENDORSEMENT_DUE_SOON.</summary>
        public static string Article(VerdictCode code, RevocationReason revocationReason)
        {
            switch (code)
            {
                case VerdictCode.Valid: return "第十五条、第十六条";
                case VerdictCode.ValidEndorsementDueSoon: return "第十五条、第十六条";
                case VerdictCode.SuspendedRestorable: return "第十五条、第十六条、第十七条(一)";
                case VerdictCode.SuspendedLapsed: return "第十七条(二)";
                case VerdictCode.Cancelled: return "第十七条(三)";
                case VerdictCode.Revoked: return RevocationReasons.Article(revocationReason);
                case VerdictCode.NotAuthentic: return "第十九条";
                case VerdictCode.ForgeryAlert: return "第十九条";
                case VerdictCode.NotAPermit: return "第十三条";
                case VerdictCode.ResidenceTooShort: return "第二十二条";
                default: return "—";
            }
        }

        public static string ReasonZh(VerdictCode code, RevocationReason revocationReason)
        {
            switch (code)
            {
                case VerdictCode.Valid: return "居住证有效";
                case VerdictCode.ValidEndorsementDueSoon: return "居住证有效，请按期办理签注";
                case VerdictCode.SuspendedRestorable: return "逾期未签注，使用功能中止；三十日内签注可恢复";
                case VerdictCode.SuspendedLapsed: return "中止逾三十日未签注，居住期限自确认之日起重新计算";
                case VerdictCode.Cancelled: return "有效期满逾三十日未续签，居住证已注销";
                case VerdictCode.Revoked: return RevocationZh(revocationReason);
                case VerdictCode.NotAuthentic: return "证件校验失败，非有效居住证";
                case VerdictCode.ForgeryAlert: return "签名校验失败，疑似伪造证件";
                case VerdictCode.Unreadable: return "读卡失败，请重新刷卡";
                case VerdictCode.NotAPermit: return "非湖北省居住证";
                case VerdictCode.ClockUntrusted: return "终端时间不可信，暂无法核验";
                case VerdictCode.ListStale: return "注销名单过期，暂无法核验";
                case VerdictCode.ResidenceTooShort: return "居住期限不满足本业务要求";
                default: return "未知结果";
            }
        }

        public static string ReasonEn(VerdictCode code, RevocationReason revocationReason)
        {
            switch (code)
            {
                case VerdictCode.Valid: return "Permit valid";
                case VerdictCode.ValidEndorsementDueSoon: return "Permit valid; endorsement due soon";
                case VerdictCode.SuspendedRestorable: return "Suspended: endorsement overdue; restorable within 30 days";
                case VerdictCode.SuspendedLapsed: return "Suspended over 30 days: residence period restarts on confirmation";
                case VerdictCode.Cancelled: return "Cancelled: expired and not renewed within 30 days";
                case VerdictCode.Revoked: return RevocationEn(revocationReason);
                case VerdictCode.NotAuthentic: return "Not authentic: card check failed";
                case VerdictCode.ForgeryAlert: return "Forgery alert: issuer signature invalid";
                case VerdictCode.Unreadable: return "Read failed: tap again";
                case VerdictCode.NotAPermit: return "Not a Hubei residence permit";
                case VerdictCode.ClockUntrusted: return "Terminal clock untrusted: cannot check";
                case VerdictCode.ListStale: return "Revocation list out of date: cannot check";
                case VerdictCode.ResidenceTooShort: return "Residence period too short for this service";
                default: return "Unknown";
            }
        }

        private static string RevocationZh(RevocationReason reason)
        {
            switch (reason)
            {
                case RevocationReason.ReplacedGeneration: return "已补领/换领新证，本卡作废";
                case RevocationReason.NotRenewedAfterSuspension: return "逾期未续签，居住证已注销";
                case RevocationReason.NoLongerEligible: return "不再符合申领条件，居住证已注销";
                case RevocationReason.ObtainedWithFalseMaterials: return "申领时提供虚假材料，居住证已注销";
                case RevocationReason.OtherCancellation: return "居住证已注销";
                case RevocationReason.FraudulentUse: return "居住证涉嫌违法使用，已列入注销名单";
                default: return "已列入注销名单";
            }
        }

        private static string RevocationEn(RevocationReason reason)
        {
            switch (reason)
            {
                case RevocationReason.ReplacedGeneration: return "Revoked: replaced by a newer card";
                case RevocationReason.NotRenewedAfterSuspension: return "Revoked: cancelled, not renewed";
                case RevocationReason.NoLongerEligible: return "Revoked: holder no longer eligible";
                case RevocationReason.ObtainedWithFalseMaterials: return "Revoked: obtained with false materials";
                case RevocationReason.OtherCancellation: return "Revoked: cancelled";
                case RevocationReason.FraudulentUse: return "Revoked: fraudulent use";
                default: return "Revoked";
            }
        }
    }
}
