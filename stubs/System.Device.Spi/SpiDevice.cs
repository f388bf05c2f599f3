// Reference stub: signatures only, each checked against ../shared/nanoframework/api/System.Device.Spi.txt.
namespace System.Device.Spi
{
    public sealed class SpiConnectionSettings
    {
        public SpiConnectionSettings(int busId, int chipSelectLine) { }

        public int ClockFrequency { get { throw null; } set { } }
    }

    public class SpiDevice
    {
        internal SpiDevice() { }

        public static SpiDevice Create(SpiConnectionSettings settings) { throw null; }
    }
}
