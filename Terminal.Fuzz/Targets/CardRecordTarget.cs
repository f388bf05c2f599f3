using Terminal.Core.Crypto;
using Terminal.Core.Permits;
using Terminal.Core.Time;
using Terminal.Drivers.Crypto.Host;
using Terminal.Tools.Issuing;

namespace Terminal.Fuzz.Targets;

/// <summary>
/// What a card hands the terminal on a tap, as the tap pipeline uses it: the core record decoder
/// (<see cref="CoreRecordCodec"/>), the tier-1 MAC check and the tier-2 layout and signature check
/// (<see cref="TierTwoVerifier"/>). Input: byte 0 = UID length (4 or 7 from a real reader; anything else must be
/// refused as BadUid), bytes 1..7 = UID, bytes 8..55 = core record (sector 1), then the tier-2 area as read (sectors
/// 3..15, possibly cut short: a card pulled mid-read). Each input runs twice: as given, and "repaired" (CRC and
/// tier-1 MAC recomputed with the fuzz key) so that mutations reach the field checks and tier 2 instead of stopping
/// at the checksum.
/// </summary>
public sealed class CardRecordTarget : IFuzzTarget
{
    private const int UidOffset = 1;
    private const int CoreOffset = 8;
    private const int TierTwoOffset = CoreOffset + CoreRecordLayout.Length;

    private readonly TierOneAuthenticator _tierOne;
    private readonly TierTwoVerifier _tierTwo;
    private readonly CoreRecord _record = new();
    private readonly byte[] _uid = new byte[7];
    private readonly byte[] _tierTwoArea = new byte[TierTwoLayout.Capacity];
    private readonly byte[] _mac = new byte[32];

    public CardRecordTarget()
    {
        var macKeys = new[] { new MacMasterKey(FuzzKeys.MacKeyId, FuzzKeys.RegionalMac, FuzzKeys.ValidFrom, FuzzKeys.ValidUntil) };
        _tierOne = new TierOneAuthenticator(new HostHmacSha256(), macKeys);
        // As TerminalCore wires it: issuer keys expanded once, unknown keys never expanded on a tap.
        var issuerTable = Ed25519PublicKey.Create(FuzzKeys.IssuerPublic, 0);
        _tierTwo = new TierTwoVerifier(FuzzKeys.Ring(), new Ed25519Verifier([issuerTable], false));
    }

    public string Name => "card";

    public string Description => "core record decoder, tier-1 MAC, tier-2 layout and signature (what a tapped card supplies)";

    public IReadOnlyList<int> FieldOffsets { get; } =
        [0, CoreOffset + CoreRecordLayout.TierTwoBlocksOffset, CoreOffset + CoreRecordLayout.IssuerKeyIdOffset,
         CoreOffset + CoreRecordLayout.MacKeyIdOffset, TierTwoOffset + TierTwoLayout.PersonalDataLengthOffset];

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[] data = input.ToArray();
        Tap(data);
        if (data.Length >= TierTwoOffset && (data[0] == 4 || data[0] == 7))
        {
            Repair(data);
            Tap(data);
        }
    }

    private void Tap(byte[] data)
    {
        int uidLength = data.Length > 0 ? data[0] : 0;
        Array.Clear(_uid);
        int uidBytes = Math.Clamp(data.Length - UidOffset, 0, 7);
        Array.Copy(data, Math.Min(UidOffset, data.Length), _uid, 0, uidBytes);

        // The codec must refuse short buffers itself: give it what there is.
        int coreAvailable = Math.Max(0, data.Length - CoreOffset);
        RecordStatus status = CoreRecordCodec.Decode(data, Math.Min(CoreOffset, data.Length), coreAvailable, _record);
        if (status != RecordStatus.Ok)
        {
            return;
        }

        TierOneStatus tierOne = _tierOne.Check(data, CoreOffset, _record.MacKeyId, _uid, uidLength, FuzzKeys.Today);
        if (tierOne == TierOneStatus.BadUid)
        {
            return; // the reader only ever reports 4- or 7-byte UIDs; the pipeline stops here
        }

        // Tier 2 as TapPipeline.ReadTierTwo bounds it: whole sectors from sector 3, never past sector 15.
        int blocks = _record.TierTwoBlocks;
        int sectors = (blocks + 2) / 3;
        if (blocks == 0 || TierTwoLayout.FirstSector + sectors - 1 > TierTwoLayout.LastSector)
        {
            return;
        }

        Array.Clear(_tierTwoArea);
        int tierTwoAvailable = Math.Clamp(data.Length - TierTwoOffset, 0, _tierTwoArea.Length);
        Array.Copy(data, Math.Min(TierTwoOffset, data.Length), _tierTwoArea, 0, tierTwoAvailable);
        _tierTwo.Verify(data, CoreOffset, _uid, uidLength, _tierTwoArea, blocks * 16, _record.IssuerKeyId, FuzzKeys.Today);
    }

    /// <summary>Recomputes the tier-1 MAC (fuzz regional key) and the CRC, as a forger holding that key would.</summary>
    private void Repair(byte[] data)
    {
        Array.Copy(data, UidOffset, _uid, 0, 7);
        _tierOne.ComputeMac(FuzzKeys.RegionalMac, data, CoreOffset, _uid, data[0], _mac);
        Array.Copy(_mac, 0, data, CoreOffset + CoreRecordLayout.MacOffset, CoreRecordLayout.MacLength);
        Fixups.SealCoreRecordCrc(data, CoreOffset);
    }

    public IReadOnlyList<(string Name, byte[] Data)> Seeds()
    {
        var seeds = new List<(string, byte[])>();
        byte[] uid4 = [0x3A, 0x91, 0x0C, 0x5E];
        byte[] uid7 = [0x04, 0x22, 0x6B, 0x1A, 0x80, 0x3C, 0x91];
        var valid = Issue(uid4, Person("张伟"), 1);
        seeds.Add(("valid-uid4", valid));
        seeds.Add(("valid-uid7", Issue(uid7, Person("李娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜"), 2)));
        seeds.Add(("pulled-after-core", valid[..TierTwoOffset]));
        seeds.Add(("pulled-mid-tier2", valid[..(TierTwoOffset + 70)]));
        seeds.Add(("truncated-core", valid[..(CoreOffset + 30)]));
        var garbled = (byte[])valid.Clone();
        garbled[CoreOffset + 6] ^= 0x10;
        seeds.Add(("garbled-crc", garbled));
        var forged = (byte[])valid.Clone();
        forged[TierTwoOffset + 5] ^= 0x01;
        seeds.Add(("forged-signature", forged));
        var cloned = (byte[])valid.Clone();
        cloned[UidOffset] ^= 0xFF;
        seeds.Add(("other-uid", cloned));
        seeds.Add(("unknown-issuer-key", Issue(uid4, Person("王芳"), 1, issuerKeyId: 9)));
        seeds.Add(("blank", new byte[TierTwoOffset + 64]));
        return seeds;
    }

    private static byte[] Issue(byte[] uid, PersonalData person, int generation, int issuerKeyId = (int)FuzzKeys.IssuerKeyId)
    {
        var record = new CoreRecord
        {
            PermitNumber = 420100000123,
            Generation = generation,
            IssuingAuthorityCode = 420102,
            IssueDate = CivilDate.FromYmd(2025, 6, 1),
            ValidityEnd = CivilDate.FromYmd(2028, 5, 31),
            EndorsedThrough = CivilDate.FromYmd(2026, 5, 31),
            ResidenceStart = CivilDate.FromYmd(2024, 1, 15),
            IssuerKeyId = issuerKeyId,
            MacKeyId = FuzzKeys.MacKeyId,
        };
        var card = CardIssuer.Issue(record, person, uid, FuzzKeys.RegionalMac, FuzzKeys.IssuerSeed);
        var input = new byte[TierTwoOffset + card.TierTwo.Length];
        input[0] = (byte)uid.Length;
        uid.CopyTo(input, UidOffset);
        card.CoreRecord.CopyTo(input, CoreOffset);
        card.TierTwo.CopyTo(input, TierTwoOffset);
        return input;
    }

    private static PersonalData Person(string name) =>
        new(name, 1, 1, "420102199001011234", "湖北省武汉市江岸区", "湖北省武汉市洪山区", "武汉市公安局江岸分局", new byte[32]);
}
