using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Keys;

namespace Terminal.Tests.Reader;

public sealed class SectorKeyDiversifierTests
{
    private static readonly byte[] ReadMaster = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    /// <summary>The documented derivation, recomputed with .NET's HMACSHA256 independently of the implementation.</summary>
    private static byte[] Expected(byte[] master, char letter, byte[] uid, int sector)
    {
        var message = new byte[22];
        Encoding.ASCII.GetBytes("HBJZ-MFK").CopyTo(message, 0);
        message[8] = 1;
        message[9] = (byte)letter;
        message[10] = (byte)sector;
        message[11] = (byte)uid.Length;
        uid.CopyTo(message, 12);
        return HMACSHA256.HashData(master, message)[..6];
    }

    [Fact]
    public void Key_A_is_the_documented_HMAC_prefix()
    {
        var diversifier = new SectorKeyDiversifier(new HostHmacSha256());
        byte[] uid = [0x1A, 0x2B, 0x3C, 0x4D];
        var key = new byte[8];
        Assert.True(diversifier.DeriveKey(ReadMaster, MifareKeyType.KeyA, uid, 4, 5, key, 2));
        Assert.Equal(Expected(ReadMaster, 'A', uid, 5), key[2..8]);
        Assert.Equal(0, key[0] | key[1]);
    }

    [Fact]
    public void Every_uid_sector_and_key_letter_matches_the_recomputation()
    {
        var gen = Gen.Select(Gen.Byte.Array[32], Gen.OneOf(Gen.Byte.Array[4], Gen.Byte.Array[7], Gen.Byte.Array[10]), Gen.Int[0, 15], Gen.Bool);
        gen.Sample((master, uid, sector, isB) =>
        {
            // One diversifier per sample: it reuses its buffers, so it is not shared between threads.
            var diversifier = new SectorKeyDiversifier(new HostHmacSha256());
            var key = new byte[6];
            Assert.True(diversifier.DeriveKey(master, isB ? MifareKeyType.KeyB : MifareKeyType.KeyA, uid, uid.Length, sector, key, 0));
            Assert.Equal(Expected(master, isB ? 'B' : 'A', uid, sector), key);
        }, iter: 300);
    }

    [Fact]
    public void Keys_differ_per_sector_per_card_and_per_letter()
    {
        var diversifier = new SectorKeyDiversifier(new HostHmacSha256());
        var seen = new HashSet<string>();
        foreach (var uid in new[] { new byte[] { 1, 2, 3, 4 }, new byte[] { 1, 2, 3, 5 }, new byte[] { 1, 2, 3, 4, 0, 0, 0 } })
        {
            for (int sector = 0; sector < 16; sector++)
            {
                foreach (var letter in new[] { MifareKeyType.KeyA, MifareKeyType.KeyB })
                {
                    var key = new byte[6];
                    Assert.True(diversifier.DeriveKey(ReadMaster, letter, uid, uid.Length, sector, key, 0));
                    Assert.True(seen.Add(Convert.ToHexString(key)));
                }
            }
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_without_touching_the_output()
    {
        var diversifier = new SectorKeyDiversifier(new HostHmacSha256());
        var key = new byte[6];
        byte[] uid = [1, 2, 3, 4];
        Assert.False(diversifier.DeriveKey(new byte[15], MifareKeyType.KeyA, uid, 4, 1, key, 0));
        Assert.False(diversifier.DeriveKey(ReadMaster, MifareKeyType.KeyA, uid, 5, 1, key, 0));
        Assert.False(diversifier.DeriveKey(ReadMaster, MifareKeyType.KeyA, uid, 7, 1, key, 0));
        Assert.False(diversifier.DeriveKey(ReadMaster, MifareKeyType.KeyA, uid, 4, 16, key, 0));
        Assert.False(diversifier.DeriveKey(ReadMaster, MifareKeyType.KeyA, uid, 4, -1, key, 0));
        Assert.False(diversifier.DeriveKey(ReadMaster, MifareKeyType.KeyA, uid, 4, 1, key, 1));
        Assert.All(key, b => Assert.Equal(0, b));
    }

    [Fact]
    public void Read_key_source_gives_key_A_of_the_read_master()
    {
        var diversifier = new SectorKeyDiversifier(new HostHmacSha256());
        var source = new DiversifiedReadKeys(diversifier, ReadMaster);
        byte[] uid = [9, 8, 7, 6, 5, 4, 3];
        var key = new byte[6];
        Assert.True(source.GetKey(uid, 7, 2, key, out var keyType));
        Assert.Equal(MifareKeyType.KeyA, keyType);
        Assert.Equal(Expected(ReadMaster, 'A', uid, 2), key);
    }
}
