// Reference stub: signatures only, each checked against ../shared/nanoframework/api/nanoFramework.Hardware.Esp32.txt.
// DeviceFunction values from nanoFramework.Hardware.Esp32 DeviceTypePins.cs: device type * 0x10000 + index * 0x100 + pin role.
namespace nanoFramework.Hardware.Esp32
{
    public enum DeviceFunction
    {
        SPI1_MOSI = 0x10100,
        SPI1_MISO = 0x10101,
        SPI1_CLOCK = 0x10102,
        I2C1_DATA = 0x20100,
        I2C1_CLOCK = 0x20101,
        PWM1 = 0x40100,
    }

    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) { }
    }
}
