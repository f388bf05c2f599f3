using System;
using System.Device.Pwm;
using System.Threading;
using nanoFramework.Hardware.Esp32;

namespace Terminal.Drivers.Feedback.Esp32
{
    /// <summary>
    /// A passive buzzer on a PWM pin playing <see cref="BuzzerPatterns"/>. Patterns play on a thread of their own so Show
    /// returns at once and the tap loop never waits for a beep; a new indication cuts the one still playing.
    /// </summary>
    public sealed class PwmBuzzerFeedback : IFeedback
    {
        private const double HalfDuty = 0.5;

        private readonly PwmChannel _channel;
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly object _gate = new object();
        private int[] _pattern = new int[0];
        private int _generation;

        /// <summary>Assigns the pin the PWM1 function (required before CreateFromPin on the ESP32) and starts the player.</summary>
        public PwmBuzzerFeedback(int pin)
        {
            Configuration.SetPinFunction(pin, DeviceFunction.PWM1);
            _channel = PwmChannel.CreateFromPin(pin, BuzzerPatterns.Middle, HalfDuty);
            _channel.Stop();
            new Thread(Play).Start();
        }

        public void Show(Indication indication)
        {
            lock (_gate)
            {
                _pattern = BuzzerPatterns.For(indication);
                _generation++;
            }

            _wake.Set();
        }

        private void Play()
        {
            while (true)
            {
                _wake.WaitOne();
                int[] pattern;
                int generation;
                lock (_gate)
                {
                    pattern = _pattern;
                    generation = _generation;
                }

                for (int i = 0; i + 1 < pattern.Length && generation == Generation(); i += 2)
                {
                    Sound(pattern[i]);
                    Thread.Sleep(pattern[i + 1]);
                }

                Sound(0);
            }
        }

        private int Generation()
        {
            lock (_gate)
            {
                return _generation;
            }
        }

        private void Sound(int frequency)
        {
            try
            {
                if (frequency <= 0)
                {
                    _channel.Stop();
                    return;
                }

                _channel.Frequency = frequency;
                _channel.DutyCycle = HalfDuty;
                _channel.Start();
            }
            catch (Exception)
            {
                // A buzzer fault must not take the player thread (or the terminal) down; the LEDs still show the verdict.
            }
        }
    }
}
