using System.Threading;
using Terminal.Drivers.Feedback;
using Terminal.Drivers.Feedback.Esp32;

namespace Terminal.Device
{
    /// <summary>
    /// nanoFramework entry point. The device shell only wires hardware to the portable core; everything that
    /// decides anything lives in Core/ and is tested on the host.
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            IFeedback feedback = new FeedbackGroup(new IFeedback[]
            {
                new GpioLedFeedback(BoardPins.LedGreen, BoardPins.LedAmber, BoardPins.LedRed),
                new PwmBuzzerFeedback(BoardPins.Buzzer),
            });

            // Until the boot sequence lands (configuration, Wi-Fi, list, reader), the terminal is unprovisioned:
            // it shows that pattern and refuses to check cards rather than guess.
            feedback.Show(Indication.Unprovisioned);
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
