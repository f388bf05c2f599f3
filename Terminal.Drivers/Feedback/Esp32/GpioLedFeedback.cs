using System.Device.Gpio;

namespace Terminal.Drivers.Feedback.Esp32
{
    /// <summary>Three LEDs on GPIO pins (active high), one per colour.</summary>
    public sealed class GpioLedFeedback : IFeedback
    {
        private readonly GpioPin _green;
        private readonly GpioPin _amber;
        private readonly GpioPin _red;

        public GpioLedFeedback(int greenPin, int amberPin, int redPin)
        {
            GpioController controller = new GpioController();
            _green = controller.OpenPin(greenPin, PinMode.Output);
            _amber = controller.OpenPin(amberPin, PinMode.Output);
            _red = controller.OpenPin(redPin, PinMode.Output);
        }

        public void Show(Indication indication)
        {
            bool green = false, amber = false, red = false;
            switch (indication)
            {
                case Indication.Accepted: green = true; break;
                case Indication.AcceptedWithWarning: green = true; amber = true; break;
                case Indication.Refused: red = true; break;
                case Indication.TapAgain: amber = true; break;
                case Indication.ForgeryAlert: red = true; amber = true; break;
                case Indication.Unprovisioned: green = true; amber = true; red = true; break;
                case Indication.Fault: amber = true; break;
            }

            _green.Write(green ? PinValue.High : PinValue.Low);
            _amber.Write(amber ? PinValue.High : PinValue.Low);
            _red.Write(red ? PinValue.High : PinValue.Low);
        }
    }
}
