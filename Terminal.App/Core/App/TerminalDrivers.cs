using Terminal.Core.Display;
using Terminal.Core.Tap;
using Terminal.Drivers.Clock;
using Terminal.Drivers.Crypto;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Storage;

namespace Terminal.Core.App
{
    /// <summary>The hardware a terminal core runs on: ESP32 drivers on the board, simulated ones on a PC.</summary>
    public sealed class TerminalDrivers
    {
        public ICardReader Reader;
        public IFeedback Feedback;
        public IFileStore Storage;
        public IHmacSha256 Hmac;
        public ISystemClock Clock;

        /// <summary>Where every check goes (the reporting outbox).</summary>
        public ITapSink Sink;

        /// <summary>The clerk's display, or null on a board without one (LEDs and buzzer only). The core binds it and shows every check.</summary>
        public ClerkScreen Screen;
    }
}
