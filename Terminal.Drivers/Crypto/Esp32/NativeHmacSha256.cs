using System;
using System.Security.Cryptography;

namespace Terminal.Drivers.Crypto.Esp32
{
    /// <summary>HMAC-SHA256 computed by the firmware's native (mbedTLS) implementation.</summary>
    public sealed class NativeHmacSha256 : IHmacSha256
    {
        public void Compute(byte[] key, byte[] message, byte[] output, int outputOffset)
        {
            byte[] mac = HMACSHA256.HashData(key, message);
            Array.Copy(mac, 0, output, outputOffset, 32);
        }
    }
}
