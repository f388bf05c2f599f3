namespace Terminal.Drivers.Crypto
{
    /// <summary>
    /// HMAC-SHA256 from the platform: native on the ESP32 (nanoFramework.System.Security.Cryptography), .NET on the host.
    /// Managed code on the device runs at interpreter speed, so every per-tap MAC goes through this one native call.
    /// </summary>
    public interface IHmacSha256
    {
        /// <summary>
        /// Writes HMAC-SHA256(key, message) (32 bytes) to output at outputOffset. The whole message array is MACed:
        /// the native API takes whole arrays, so callers keep exact-size buffers rather than passing a length.
        /// </summary>
        void Compute(byte[] key, byte[] message, byte[] output, int outputOffset);
    }
}
