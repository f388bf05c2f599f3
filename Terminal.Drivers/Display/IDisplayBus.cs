namespace Terminal.Drivers.Display
{
    /// <summary>
    /// One I2C device (the panel's controller at its address): each call is one write transaction, START, address,
    /// bytes, STOP. The ESP32 adapter is over System.Device.I2c; the host's is an emulated SSD1306.
    /// </summary>
    public interface IDisplayBus
    {
        /// <summary>Writes <paramref name="count"/> bytes in one transaction; false when the device did not acknowledge all of them.</summary>
        bool Write(byte[] buffer, int offset, int count);
    }
}
