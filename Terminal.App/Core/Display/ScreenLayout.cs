using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Drivers.Display;
using Terminal.Drivers.Feedback;

namespace Terminal.Core.Display
{
    /// <summary>
    /// The clerk's screen, as a pure function of what the terminal decided: a verdict line (symbol, a word or two, and
    /// the article when it fits there) over four lines of 12-pixel text (the reason, wrapped; the date that matters;
    /// the article otherwise). Idle, boot, self-test and not-running screens use the same two parts. Never a name,
    /// ID number or address (第二十条): a verdict carries none. One instance is reused; each call returns its frame.
    /// README.md beside this file has the layout with pictures.
    /// </summary>
    public sealed class ScreenLayout
    {
        public const int BodyLines = 4;
        public const int LeftMargin = 2;
        public const int SymbolGap = 4;

        /// <summary>Rows 0..12: the verdict line (a lit band when the answer is no).</summary>
        public const int HeadlineRows = 13;
        public const int HeadlineTextTop = 1;
        public const int FirstBodyTop = 15;
        public const int LineHeight = GlyphTable.Height;

        /// <summary>Smallest gap between the verdict words and an article on the same line.</summary>
        public const int ArticleGap = 6;

        /// <summary>Columns left dark after a right-aligned article (its last glyph brings one blank column of its own).</summary>
        public const int RightMargin = 1;

        private const string NoArticle = "—";

        private readonly FrameCanvas _canvas = new FrameCanvas();
        private readonly TextLine _title = new TextLine();
        private readonly TextLine _right = new TextLine();
        private readonly TextLine[] _body = new TextLine[BodyLines];
        private readonly TextLine _overflow = new TextLine();
        private int _measured;
        private char _symbol;
        private bool _inverted;
        private int _lines;

        public ScreenLayout()
        {
            for (int i = 0; i < BodyLines; i++)
            {
                _body[i] = new TextLine();
            }
        }

        /// <summary>Something did not fit on the last screen and was left out (tests assert this never happens for any verdict).</summary>
        public bool Overflowed { get; private set; }

        /// <summary>The last screen's verdict line and body as text (tests and logs; the frame is drawn from the same lines).</summary>
        public string Describe()
        {
            string text = string.Concat(_symbol == '\0' ? "" : new string(_symbol, 1), " ", _title.ToString(), _right.Length > 0 ? string.Concat(" | ", _right.ToString()) : "");
            for (int i = 0; i < _lines; i++)
            {
                text = string.Concat(text, "\n", _body[i].ToString());
            }

            return text;
        }

        public FrameCanvas Canvas
        {
            get { return _canvas; }
        }

        /// <summary>Glyph-table lookups the last screen took (measuring, wrapping, drawing): the tap cost model's unit of text work.</summary>
        public int GlyphLookups
        {
            get { return _measured + _canvas.GlyphsDrawn; }
        }

        /// <summary>The verdict of a tap: <paramref name="today"/> is the Beijing date of the check (for the dates that matter).</summary>
        public byte[] VerdictScreen(Verdict verdict, Indication indication, CivilDate today)
        {
            Begin();
            switch (indication)
            {
                case Indication.Accepted: Title(ScreenTexts.Check, ScreenTexts.Usable, false); break;
                case Indication.AcceptedWithWarning: Title(ScreenTexts.Attention, ScreenTexts.Usable, false); break;
                case Indication.TapAgain: Title(ScreenTexts.Attention, ScreenTexts.TapAgain, false); break;
                case Indication.ForgeryAlert: Title(ScreenTexts.Cross, ScreenTexts.Forgery, true); break;
                case Indication.Unprovisioned: Title(ScreenTexts.Cross, ScreenTexts.CannotCheck, true); break;
                default: Title(ScreenTexts.Cross, ScreenTexts.NotUsable, true); break;
            }

            string reason = verdict.ReasonZh;
            string article = verdict.Article;
            bool hasArticle = article.Length > 0 && article != NoArticle;

            // Besides the reason and the article: the date that matters, then one line of undated warnings (or of what
            // to do when the terminal cannot check). The latter is left out only when nothing else fits: the amber LED
            // and the idle screen say it too.
            CivilDate date;
            string after;
            int dated = DatedWarning(verdict, today, out date, out after) ? 1 : 0;
            int undated = HasUndatedWarning(verdict) ? 1 : 0;
            int reasonLines = Wrap(reason, false);
            int articleLines = 0;
            if (hasArticle)
            {
                int wholeArticleLines;
                if (FitsRight(article, 0, article.Length))
                {
                    _right.Append(article);
                }
                else if (reasonLines + dated + undated + (wholeArticleLines = Wrap(article, false)) <= BodyLines)
                {
                    articleLines = wholeArticleLines;
                }
                else
                {
                    // Too long for the body too: show the deciding clause (the last of "第十五条、第十六条、第十七条(一)");
                    // the usage report carries the whole list.
                    int start = TextSearch.LastIndexOf(article, '、') + 1;
                    if (FitsRight(article, start, article.Length - start))
                    {
                        _right.Append(article, start, article.Length - start);
                    }
                    else
                    {
                        article = article.Substring(start); // allocation only on this rare path, never for today's texts
                        articleLines = Wrap(article, false);
                    }
                }
            }

            Wrap(reason, true);
            if (dated == 1)
            {
                TextLine line = Line();
                line.Append(ScreenTexts.DueBy);
                line.Append(ScreenTexts.ThinSpace);
                line.AppendDate(date);
                line.Append(ScreenTexts.ThinSpace);
                line.Append(after);
            }

            if (undated == 1 && reasonLines + dated + undated + articleLines <= BodyLines)
            {
                UndatedWarning(verdict, Line());
            }

            if (articleLines > 0)
            {
                Wrap(article, true);
            }

            return Render();
        }

        /// <summary>
        /// Waiting for a card: the terminal id, the list's sequence and age, and a warning when the list is stale or the
        /// clock cannot be trusted (checks then say LIST_STALE or CLOCK_UNTRUSTED, per the desk's profile).
        /// </summary>
        public byte[] IdleScreen(string terminalId, RevocationStatus list, long nowUnixSeconds, ClockTrust clock)
        {
            Begin();
            Title('\0', ScreenTexts.TapCard, false);
            Line().Append(terminalId);
            TextLine age = Line();
            if (!list.HasList)
            {
                age.Append(ScreenTexts.NoList);
            }
            else
            {
                age.Append(ScreenTexts.ListPrefix);
                age.AppendNumber((long)list.Sequence);
                age.Append(ScreenTexts.ListSuffix);
                AppendAge(age, list.AgeSeconds(nowUnixSeconds));
            }

            if (clock == ClockTrust.Untrusted)
            {
                Warning(ScreenTexts.ClockUntrusted);
            }
            else
            {
                TextLine time = Line();
                AppendBeijingTime(time, nowUnixSeconds);
            }

            if (!list.HasList || list.StalenessAt(nowUnixSeconds) == RevocationStaleness.Stale)
            {
                Warning(ScreenTexts.ListExpired);
            }

            return Render();
        }

        /// <summary>A state screen (boot, self-test, not running): a verdict line and up to four lines, each wrapped.</summary>
        public byte[] StatusScreen(char symbol, string title, bool inverted, string first, string second, string third)
        {
            Begin();
            Title(symbol, title, inverted);
            AddIfAny(first);
            AddIfAny(second);
            AddIfAny(third);
            return Render();
        }

        /// <summary>"3小时前": minutes under an hour, hours under two days, then days.</summary>
        public static void AppendAge(TextLine line, long ageSeconds)
        {
            if (ageSeconds < 60)
            {
                line.Append(ScreenTexts.JustNow);
            }
            else if (ageSeconds < 3600)
            {
                line.AppendNumber(ageSeconds / 60);
                line.Append(ScreenTexts.MinutesAgo);
            }
            else if (ageSeconds < 2 * 86400)
            {
                line.AppendNumber(ageSeconds / 3600);
                line.Append(ScreenTexts.HoursAgo);
            }
            else
            {
                line.AppendNumber(ageSeconds / 86400);
                line.Append(ScreenTexts.DaysAgo);
            }
        }

        /// <summary>"2026-11-25 10:00", Beijing time.</summary>
        public static void AppendBeijingTime(TextLine line, long unixSeconds)
        {
            line.AppendDate(CivilDate.BeijingDayOf(unixSeconds));
            long secondsOfDay = ((unixSeconds + CivilDate.BeijingOffsetSeconds) % 86400 + 86400) % 86400;
            line.Append(' ');
            line.AppendTwoDigits((int)(secondsOfDay / 3600));
            line.Append(':');
            line.AppendTwoDigits((int)(secondsOfDay / 60 % 60));
        }

        private void AddIfAny(string text)
        {
            if (text != null && text.Length > 0)
            {
                Wrap(text, true);
            }
        }

        private void Begin()
        {
            _measured = 0;
            _title.Clear();
            _right.Clear();
            _lines = 0;
            _symbol = '\0';
            Overflowed = false;
        }

        private void Title(char symbol, string words, bool inverted)
        {
            _symbol = symbol;
            _title.Append(words);
            _inverted = inverted;
        }

        /// <summary>The date that matters, if any: restore-by for a restorable suspension, the last covered day when due soon.</summary>
        private static bool DatedWarning(Verdict verdict, CivilDate today, out CivilDate date, out string after)
        {
            date = today;
            after = ScreenTexts.EndorseAfterDate;
            if (verdict.Code == VerdictCode.SuspendedRestorable && verdict.HasRestoreBy)
            {
                date = verdict.RestoreBy;
                return true;
            }

            if (verdict.Code == VerdictCode.ValidEndorsementDueSoon && verdict.HasDaysUntilNextEndorsement)
            {
                date = today.AddDays(verdict.DaysUntilNextEndorsement);
                if ((verdict.Warnings & VerdictWarnings.EndorsementDueSoon) == 0)
                {
                    after = ScreenTexts.RenewAfterDate; // the validity ends first: renew (续签), not endorse
                }

                return true;
            }

            return false;
        }

        private static bool HasUndatedWarning(Verdict verdict)
        {
            return (verdict.Warnings & (VerdictWarnings.ListStale | VerdictWarnings.ClockStale)) != 0
                   || verdict.Code == VerdictCode.ListStale || verdict.Code == VerdictCode.ClockUntrusted;
        }

        /// <summary>"名单过期，时间未校准" (both fit one line), or what to do when the terminal cannot check.</summary>
        private static void UndatedWarning(Verdict verdict, TextLine line)
        {
            if (verdict.Code == VerdictCode.ListStale || verdict.Code == VerdictCode.ClockUntrusted)
            {
                line.Append(verdict.Code == VerdictCode.ListStale ? ScreenTexts.ConnectForList : ScreenTexts.ConnectForTime);
                return;
            }

            if ((verdict.Warnings & VerdictWarnings.ListStale) != 0)
            {
                line.Append(ScreenTexts.ListStaleWarning);
            }

            if ((verdict.Warnings & VerdictWarnings.ClockStale) != 0)
            {
                if (line.Length > 0)
                {
                    line.Append(ScreenTexts.WarningSeparator);
                }

                line.Append(ScreenTexts.ClockStaleWarning);
            }
        }

        private void Warning(string text)
        {
            Line().Append(text);
        }

        /// <summary>The next body line, or a scratch line (and <see cref="Overflowed"/>) when all four are used.</summary>
        private TextLine Line()
        {
            if (_lines < BodyLines)
            {
                TextLine line = _body[_lines++];
                line.Clear();
                return line;
            }

            Overflowed = true; // never for a catalogued text (tested); the extra line is composed and not shown
            _overflow.Clear();
            return _overflow;
        }

        private bool FitsRight(string text, int start, int count)
        {
            _measured += 1 + _title.Length + count;
            int words = LeftMargin + (_symbol == '\0' ? 0 : GlyphTable.Advance(GlyphTable.Find(_symbol)) + SymbolGap) + _title.Width();
            return words + ArticleGap + GlyphTable.Measure(text, start, count) + RightMargin <= DisplayFrame.Width;
        }

        /// <summary>
        /// Greedy line breaking at the body width: a line never starts with closing punctuation (the character before it
        /// moves down with it), and a run of ASCII letters and digits (a date, an id) is not split unless it alone is
        /// wider than a line. Returns the number of lines; appends them when <paramref name="commit"/>.
        /// </summary>
        private int Wrap(string text, bool commit)
        {
            int width = DisplayFrame.Width - LeftMargin;
            int lines = 0;
            int i = 0;
            while (i < text.Length)
            {
                int used = 0, j = i, lastBreak = -1;
                while (j < text.Length)
                {
                    int advance = GlyphTable.Advance(GlyphTable.Find(text[j]));
                    _measured++;
                    if (used + advance > width)
                    {
                        break;
                    }

                    used += advance;
                    j++;
                    if (j < text.Length && CanBreakBefore(text, j))
                    {
                        lastBreak = j;
                    }
                }

                if (j < text.Length && !CanBreakBefore(text, j) && lastBreak > i)
                {
                    j = lastBreak;
                }

                if (j == i)
                {
                    j = i + 1; // a single glyph wider than the line: never loop
                }

                lines++;
                if (commit)
                {
                    Line().Append(text, i, j - i);
                }

                i = j;
            }

            return lines;
        }

        private static bool CanBreakBefore(string text, int at)
        {
            char c = text[at];
            if (IsClosing(c))
            {
                return false;
            }

            char before = text[at - 1];
            return !(IsWordChar(before) && IsWordChar(c));
        }

        private static bool IsClosing(char c)
        {
            return c == '，' || c == '。' || c == '；' || c == '、' || c == '：' || c == '）' || c == ')' || c == '！' || c == '？' || c == '」';
        }

        private static bool IsWordChar(char c)
        {
            return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == ':' || c == '/' || c == '(' || c == '.';
        }

        private byte[] Render()
        {
            _canvas.Clear();
            if (_inverted)
            {
                _canvas.FillRows(0, HeadlineRows);
            }
            else
            {
                _canvas.Rule(HeadlineRows);
            }

            int x = LeftMargin;
            if (_symbol != '\0')
            {
                x = _canvas.Glyph(x, HeadlineTextTop, _symbol, _inverted) + SymbolGap;
            }

            DrawLine(x, HeadlineTextTop, _title, _inverted);
            if (_right.Length > 0)
            {
                _measured += _right.Length;
                DrawLine(DisplayFrame.Width - RightMargin - _right.Width(), HeadlineTextTop, _right, _inverted);
            }

            for (int i = 0; i < _lines; i++)
            {
                DrawLine(LeftMargin, FirstBodyTop + i * LineHeight, _body[i], false);
            }

            return _canvas.Frame;
        }

        private void DrawLine(int x, int y, TextLine line, bool inverted)
        {
            if (line.Truncated)
            {
                Overflowed = true; // more than a line's capacity was composed: never for a catalogued text
            }

            for (int i = 0; i < line.Length; i++)
            {
                x = _canvas.Glyph(x, y, line[i], inverted);
            }
        }
    }
}
