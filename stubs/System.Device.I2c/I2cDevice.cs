// Reference stub: signatures only, each checked against ../shared/nanoframework/api/System.Device.I2c.txt.
namespace System.Device.I2c
{
    public enum I2cBusSpeed
    {
        StandardMode,
        FastMode,
        FastModePlus,
    }

    public enum I2cTransferStatus
    {
        UnknownError,
        FullTransfer,
        ClockStretchTimeout,
        PartialTransfer,
        SlaveAddressNotAcknowledged,
    }

    public struct I2cTransferResult
    {
        public I2cTransferStatus Status { get { throw null; } }
    }

    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed) { }
    }

    public class I2cDevice : IDisposable
    {
        public I2cDevice(I2cConnectionSettings settings) { }

        public static I2cDevice Create(I2cConnectionSettings settings) { throw null; }

        public I2cTransferResult Write(SpanByte buffer) { throw null; }

        public void Dispose() { }
    }
}
