// Reference stub: signatures only, each checked against ../shared/nanoframework/api/System.Device.Pwm.txt.
namespace System.Device.Pwm
{
    public sealed class PwmChannel
    {
        internal PwmChannel() { }

        public static PwmChannel CreateFromPin(int pin, int frequency, double dutyCyclePercentage) { throw null; }

        public int Frequency { set { } }

        public double DutyCycle { set { } }

        public void Start() { }

        public void Stop() { }
    }
}
