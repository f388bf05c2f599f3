namespace Terminal.Drivers.Crypto.Host
{
    /// <summary>HMAC-SHA256 from .NET, for the simulator and tests.</summary>
    public sealed class HostHmacSha256 : IHmacSha256
    {
        public void Compute(byte[] key, byte[] message, byte[] output, int outputOffset)
        {
            System.Security.Cryptography.HMACSHA256.HashData(key, message, System.MemoryExtensions.AsSpan(output, outputOffset, 32));
        }
    }
}
