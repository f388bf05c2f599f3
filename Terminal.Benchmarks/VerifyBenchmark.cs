using System.Diagnostics;
using Terminal.Core.Crypto;
using Terminal.Core.Permits;
using Terminal.Core.Time;
using Terminal.Drivers.Crypto.Host;
using Terminal.Tools.Crypto;
using Terminal.Tools.Issuing;

namespace Terminal.Benchmarks;

/// <summary>
/// Both authenticity tiers on an issued card, on the host: tier 1 (decode + per-card HMAC, every tap) and tier 2
/// (Ed25519 over core ‖ UID ‖ SHA-512(personal data), background), with field multiplications per tier-2 check and
/// the bytes tier 1 allocates per tap (native HMAC on the device; .NET's here).
/// </summary>
public sealed class VerifyBenchmark : IBenchmark
{
    public string Name => "verify";

    public string Description => "tier-1 and tier-2 card verification: field mults, host µs, tier-1 allocations";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args)
    {
        var today = CivilDate.FromYmd(2026, 11, 24);
        var issuerSeed = Ed25519Signing.NewPrivateSeed();
        var macKey = new byte[32];
        Random.Shared.NextBytes(macKey);
        var uid = new byte[] { 0x04, 0xA2, 0x19, 0x7C };
        var record = new CoreRecord
        {
            PermitNumber = 420100000001, Generation = 1, IssuingAuthorityCode = 420111, IssueDate = today.AddMonths(-3),
            EndorsedThrough = today.AddMonths(9), ValidityEnd = today.AddMonths(33), ResidenceStart = today.AddMonths(-40), IssuerKeyId = 1, MacKeyId = 1,
        };
        var person = new PersonalData("王五", 1, 1, "420102199001011234", "湖北省宜昌市西陵区某路8号", "湖北省武汉市武昌区中南路99号", "武汉市公安局武昌分局", new byte[32]);
        var card = CardIssuer.Issue(record, person, uid, macKey, issuerSeed);

        var tierOne = new TierOneAuthenticator(new HostHmacSha256(), [new MacMasterKey(1, macKey, today.AddDays(-1000), today.AddDays(1000))]);
        var decoded = new CoreRecord();
        var ring = new KeyRing();
        ring.Add(new TrustedKey(1, KeyUsage.CardIssuer, Ed25519Signing.PublicKeyOf(issuerSeed), today.DayNumber - 1000, today.DayNumber + 1000));
        var table = Ed25519PublicKey.Create(Ed25519Signing.PublicKeyOf(issuerSeed), 0);
        var tierTwo = new TierTwoVerifier(ring, new Ed25519Verifier([table], false));

        bool TierOne() => CoreRecordCodec.Decode(card.CoreRecord, 0, CoreRecordLayout.Length, decoded) == RecordStatus.Ok
                          && tierOne.Check(card.CoreRecord, 0, decoded.MacKeyId, uid, 4, today) == TierOneStatus.Authentic;
        bool TierTwo() => tierTwo.Verify(card.CoreRecord, 0, uid, 4, card.TierTwo, card.TierTwo.Length, 1, today) == TierTwoStatus.Verified;

        if (!TierOne() || !TierTwo())
        {
            throw new InvalidOperationException("the benchmark card does not verify");
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        const int allocationProbe = 1000;
        for (int i = 0; i < allocationProbe; i++)
        {
            TierOne();
        }

        long allocated = (GC.GetAllocatedBytesForCurrentThread() - before) / allocationProbe;

        long multsBefore = Ed25519.FieldMultiplications;
        TierTwo();
        long mults = Ed25519.FieldMultiplications - multsBefore;

        double tierOneUs = Median(() => TierOne(), 20000);
        double tierTwoUs = Median(() => TierTwo(), 300);
        Console.WriteLine($"tier 1: {tierOneUs:0.00} µs (decode + 2 HMAC-SHA256), tier 2: {tierTwoUs:0.0} µs, {mults} field multiplications, {card.TierTwo.Length} tier-2 bytes");
        return [[
            Program.Pair("field_mults", mults), Program.Pair("tier2_host_us", tierTwoUs), Program.Pair("tier1_host_us", tierOneUs),
            Program.Pair("allocations_bytes", allocated),
        ]];
    }

    /// <summary>Median over 9 batches of the mean time per call, in microseconds (robust to a noisy machine).</summary>
    private static double Median(Func<bool> body, int callsPerBatch)
    {
        var batches = new double[9];
        for (int b = 0; b < batches.Length; b++)
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < callsPerBatch; i++)
            {
                body();
            }

            batches[b] = sw.Elapsed.TotalMicroseconds / callsPerBatch;
        }

        Array.Sort(batches);
        return batches[batches.Length / 2];
    }
}
