// Reference stub: signatures only, each checked against ../shared/nanoframework/api/System.Device.Gpio.txt.
namespace System.Device.Gpio
{
    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown,
    }

    public struct PinValue
    {
        public static PinValue High { get { throw null; } }

        public static PinValue Low { get { throw null; } }

        public static explicit operator bool(PinValue value) { throw null; }
    }

    public class GpioPin
    {
        internal GpioPin() { }

        public PinValue Read() { throw null; }

        public void Write(PinValue value) { throw null; }
    }

    public class GpioController
    {
        public GpioController() { }

        public GpioPin OpenPin(int pinNumber, PinMode mode) { throw null; }
    }
}
