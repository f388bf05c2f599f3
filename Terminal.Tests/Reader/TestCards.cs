using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Keys;
using Terminal.Drivers.Reader.Simulated;

namespace Terminal.Tests.Reader;

/// <summary>Masters, records and permit images shared by the reader tests.</summary>
internal static class TestCards
{
    public static readonly byte[] ReadMaster = Enumerable.Range(0x10, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] WriteMaster = Enumerable.Range(0x80, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] Uid = [0xDE, 0xAD, 0xBE, 0xEF];

    public static byte[] CoreRecord(byte seed = 1) => Enumerable.Range(0, PermitCardLayout.CoreRecordLength).Select(i => (byte)(i * 7 + seed)).ToArray();

    public static byte[] Tier2(int length = PermitCardLayout.Tier2Capacity) => Enumerable.Range(0, length).Select(i => (byte)(255 - i % 251)).ToArray();

    public static CardImage PermitImage(byte[]? uid = null, byte[]? core = null) =>
        PermitCardImages.Issue(uid ?? Uid, core ?? CoreRecord(), Tier2(), ReadMaster, WriteMaster, new HostHmacSha256());

    public static MifareClassicCard Permit(byte[]? uid = null) => SimulatedCards.FromImage(PermitImage(uid));

    public static SectorKeyDiversifier Diversifier() => new(new HostHmacSha256());

    public static byte[] KeyA(byte[] uid, int sector) => Derive(ReadMaster, MifareKeyType.KeyA, uid, sector);

    public static byte[] KeyB(byte[] uid, int sector) => Derive(WriteMaster, MifareKeyType.KeyB, uid, sector);

    public static DiversifiedReadKeys ReadKeys() => new(Diversifier(), ReadMaster);

    private static byte[] Derive(byte[] master, MifareKeyType type, byte[] uid, int sector)
    {
        var key = new byte[6];
        Assert.True(Diversifier().DeriveKey(master, type, uid, uid.Length, sector, key, 0));
        return key;
    }
}
