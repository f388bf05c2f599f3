using System;
using System.Device.I2c;
using nanoFramework.Hardware.Esp32;

namespace Terminal.Drivers.Display.Esp32
{
    /// <summary>The SSD1306's I2C device on the ESP32: I2C1 on the given pins, fast mode (400 kHz).</summary>
    public sealed class I2cDisplayBus : IDisplayBus
    {
        public const int BusId = 1;

        private readonly I2cDevice _device;

        /// <summary>Assigns the pins their I2C1 functions (the ESP32 routes any pin through its matrix) and opens the device.</summary>
        public I2cDisplayBus(int dataPin, int clockPin, int address)
        {
            Configuration.SetPinFunction(dataPin, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(clockPin, DeviceFunction.I2C1_CLOCK);
            _device = I2cDevice.Create(new I2cConnectionSettings(BusId, address, I2cBusSpeed.FastMode));
        }

        public bool Write(byte[] buffer, int offset, int count)
        {
            try
            {
                I2cTransferResult result = _device.Write(new SpanByte(buffer, offset, count));
                return result.Status == I2cTransferStatus.FullTransfer;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
