using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Tap;
using Terminal.Core.Time;
using Terminal.Drivers.Display;

namespace Terminal.Core.Display
{
    /// <summary>
    /// What the clerk reads: each check's verdict (a tap, or a forgery alert from the background tier-2 check) on the
    /// display until <see cref="IdleSeconds"/> have passed, then the idle screen (terminal id, list age, clock),
    /// redrawn when its minute changes. It is an <see cref="ITapSink"/> beside the usage outbox, so it sees exactly the
    /// checks that are reported. Runs on the tap loop's thread; a display that fails only counts (the LEDs still show).
    /// </summary>
    public sealed class ClerkScreen : ITapSink
    {
        private readonly IDisplay _display;
        private readonly ScreenLayout _layout = new ScreenLayout();
        private string _terminalId;
        private RevocationStore _list;
        private ITrustedClock _clock;
        private long _verdictShownAt;
        private bool _showingVerdict;
        private bool _idleShown;
        private long _idleMinute = -1;

        /// <summary>A screen for state screens only (boot, not running) until <see cref="Bind"/> gives it the running terminal.</summary>
        public ClerkScreen(IDisplay display)
        {
            _display = display;
            IdleSeconds = Configuration.DeviceConfiguration.DefaultDisplayIdleSeconds;
        }

        /// <summary>The running terminal's id, list, clock and verdict time (display_idle_seconds), for the idle screen (TerminalCore binds them).</summary>
        public void Bind(string terminalId, RevocationStore list, ITrustedClock clock, int idleSeconds)
        {
            _terminalId = terminalId;
            _list = list;
            _clock = clock;
            IdleSeconds = idleSeconds < 1 ? Configuration.DeviceConfiguration.DefaultDisplayIdleSeconds : idleSeconds;
        }

        public bool IsBound
        {
            get { return _list != null; }
        }

        /// <summary>Seconds a verdict stays on screen before the idle screen returns (configuration: display_idle_seconds).</summary>
        public int IdleSeconds { get; private set; }

        public ScreenLayout Layout
        {
            get { return _layout; }
        }

        public int FramesSent { get; private set; }

        public int FramesFailed { get; private set; }

        /// <summary>Whether a verdict (rather than the idle or a state screen) is on the display.</summary>
        public bool ShowingVerdict
        {
            get { return _showingVerdict; }
        }

        public void OnCheck(TapReport report)
        {
            Verdict verdict = report.Verdict;
            Send(_layout.VerdictScreen(verdict, VerdictFeedback.For(verdict), CivilDate.BeijingDayOf(report.UnixSeconds)));
            _showingVerdict = true;
            _idleShown = false;
            _verdictShownAt = report.UnixSeconds;
        }

        /// <summary>The card just checked is still on the reader: keep its verdict up from now.</summary>
        public void KeepShowing(long nowUnixSeconds)
        {
            if (_showingVerdict)
            {
                _verdictShownAt = nowUnixSeconds;
            }
        }

        /// <summary>
        /// Called by the main loop between taps: back to idle once the verdict has had its time (or the clock moved
        /// backwards), and the idle screen redrawn when its minute changes. Renders nothing otherwise.
        /// </summary>
        public void Tick(long nowUnixSeconds)
        {
            if (!IsBound)
            {
                return;
            }

            if (_showingVerdict)
            {
                long shown = nowUnixSeconds - _verdictShownAt;
                if (shown >= 0 && shown < IdleSeconds)
                {
                    return;
                }
            }

            long minute = nowUnixSeconds / 60;
            if (_idleShown && minute == _idleMinute)
            {
                return;
            }

            ShowIdle(nowUnixSeconds);
        }

        public void ShowIdle(long nowUnixSeconds)
        {
            Send(_layout.IdleScreen(_terminalId, _list.Status, nowUnixSeconds, _clock.Trust(nowUnixSeconds)));
            _showingVerdict = false;
            _idleShown = true;
            _idleMinute = nowUnixSeconds / 60;
        }

        /// <summary>A state screen (boot, self-test); the next <see cref="Tick"/> replaces it with the idle screen.</summary>
        public void ShowStatus(char symbol, string title, bool inverted, string first, string second, string third)
        {
            Send(_layout.StatusScreen(symbol, title, inverted, first, second, third));
            _showingVerdict = false;
            _idleShown = false;
        }

        private void Send(byte[] frame)
        {
            if (_display.Show(frame))
            {
                FramesSent++;
            }
            else
            {
                FramesFailed++;
            }
        }
    }
}
