using System.Security.Cryptography;
using Terminal.Posix;

namespace Terminal.Tests.Posix;

/// <summary>The posix path's managed HMAC-SHA256 (the native one's stand-in on the nanoCLR's Linux build) against .NET's.</summary>
public sealed class ManagedHmacSha256Tests
{
    [Theory]
    // RFC 4231 test case 1 and 2.
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void Matches_the_RFC_4231_vectors(string keyHex, string messageHex, string macHex)
    {
        var mac = new byte[32];
        new ManagedHmacSha256().Compute(Convert.FromHexString(keyHex), Convert.FromHexString(messageHex), mac, 0);
        Assert.Equal(macHex, Convert.ToHexStringLower(mac));
    }

    [Fact]
    public void Equals_dotnet_for_key_and_message_lengths_around_the_block_boundaries()
    {
        var random = new Random(18);
        var hmac = new ManagedHmacSha256();
        foreach (int keyLength in new[] { 0, 1, 16, 32, 55, 63, 64, 65, 100, 131 })
        {
            for (int messageLength = 0; messageLength <= 140; messageLength++)
            {
                var key = new byte[keyLength];
                var message = new byte[messageLength];
                random.NextBytes(key);
                random.NextBytes(message);
                var output = new byte[40];
                hmac.Compute(key, message, output, 5);
                Assert.Equal(HMACSHA256.HashData(key, message), output[5..37]);
                Assert.All(output[..5].Concat(output[37..]), b => Assert.Equal(0, b)); // writes exactly 32 bytes at the offset
            }
        }
    }

    [Fact]
    public void Its_plain_hash_equals_SHA256()
    {
        var data = new byte[1000];
        new Random(7).NextBytes(data);
        var digest = new byte[32];
        new ManagedHmacSha256().Hash(data, 3, 997, digest, 0);
        Assert.Equal(SHA256.HashData(data.AsSpan(3, 997)), digest);
    }
}
