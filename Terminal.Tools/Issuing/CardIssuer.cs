using System.Security.Cryptography;
using Terminal.Core.Permits;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tools.Crypto;

namespace Terminal.Tools.Issuing;

/// <summary>The data areas of one issued card: the 48-byte core record (sector 1) and the tier-2 area (sectors 3–15).</summary>
public sealed record IssuedCard(byte[] Uid, byte[] CoreRecord, byte[] TierTwo);

/// <summary>
/// Issuing side (county public-security organ, 第十三条): encodes the core record with its tier-1 MAC and signs
/// core record ‖ UID ‖ SHA-512(personal data) with the authority's Ed25519 key.
/// </summary>
public static class CardIssuer
{
    public static IssuedCard Issue(CoreRecord record, PersonalData person, byte[] uid, byte[] macMasterKey, byte[] issuerSeed)
    {
        if (uid.Length is not (4 or 7))
        {
            throw new ArgumentException($"a MIFARE Classic UID is 4 or 7 bytes, not {uid.Length}");
        }

        var personal = person.Encode();
        if (personal.Length > TierTwoLayout.MaxPersonalDataLength)
        {
            throw new ArgumentException($"personal data is {personal.Length} bytes; the card holds {TierTwoLayout.MaxPersonalDataLength}");
        }

        int tierTwoLength = TierTwoLayout.PersonalDataOffset + personal.Length;
        record.TierTwoBlocks = (tierTwoLength + 15) / 16;
        var core = CoreRecordEncoder.Encode(record, macMasterKey, uid);

        var tierTwo = new byte[record.TierTwoBlocks * 16];
        tierTwo[TierTwoLayout.PersonalDataLengthOffset] = (byte)(personal.Length >> 8);
        tierTwo[TierTwoLayout.PersonalDataLengthOffset + 1] = (byte)personal.Length;
        personal.CopyTo(tierTwo, TierTwoLayout.PersonalDataOffset);
        Sign(core, uid, personal, issuerSeed).CopyTo(tierTwo, TierTwoLayout.SignatureOffset);
        return new IssuedCard(uid, core, tierTwo);
    }

    /// <summary>
    /// The whole card as personalised: core record in sectors 1–2, tier 2 in sectors 3–15, every sector keyed with key A
    /// from the read master and key B from the write master (the image the simulator loads and `card issue` writes).
    /// </summary>
    public static CardImage ToImage(IssuedCard issued, byte[] readMaster, byte[] writeMaster)
    {
        var coreArea = new byte[PermitCardLayout.CoreRecordLength];
        issued.CoreRecord.CopyTo(coreArea, 0);
        return PermitCardImages.Issue(issued.Uid, coreArea, issued.TierTwo, readMaster, writeMaster, new HostHmacSha256());
    }

    /// <summary>The issuer's signature over the message defined by <see cref="TierTwoLayout.BuildSignedMessage"/>.</summary>
    public static byte[] Sign(byte[] core, byte[] uid, byte[] personalData, byte[] issuerSeed)
    {
        var message = new byte[TierTwoLayout.MaxSignedMessageLength];
        int length = TierTwoLayout.BuildSignedMessage(core, 0, uid, uid.Length, SHA512.HashData(personalData), message);
        return Ed25519Signing.Sign(issuerSeed, message, 0, length);
    }
}
