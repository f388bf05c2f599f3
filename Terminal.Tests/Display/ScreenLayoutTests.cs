using Terminal.Core.Display;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Drivers.Display;
using Terminal.Drivers.Feedback;

namespace Terminal.Tests.Display;

/// <summary>What the clerk's screen says for each verdict and state, as text lines and pixels.</summary>
public sealed class ScreenLayoutTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string Closing = "，。；、：）)！？";

    private static string[] Lines(ScreenLayout layout) => layout.Describe().Split('\n');

    private static string Plain(string text) => text.Replace(ScreenTexts.ThinSpace, ' ');

    [Fact]
    public void Every_verdict_fits_without_losing_a_character_of_its_reason()
    {
        var layout = new ScreenLayout();
        int checkedVerdicts = 0;
        foreach (var (name, verdict) in ScreenSamples.All())
        {
            layout.VerdictScreen(verdict, VerdictFeedback.For(verdict), ScreenSamples.Today);
            Assert.False(layout.Overflowed, name + ":\n" + layout.Describe());
            var body = Lines(layout).Skip(1).ToArray();
            Assert.InRange(body.Length, 1, ScreenLayout.BodyLines);
            Assert.StartsWith(verdict.ReasonZh, string.Concat(body), StringComparison.Ordinal);
            if (verdict.Code is VerdictCode.SuspendedRestorable or VerdictCode.ValidEndorsementDueSoon)
            {
                Assert.Contains(body, l => l.StartsWith(ScreenTexts.DueBy, StringComparison.Ordinal)); // the date is never left out
            }

            string article = verdict.Article;
            if (article != "—")
            {
                // The whole article, or its deciding clause, is somewhere on the screen.
                Assert.Contains(article[(article.LastIndexOf('、') + 1)..], layout.Describe());
            }

            foreach (var line in body)
            {
                Assert.True(GlyphTable.Measure(line) <= DisplayFrame.Width - ScreenLayout.LeftMargin, $"{name}: '{line}' is wider than the screen");
                Assert.False(Closing.Contains(line[0]), $"{name}: '{line}' starts with closing punctuation");
            }

            checkedVerdicts++;
        }

        Assert.True(checkedVerdicts > 200, checkedVerdicts + " verdicts");
    }

    [Fact]
    public void The_costliest_verdict_screen_stays_within_its_share_of_the_tap_budget()
    {
        // The tap benchmark models the valid card's frame; the longest texts cost more glyph work. At the model's rates
        // (Terminal.Tools/Simulation/TapCostModel) the worst frame must stay under 60 ms of rendering + I2C.
        var model = new Terminal.Tools.Simulation.TapCostModel();
        var layout = new ScreenLayout();
        var worst = ScreenSamples.All().Select(s =>
        {
            layout.VerdictScreen(s.Verdict, VerdictFeedback.For(s.Verdict), ScreenSamples.Today);
            long il = model.FrameIl + layout.GlyphLookups * model.GlyphLookupIl + layout.Canvas.ColumnsDrawn * model.GlyphColumnIl;
            return (s.Name, Lookups: layout.GlyphLookups, Columns: layout.Canvas.ColumnsDrawn, Il: il);
        }).MaxBy(w => w.Il);
        double ms = model.IlMs(worst.Il) + Drivers.Display.Ssd1306.FrameTransactions * model.I2cCallUs / 1000
                    + Drivers.Display.Simulated.Ssd1306Panel.WireMicroseconds(Drivers.Display.Ssd1306.FrameTransactions, Drivers.Display.Ssd1306.FrameBytes) / 1000;
        output.WriteLine($"costliest screen: {worst.Name}: {worst.Lookups} lookups, {worst.Columns} columns, {worst.Il} IL, {ms:0.0} ms with I2C");
        Assert.True(ms < 60, $"{worst.Name}: {ms:0.0} ms");
    }

    [Fact]
    public void A_restorable_suspension_says_by_when_and_cites_the_deciding_clause()
    {
        var layout = new ScreenLayout();
        var v = ScreenSamples.Make(VerdictCode.SuspendedRestorable, accepted: true);
        layout.VerdictScreen(v, VerdictFeedback.For(v), ScreenSamples.Today);
        Assert.Equal(
        [
            "❗ 通过 | 第十七条(一)",
            "逾期未签注，使用功能",
            "中止；三十日内签注可",
            "恢复",
            "请于 2026-12-15 前签注",
        ], Lines(layout).Select(Plain).ToArray());
    }

    [Fact]
    public void The_article_goes_on_the_verdict_line_when_it_fits_and_below_the_reason_otherwise()
    {
        var layout = new ScreenLayout();
        var revoked = ScreenSamples.Make(VerdictCode.Revoked, false, reason: RevocationReason.ReplacedGeneration);
        layout.VerdictScreen(revoked, Indication.Refused, ScreenSamples.Today);
        Assert.Equal(["✖ 拒绝 | 第十二条", "已补领/换领新证，本卡", "作废"], Lines(layout));

        var valid = ScreenSamples.Make(VerdictCode.Valid, true);
        layout.VerdictScreen(valid, Indication.Accepted, ScreenSamples.Today);
        Assert.Equal(["✔ 通过", "居住证有效", "第十五条、第十六条"], Lines(layout));
    }

    [Fact]
    public void Due_soon_gives_the_last_covered_day_and_says_endorse_or_renew()
    {
        var layout = new ScreenLayout();
        var due = ScreenSamples.Make(VerdictCode.ValidEndorsementDueSoon, true, VerdictWarnings.EndorsementDueSoon);
        layout.VerdictScreen(due, Indication.AcceptedWithWarning, ScreenSamples.Today);
        Assert.Contains("请于 2026-12-15 前签注", Lines(layout).Select(Plain));

        var renew = ScreenSamples.Make(VerdictCode.ValidEndorsementDueSoon, true, VerdictWarnings.RenewalWindowOpen);
        layout.VerdictScreen(renew, Indication.AcceptedWithWarning, ScreenSamples.Today);
        Assert.Contains("请于 2026-12-15 前续签", Lines(layout).Select(Plain));

        // Every warning at once: the date, then both undated warnings on one line, the deciding article on the verdict line.
        var all = ScreenSamples.Make(VerdictCode.ValidEndorsementDueSoon, true,
            VerdictWarnings.EndorsementDueSoon | VerdictWarnings.ListStale | VerdictWarnings.ClockStale);
        layout.VerdictScreen(all, Indication.AcceptedWithWarning, ScreenSamples.Today);
        Assert.Equal(["❗ 通过 | 第十六条", "居住证有效，请按期办", "理签注", "请于 2026-12-15 前签注", "名单过期，时间未校准"], Lines(layout).Select(Plain).ToArray());
    }

    [Fact]
    public void A_terminal_that_cannot_check_says_what_to_do()
    {
        var layout = new ScreenLayout();
        var stale = ScreenSamples.Make(VerdictCode.ListStale, false);
        layout.VerdictScreen(stale, VerdictFeedback.For(stale), ScreenSamples.Today);
        Assert.Equal(["✖ 暂停核验", "注销名单过期，暂无法", "核验", "请联网更新注销名单"], Lines(layout));
        var clock = ScreenSamples.Make(VerdictCode.ClockUntrusted, false);
        layout.VerdictScreen(clock, VerdictFeedback.For(clock), ScreenSamples.Today);
        Assert.Contains("请联网校准时间", Lines(layout));
    }

    [Fact]
    public void Refusals_are_a_lit_band_and_acceptances_are_not()
    {
        var layout = new ScreenLayout();
        var refused = layout.VerdictScreen(ScreenSamples.Make(VerdictCode.Cancelled, false), Indication.Refused, ScreenSamples.Today).ToArray();
        var accepted = layout.VerdictScreen(ScreenSamples.Make(VerdictCode.Valid, true), Indication.Accepted, ScreenSamples.Today).ToArray();
        int LitInBand(byte[] f) => Enumerable.Range(0, DisplayFrame.Width).Sum(x => Enumerable.Range(0, ScreenLayout.HeadlineRows).Count(y => DisplayFrame.IsLit(f, x, y)));
        Assert.True(LitInBand(refused) > DisplayFrame.Width * ScreenLayout.HeadlineRows / 2);
        Assert.True(LitInBand(accepted) < DisplayFrame.Width * ScreenLayout.HeadlineRows / 4);
    }

    [Fact]
    public void The_idle_screen_shows_the_terminal_the_list_age_and_the_time()
    {
        var layout = new ScreenLayout();
        var list = new RevocationStatus(true, 12, ScreenSamples.Now - 3 * 3600 - 100, 86400, 7 * 86400, 1000, 2);
        layout.IdleScreen("HB420100-0001", list, ScreenSamples.Now, ClockTrust.Trusted);
        Assert.Equal(["请刷居住证", "HB420100-0001", "名单第12版，3小时前", "2026-11-25 10:00"], Lines(layout).Select(l => l.Trim()).ToArray());

        var expired = new RevocationStatus(true, 12, ScreenSamples.Now - 9 * 86400, 86400, 7 * 86400, 1000, 2);
        layout.IdleScreen("HB420100-0001", expired, ScreenSamples.Now, ClockTrust.Untrusted);
        Assert.Equal(["请刷居住证", "HB420100-0001", "名单第12版，9天前", "时间不可信，请联网", "名单过期，请联网"], Lines(layout).Select(l => l.Trim()).ToArray());

        layout.IdleScreen("HB420100-0001", RevocationStatus.None, ScreenSamples.Now, ClockTrust.Trusted);
        Assert.Contains("无注销名单", Lines(layout));
        Assert.False(layout.Overflowed);
    }

    [Fact]
    public void A_terminal_id_longer_than_a_line_holds_is_reported_not_silently_cut()
    {
        var layout = new ScreenLayout();
        layout.IdleScreen(new string('X', TextLine.Capacity + 5), RevocationStatus.None, ScreenSamples.Now, ClockTrust.Trusted);
        Assert.True(layout.Overflowed);
        layout.IdleScreen("HB420100-0001", RevocationStatus.None, ScreenSamples.Now, ClockTrust.Trusted);
        Assert.False(layout.Overflowed);
    }

    [Theory]
    [InlineData(30, "刚刚更新")]
    [InlineData(59 * 60, "59分钟前")]
    [InlineData(47 * 3600, "47小时前")]
    [InlineData(2 * 86400, "2天前")]
    public void List_ages_read_naturally(long seconds, string expected)
    {
        var line = new TextLine();
        ScreenLayout.AppendAge(line, seconds);
        Assert.Equal(expected, line.ToString());
    }

    [Fact]
    public void No_personal_data_reaches_the_screen_of_a_real_tap()
    {
        // 第二十条: the demo cards carry the holder's name (李四), citizen ID number and addresses in their personal-data
        // sectors and a 12-digit permit number in the core record; the screen shows none of them, for any verdict.
        var now = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
        var keys = new Terminal.Tools.Simulation.SimulationKeys();
        var set = new Terminal.Tools.Simulation.DemoCards(keys, now);
        var terminal = new Terminal.Tools.Simulation.SimulatedTerminal(keys, "hospital", now);
        foreach (var card in set.Cards)
        {
            terminal.Tap(card.Card, card.HoldForOperations);
            string screen = terminal.Core.Screen!.Layout.Describe();
            Assert.DoesNotContain("李四", screen);
            Assert.DoesNotMatch(@"\d{9,}", screen); // no permit number (12 digits), no ID number (18)
            Assert.DoesNotContain("武汉", screen);  // the addresses' city
            terminal.Clock.Advance(30);
        }
    }
}
