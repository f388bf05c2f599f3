using System;
using System.Device.Gpio;
using System.Device.Spi;
using Iot.Device.Mfrc522;
using nanoFramework.Hardware.Esp32;
using nanoFramework.TestFramework;
using Terminal.Device;

namespace Terminal.Tests.Device
{
    /// <summary>
    /// The RC522 wired as in hardware/ (pins from <see cref="BoardPins"/>): the chip answers on SPI and its VersionReg
    /// (0x37) reads 0x91 or 0x92, which the MfRc522 driver reports as version 1.0 or 2.0. Clones that report 0.0 may
    /// still read cards (the driver's README says so); this test names them so the technician knows which part is fitted.
    /// </summary>
    [TestClass]
    public class ReaderSelfTests
    {
        [TestMethod]
        public void Rc522_answers_with_a_known_version()
        {
            Configuration.SetPinFunction(BoardPins.ReaderMosi, DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(BoardPins.ReaderMiso, DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(BoardPins.ReaderClock, DeviceFunction.SPI1_CLOCK);
            SpiConnectionSettings settings = new SpiConnectionSettings(1, BoardPins.ReaderChipSelect);
            settings.ClockFrequency = 5000000;
            MfRc522 reader = new MfRc522(SpiDevice.Create(settings), BoardPins.ReaderReset, new GpioController(), true);
            try
            {
                Version version = reader.Version;
                OutputHelper.WriteLine(string.Concat("RC522 version ", version.ToString()));
                Assert.IsTrue(version.Major == 1 || version.Major == 2,
                    "VersionReg is not 0x91/0x92: check wiring (SDA on GPIO 5, RST on GPIO 22, 3.3 V) or note a clone chip");
            }
            finally
            {
                reader.Dispose();
            }
        }
    }
}
