// Reference stub: signatures only, each checked against ../shared/nanoframework/api/Iot.Device.Mfrc522.txt.
// Gain values from nanoFramework.IoT.Device devices/Mfrc522/RegisterElement/Gain.cs (RFCfgReg RxGain bits 6..4).
using System;
using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Card;
using Iot.Device.Rfid;

namespace Iot.Device.Mfrc522
{
    public enum Gain
    {
        G18dBa = 0x00,
        G23dBa = 0x10,
        G18dBb = 0x20,
        G23dBb = 0x30,
        G33dB = 0x40,
        G38dB = 0x50,
        G43dB = 0x60,
        G48dB = 0x70,
    }

    public class MfRc522 : CardTransceiver, IDisposable
    {
        public MfRc522(SpiDevice spiDevice, int pinReset, GpioController gpioController, bool shouldDispose) { }

        public Gain Gain { set { } }

        /// <summary>VersionReg: 1.0 for 0x91, 2.0 for 0x92, 0.0 for anything else (clones).</summary>
        public Version Version { get { throw null; } }

        public bool ListenToCardIso14443TypeA(out Data106kbpsTypeA card, TimeSpan timeout) { throw null; }

        public bool Halt() { throw null; }

        public void Dispose() { }
    }
}
