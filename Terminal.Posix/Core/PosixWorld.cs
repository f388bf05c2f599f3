using System;
using Terminal.Drivers.Clock;
using Terminal.Drivers.Clock.Simulated;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Network;
using Terminal.Drivers.Reader;

namespace Terminal.Posix
{
    /// <summary>
    /// Wi-Fi for the run: the configuration names a network, so the boot connects and asks for network time, as a board
    /// at a desk does; nothing is sent (the configuration has no broker), so events stay in the outbox.
    /// </summary>
    public sealed class LoopbackNetworkLink : INetworkLink
    {
        public bool IsConnected { get; private set; }

        public bool Connect(string ssid, string password, int timeoutMs)
        {
            IsConnected = true;
            return true;
        }
    }

    /// <summary>SNTP for the run: sets the RTC to the image's clock, so the clock is trusted as after a real SNTP answer.</summary>
    public sealed class ImageTimeSync : ITimeSync
    {
        private readonly SimulatedClock _rtc;
        private readonly long _networkTime;

        public ImageTimeSync(SimulatedClock rtc, long networkTime)
        {
            _rtc = rtc;
            _networkTime = networkTime;
        }

        public bool Synchronize(int timeoutMs)
        {
            if (_rtc.UtcUnixSeconds < _networkTime)
            {
                _rtc.UtcUnixSeconds = _networkTime;
            }

            return true;
        }
    }

    /// <summary>Uptime from the runtime's own clock (DateTime ticks, the one clock mscorlib has on every target).</summary>
    public sealed class TicksUptime : IMonotonicClock
    {
        private readonly long _start = DateTime.UtcNow.Ticks;

        public long Milliseconds
        {
            get { return (DateTime.UtcNow.Ticks - _start) / TimeSpan.TicksPerMillisecond; }
        }
    }

    /// <summary>The RC522's version register as the simulated chip answers it (0x92: version 2.0).</summary>
    public sealed class SimulatedChipInfo : IReaderChipInfo
    {
        public int ChipVersion
        {
            get { return 0x92; }
        }
    }

    /// <summary>
    /// The LEDs and buzzer: remembers the last indication, which the tap line reports, and when the first one after
    /// <see cref="Arm"/> came: the moment the clerk sees the verdict.
    /// </summary>
    public sealed class RecordedFeedback : IFeedback
    {
        private bool _armed;

        public Indication Last { get; private set; }

        public int Shown { get; private set; }

        /// <summary>DateTime ticks of the first indication after <see cref="Arm"/> (0 until then).</summary>
        public long FirstShownAtTicks { get; private set; }

        public void Arm()
        {
            _armed = true;
            FirstShownAtTicks = 0;
        }

        public void Show(Indication indication)
        {
            if (_armed)
            {
                _armed = false;
                FirstShownAtTicks = DateTime.UtcNow.Ticks;
            }

            Last = indication;
            Shown++;
        }
    }
}
