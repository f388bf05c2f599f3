using System;
using System.Device.Gpio;

namespace Terminal.Drivers.Input.Esp32
{
    /// <summary>A push button to ground on a GPIO with the internal pull-up (not GPIO 0: held at reset it starts the ESP32's serial bootloader): held reads low.</summary>
    public sealed class GpioSelfTestButton : ISelfTestButton
    {
        private readonly GpioPin _pin;

        public GpioSelfTestButton(GpioController gpio, int pin)
        {
            try
            {
                _pin = gpio.OpenPin(pin, PinMode.InputPullUp);
            }
            catch (Exception)
            {
                _pin = null;
            }
        }

        public bool IsHeld
        {
            get { return _pin != null && !(bool)_pin.Read(); }
        }
    }
}
