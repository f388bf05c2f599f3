using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Tools.Crypto;

namespace Terminal.Fuzz;

/// <summary>
/// Fixed, public test keys for the harnesses and the seed corpus: the corpus is reproducible byte for byte and its
/// signatures verify in the harnesses, so the fuzzer starts from inputs that reach the deepest code. Never real keys.
/// </summary>
public static class FuzzKeys
{
    public const uint IssuerKeyId = 1;
    public const uint ListKeyId = 7;
    public const int MacKeyId = 1;
    public const uint ConfigKeyId = 30;

    public static readonly byte[] IssuerSeed = Fill(0x11);
    public static readonly byte[] ListSeed = Fill(0x71);
    public static readonly byte[] RegionalMac = Fill(0x31);
    public static readonly byte[] SectorReadMaster = Fill(0x51);
    public static readonly byte[] ConfigSeed = Fill(0xC1);

    /// <summary>The harnesses' "today" (Beijing): inside every key's window.</summary>
    public static readonly CivilDate Today = CivilDate.FromYmd(2026, 3, 2);

    public static readonly CivilDate ValidFrom = CivilDate.FromYmd(2025, 1, 1);
    public static readonly CivilDate ValidUntil = CivilDate.FromYmd(2030, 12, 31);

    /// <summary>Issued-at of the corpus lists: 2026-03-02 08:00 Beijing.</summary>
    public static readonly long ListIssuedAt = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();

    public static byte[] IssuerPublic => Ed25519Signing.PublicKeyOf(IssuerSeed);

    public static byte[] ListPublic => Ed25519Signing.PublicKeyOf(ListSeed);

    public static byte[] ConfigPublic => Ed25519Signing.PublicKeyOf(ConfigSeed);

    /// <summary>A key ring as a provisioned terminal holds it: one card issuer, one list signer.</summary>
    public static KeyRing Ring()
    {
        var ring = new KeyRing();
        ring.Add(new TrustedKey(IssuerKeyId, KeyUsage.CardIssuer, IssuerPublic, ValidFrom.DayNumber, ValidUntil.DayNumber));
        ring.Add(new TrustedKey(ListKeyId, KeyUsage.ListSigner, ListPublic, ValidFrom.DayNumber, ValidUntil.DayNumber));
        return ring;
    }

    private static byte[] Fill(byte first) => Enumerable.Range(0, 32).Select(i => (byte)(first + i)).ToArray();
}
