namespace Terminal.Core.Display
{
    /// <summary>
    /// Every text of the clerk's screen besides the verdict texts (reasons and articles: <see cref="Rules.VerdictTexts"/>).
    /// Constants only: the glyph-table generator (Terminal.Tools `display glyphs`) and its coverage test collect every
    /// character from here and from the verdict texts, so a character used here and missing from the table fails a test.
    /// </summary>
    public static class ScreenTexts
    {
        // Symbols of the verdict line, drawn by the generator itself (the font has none of them).
        public const char Check = '\u2714';      // ✔ usable
        public const char Attention = '\u2757';  // ❗ usable with a warning, or tap again
        public const char Cross = '\u2716';      // ✖ not usable, or the terminal cannot check

        /// <summary>A three-pixel space (U+2009), so a date fits between its words on one line.</summary>
        public const char ThinSpace = '\u2009';

        // Verdict line, by indication: the words on the enclosure's LED labels (通过 / 注意 / 拒绝, hardware/README.md).
        public const string Usable = "通过";
        public const string NotUsable = "拒绝";
        public const string TapAgain = "请重刷";
        public const string Forgery = "疑似伪造";
        public const string CannotCheck = "暂停核验";

        // Dated warnings: "请于 2026-04-15 前签注".
        public const string DueBy = "请于";
        public const string EndorseAfterDate = "前签注";
        public const string RenewAfterDate = "前续签";

        // Warnings without a date, and what the clerk can do about a terminal that cannot check.
        public const string ListStaleWarning = "名单过期";
        public const string ClockStaleWarning = "时间未校准";
        public const string WarningSeparator = "，";
        public const string ConnectForList = "请联网更新注销名单";
        public const string ConnectForTime = "请联网校准时间";

        // Idle.
        public const string TapCard = "请刷居住证";
        public const string ListPrefix = "名单第";
        public const string ListSuffix = "版，";
        public const string JustNow = "刚刚更新";
        public const string MinutesAgo = "分钟前";
        public const string HoursAgo = "小时前";
        public const string DaysAgo = "天前";
        public const string NoList = "无注销名单";
        public const string ListExpired = "名单过期，请联网";
        public const string ClockUntrusted = "时间不可信，请联网";

        // Boot, self-test, not running.
        public const string Starting = "正在启动";
        public const string Firmware = "固件";
        public const string SelfTestRunning = "自检中";
        public const string SelfTestPassed = "自检通过";
        public const string SelfTestFailed = "自检未通过";
        public const string SeeSerialLog = "详见串口日志";
        public const string Unprovisioned = "终端未配置";
        public const string InvalidConfiguration = "配置无效";
        public const string StorageFault = "存储故障";
        public const string CallTechnician = "请联系技术人员";
    }
}
