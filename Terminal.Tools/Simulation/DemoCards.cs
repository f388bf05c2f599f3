using System.Security.Cryptography;
using Terminal.Core.Permits;
using Terminal.Core.Revocation;
using Terminal.Core.Rules;
using Terminal.Core.Time;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tools.Issuing;
using Terminal.Tools.Revocation;

namespace Terminal.Tools.Simulation;

/// <summary>One card of the demo set: what it is, what the terminal must say, and how to make it.</summary>
public sealed record DemoCard(string LabelZh, string LabelEn, VerdictCode Expected, bool ExpectForgeryAlert, SimulatedCard Card,
    int HoldForOperations = SimulatedField.Forever, CardImage? Image = null);

/// <summary>
/// A set of virtual cards covering every verdict, issued with the simulation's keys, and the signed revocation list
/// that goes with them. Dates are relative to <c>today</c> (Beijing), so the set means the same whenever it runs.
/// </summary>
public sealed class DemoCards
{
    private readonly SimulationKeys _keys;
    private readonly CivilDate _today;
    private readonly List<RevocationEntry> _revoked = [];
    private uint _nextUid = 0x04A20000;
    private long _nextPermit = 420100000001;

    public DemoCards(SimulationKeys keys, DateTimeOffset now)
    {
        _keys = keys;
        _today = CivilDate.BeijingDayOf(now.ToUnixTimeSeconds());
        Cards = Build();
    }

    public IReadOnlyList<DemoCard> Cards { get; }

    public IReadOnlyList<RevocationEntry> RevokedEntries => _revoked;

    /// <summary>The platform's signed list for this set (sequence 1, fresh, a week to the next update).</summary>
    public byte[] SignedList(long issuedAtUnixSeconds, ulong sequence = 1) => RevocationListBuilder.Build(_revoked,
        new ListParameters((uint)SimulationKeys.ListKeyId, sequence, issuedAtUnixSeconds, 7 * 86400, 30 * 86400), _keys.ListSeed);

    private List<DemoCard> Build()
    {
        var cards = new List<DemoCard>();
        void Add(string zh, string en, VerdictCode expected, CardImage image, bool alert = false) =>
            cards.Add(new DemoCard(zh, en, expected, alert, SimulatedCards.FromImage(image), Image: image));

        var valid = Issue(endorsedMonthsAgoFromToday: 9);
        Add("有效", "valid", VerdictCode.Valid, valid);
        Add("签注将到期", "endorsement due soon", VerdictCode.ValidEndorsementDueSoon, IssueEndorsedThrough(_today.AddDays(16)));
        Add("中止，可恢复", "suspended, restorable", VerdictCode.SuspendedRestorable, IssueEndorsedThrough(_today.AddDays(-14)));
        Add("中止逾三十日", "suspended, lapsed", VerdictCode.SuspendedLapsed, IssueEndorsedThrough(_today.AddDays(-84)));
        Add("期满未续签", "expired, cancelled", VerdictCode.Cancelled, IssueExpiredOn(_today.AddDays(-55)));

        // 第十二条: the holder replaced a lost card: generation 0 is on the list, generation 1 is the live card.
        long replacedPermit = _nextPermit++;
        Add("补领后旧卡", "replaced generation (old card)", VerdictCode.Revoked, Issue(permit: replacedPermit, generation: 0, reason: RevocationReason.ReplacedGeneration));
        Add("补领新卡", "replacement card (new generation)", VerdictCode.Valid, Issue(permit: replacedPermit, generation: 1));
        Add("注销：逾期未续签", "revoked: not renewed (17-3)", VerdictCode.Revoked, Issue(reason: RevocationReason.NotRenewedAfterSuspension));
        Add("注销：不符合条件", "revoked: no longer eligible (18-1)", VerdictCode.Revoked, Issue(reason: RevocationReason.NoLongerEligible));
        Add("注销：虚假材料", "revoked: false materials (18-2)", VerdictCode.Revoked, Issue(reason: RevocationReason.ObtainedWithFalseMaterials));
        Add("注销：其他情形", "revoked: other (18-3)", VerdictCode.Revoked, Issue(reason: RevocationReason.OtherCancellation));
        Add("冒用/伪造", "revoked: fraudulent use (19)", VerdictCode.Revoked, Issue(reason: RevocationReason.FraudulentUse));

        // A forger who stole a terminal's regional MAC key passes tier 1 but cannot sign as the issuer.
        var forged = Issue(issuerSeed: _keys.ForgerSeed);
        Add("伪造签名（首次）", "forged signature (first tap)", VerdictCode.Valid, forged, alert: true);
        Add("伪造签名（再次）", "forged signature (again)", VerdictCode.ForgeryAlert, forged);

        // The valid card's data on a magic card with another UID, re-keyed with a leaked read master: the MAC is bound to the UID.
        Add("克隆（改UID）", "clone with wrong UID", VerdictCode.NotAuthentic, Reissue(valid, NewUid()));
        // The same copy without re-keying: our UID-diversified keys do not open it.
        cards.Add(new DemoCard("克隆（原密钥）", "clone, original keys", VerdictCode.NotAPermit, false, SimulatedCards.MagicCloneWithUid(valid, NewUid())));
        Add("未知校验密钥", "unknown MAC key id", VerdictCode.NotAuthentic, Issue(macKeyId: 9));
        Add("数据损坏", "garbled record", VerdictCode.Unreadable, Garble(Issue()));
        cards.Add(new DemoCard("中途移开", "pulled away mid-read", VerdictCode.Unreadable, false, SimulatedCards.FromImage(Issue()), HoldForOperations: 3));
        cards.Add(new DemoCard("公交卡", "transit card (MIFARE)", VerdictCode.NotAPermit, false, SimulatedCards.Transit(NewUid())));
        cards.Add(new DemoCard("Ultralight卡", "Ultralight card", VerdictCode.NotAPermit, false, SimulatedCards.Ultralight(SimulatedCards.Uid7(_nextUid++))));
        cards.Add(new DemoCard("空白卡", "blank card", VerdictCode.NotAPermit, false, SimulatedCards.Blank(NewUid())));
        return cards;
    }

    private byte[] NewUid() => SimulatedCards.Uid4(_nextUid++);

    private CardImage Issue(int endorsedMonthsAgoFromToday = 9, long? permit = null, int generation = 0, RevocationReason reason = RevocationReason.None,
        byte[]? issuerSeed = null, int macKeyId = SimulationKeys.MacKeyId)
    {
        var issue = _today.AddMonths(-endorsedMonthsAgoFromToday);
        var record = Record(issue, issue.AddMonths(12), issue.AddMonths(36), permit ?? _nextPermit++, generation, macKeyId);
        if (reason != RevocationReason.None)
        {
            _revoked.Add(RevocationEntry.Of((ulong)record.PermitNumber, generation, reason, _today.AddDays(-20)));
        }

        return Image(record, NewUid(), issuerSeed ?? _keys.IssuerSeed);
    }

    /// <summary>A permit whose latest endorsement covers exactly through <paramref name="endorsedThrough"/> (issued 12 months before).</summary>
    private CardImage IssueEndorsedThrough(CivilDate endorsedThrough) =>
        Image(Record(endorsedThrough.AddMonths(-12), endorsedThrough, endorsedThrough.AddMonths(24), _nextPermit++, 0, SimulationKeys.MacKeyId), NewUid(), _keys.IssuerSeed);

    private CardImage IssueExpiredOn(CivilDate validityEnd) =>
        Image(Record(validityEnd.AddMonths(-36), validityEnd, validityEnd, _nextPermit++, 0, SimulationKeys.MacKeyId), NewUid(), _keys.IssuerSeed);

    private CoreRecord Record(CivilDate issue, CivilDate endorsedThrough, CivilDate validityEnd, long permit, int generation, int macKeyId) => new()
    {
        PermitNumber = permit,
        Generation = generation,
        IssuingAuthorityCode = 420111,
        IssueDate = issue,
        EndorsedThrough = endorsedThrough,
        ValidityEnd = validityEnd,
        ResidenceStart = issue.AddMonths(-36),
        IssuerKeyId = SimulationKeys.IssuerKeyId,
        MacKeyId = macKeyId,
    };

    private static PersonalData Person(long permit) => new("李四", 2, 1, "42010219900101" + (permit % 10000).ToString("D4"),
        "湖北省孝感市孝南区书院街1号", "湖北省武汉市洪山区珞喻路1037号", "武汉市公安局洪山区分局", SHA256.HashData(BitConverter.GetBytes(permit)));

    private CardImage Image(CoreRecord record, byte[] uid, byte[] issuerSeed)
    {
        var issued = CardIssuer.Issue(record, Person(record.PermitNumber), uid, _keys.RegionalMac, issuerSeed);
        return CardIssuer.ToImage(issued, _keys.ReadMaster, _keys.WriteMaster);
    }

    /// <summary>The same sector contents on a card with another UID, keyed for that UID (an attacker with the read master).</summary>
    private CardImage Reissue(CardImage original, byte[] uid)
    {
        var coreArea = original.Memory.AsSpan(PermitCardLayout.CoreRecordFirstSector * 64, 48).ToArray();
        var full = new byte[PermitCardLayout.CoreRecordLength];
        coreArea.CopyTo(full, 0);
        var tier2 = new byte[PermitCardLayout.Tier2Capacity];
        for (int i = 0; i < PermitCardLayout.Tier2Capacity / 16; i++)
        {
            int block = TierTwoLayout.BlockAt(i);
            Array.Copy(original.Memory, block * 16, tier2, i * 16, 16);
        }

        return PermitCardImages.Issue(uid, full, tier2, _keys.ReadMaster, _keys.WriteMaster, new HostHmacSha256());
    }

    /// <summary>Flips one stored bit of the core record without fixing its CRC: every read comes back garbled.</summary>
    private static CardImage Garble(CardImage image)
    {
        var memory = (byte[])image.Memory.Clone();
        memory[PermitCardLayout.CoreRecordFirstSector * 64 + 20] ^= 0x10;
        return new CardImage(image.Family, image.Uid, image.Atqa, image.Sak, memory, image.UidWritable);
    }
}
