using Terminal.Core.Crypto;
using Terminal.Core.Permits;
using Terminal.Core.Revocation;
using Terminal.Core.Time;
using Terminal.Drivers.Crypto.Host;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Keys;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tools.Crypto;
using Terminal.Tools.Keys;

namespace Terminal.Tools.Issuing;

/// <summary>The keys `card inspect` may check a card against; each check is skipped when its key is not given.</summary>
public sealed record InspectionKeys(SecretKeyFile? MacMaster, KeyFile? Issuer, SecretKeyFile? ReadMaster);

/// <summary>
/// Decodes a card image the way a terminal reads it (core record: CRC first, then magic, version, fields) and checks
/// what it can: tier-1 MAC under a regional master, tier-2 signature under an issuer public key, sector keys A under a
/// read master. Produces the lines `card inspect` prints and the list of failed checks (exit code 3 when not empty).
/// </summary>
public static class CardInspection
{
    public static List<string> Inspect(CardImage image, InspectionKeys keys, CivilDate today, List<string> lines)
    {
        var failures = new List<string>();
        lines.Add("card:            " + image.Family + ", UID " + Convert.ToHexString(image.Uid) + " (" + image.Uid.Length + " bytes), ATQA " + image.Atqa.ToString("X4") + ", SAK " + image.Sak.ToString("X2"));
        if (image.Family != CardFamily.MifareClassic1K)
        {
            failures.Add("not a MIFARE Classic 1K card: no permit record");
            return failures;
        }

        var core = image.Memory.AsSpan(PermitCardLayout.CoreRecordFirstSector * 64, CoreRecordLayout.Length).ToArray();
        var record = new CoreRecord();
        var status = CoreRecordCodec.Decode(core, 0, core.Length, record);
        lines.Add("core record:     " + status switch
        {
            RecordStatus.Ok => "CRC-32 ok, layout version " + core[CoreRecordLayout.VersionOffset],
            RecordStatus.ChecksumMismatch => "CRC-32 MISMATCH (garbled or altered; a terminal says UNREADABLE)",
            RecordStatus.NotAPermit => "no permit magic (not a residence-permit card)",
            RecordStatus.UnsupportedVersion => "unknown layout version " + core[CoreRecordLayout.VersionOffset],
            _ => "a field is outside its domain (" + status + ")",
        });
        if (status != RecordStatus.Ok)
        {
            failures.Add("core record: " + status);
            return failures;
        }

        lines.Add("permit number:   " + CardKey.FormatPermitNumber((ulong)record.PermitNumber) + " generation " + record.Generation);
        lines.Add("authority code:  " + record.IssuingAuthorityCode);
        lines.Add("issue date:      " + record.IssueDate);
        lines.Add("endorsed to:     " + record.EndorsedThrough + " (latest annual endorsement)");
        lines.Add("validity end:    " + record.ValidityEnd);
        lines.Add("residence start: " + record.ResidenceStart);
        lines.Add("key ids:         issuer " + record.IssuerKeyId + ", MAC " + record.MacKeyId + "; tier 2: " + record.TierTwoBlocks + " blocks");

        CheckMac(image, core, record, keys.MacMaster, today, lines, failures);
        CheckTierTwo(image, core, record, keys.Issuer, today, lines, failures);
        CheckSectorKeys(image, keys.ReadMaster, lines, failures);
        return failures;
    }

    private static void CheckMac(CardImage image, byte[] core, CoreRecord record, SecretKeyFile? master, CivilDate today, List<string> lines, List<string> failures)
    {
        if (master is null)
        {
            lines.Add("tier-1 MAC:      not checked (give --mac-master)");
            return;
        }

        var authenticator = new TierOneAuthenticator(new HostHmacSha256(), [new MacMasterKey((int)master.KeyId, master.Secret, master.ValidFrom, master.ValidUntil)]);
        var result = authenticator.Check(core, 0, record.MacKeyId, image.Uid, image.Uid.Length, today);
        lines.Add("tier-1 MAC:      " + result switch
        {
            TierOneStatus.Authentic => "ok (regional-mac key " + master.KeyId + ", bound to UID " + Convert.ToHexString(image.Uid) + ")",
            TierOneStatus.UnknownKey => "FAILED: the card names MAC key " + record.MacKeyId + ", the given master is key " + master.KeyId,
            TierOneStatus.KeyNotValidToday => "FAILED: MAC key " + master.KeyId + " is not valid on " + today + " (" + master.ValidFrom + " .. " + master.ValidUntil + ")",
            TierOneStatus.MacMismatch => "FAILED: MAC mismatch (record altered or copied to another UID; a terminal says NOT_AUTHENTIC)",
            _ => "FAILED: " + result,
        });
        if (result != TierOneStatus.Authentic)
        {
            failures.Add("tier-1 MAC: " + result);
        }
    }

    private static void CheckTierTwo(CardImage image, byte[] core, CoreRecord record, KeyFile? issuer, CivilDate today, List<string> lines, List<string> failures)
    {
        var tierTwo = ReadTierTwo(image, record.TierTwoBlocks);
        int personalLength = tierTwo.Length >= TierTwoLayout.PersonalDataOffset ? (tierTwo[TierTwoLayout.PersonalDataLengthOffset] << 8) | tierTwo[TierTwoLayout.PersonalDataLengthOffset + 1] : -1;
        if (personalLength >= 0 && personalLength <= tierTwo.Length - TierTwoLayout.PersonalDataOffset)
        {
            var person = PersonalData.Decode(tierTwo.AsSpan(TierTwoLayout.PersonalDataOffset, personalLength), out string problem);
            lines.Add(person is null
                ? "personal data:   undecodable (" + problem + ")"
                : "personal data:   " + person.Name + ", sex " + person.Sex + ", ethnicity " + person.Ethnicity.ToString("D2") + ", citizen id " + person.CitizenId);
            if (person is not null)
            {
                lines.Add("  hukou address:   " + person.HukouAddress);
                lines.Add("  current address: " + person.CurrentAddress);
                lines.Add("  issued by:       " + person.IssuingAuthorityName);
            }
        }

        if (issuer is null)
        {
            lines.Add("tier-2 signature: not checked (give --issuer-key)");
            return;
        }

        var ring = new KeyRing();
        ring.Add(issuer.ToTrustedKey());
        var result = new TierTwoVerifier(ring, new BouncyCastleSignatureVerifier())
            .Verify(core, 0, image.Uid, image.Uid.Length, tierTwo, tierTwo.Length, record.IssuerKeyId, today);
        lines.Add("tier-2 signature: " + result switch
        {
            TierTwoStatus.Verified => "ok (card-issuer key " + issuer.KeyId + ", Ed25519)",
            TierTwoStatus.UnknownKey => "FAILED: the card names issuer key " + record.IssuerKeyId + ", the given key is " + issuer.KeyId,
            TierTwoStatus.KeyNotValidToday => "FAILED: issuer key " + issuer.KeyId + " is not valid on " + today + " (" + issuer.ValidFrom + " .. " + issuer.ValidUntil + ")",
            TierTwoStatus.SignatureInvalid => "FAILED: signature does not verify (a terminal raises FORGERY_ALERT)",
            _ => "FAILED: tier-2 area malformed",
        });
        if (result != TierTwoStatus.Verified)
        {
            failures.Add("tier-2 signature: " + result);
        }
    }

    private static void CheckSectorKeys(CardImage image, SecretKeyFile? readMaster, List<string> lines, List<string> failures)
    {
        var conditions = new int[4];
        int inconsistent = 0;
        for (int sector = 0; sector < MifareClassic.SectorCount; sector++)
        {
            if (!AccessConditions.TryDecode(image.Memory, MifareClassic.TrailerBlock(sector) * 16 + AccessConditions.TrailerOffset, conditions))
            {
                inconsistent++;
            }
        }

        if (inconsistent > 0)
        {
            failures.Add("access bits: " + inconsistent + " sectors inconsistent");
            lines.Add("access bits:     FAILED: " + inconsistent + " sectors have inconsistent access bits (the card would block them)");
        }

        if (readMaster is null)
        {
            lines.Add("sector keys A:   not checked (give --sector-read-master)");
            return;
        }

        var diversifier = new SectorKeyDiversifier(new HostHmacSha256());
        var key = new byte[MifareClassic.KeyLength];
        int wrong = 0;
        for (int sector = 0; sector < MifareClassic.SectorCount; sector++)
        {
            diversifier.DeriveKey(readMaster.Secret, MifareKeyType.KeyA, image.Uid, image.Uid.Length, sector, key, 0);
            if (!image.Memory.AsSpan(MifareClassic.TrailerBlock(sector) * 16, MifareClassic.KeyLength).SequenceEqual(key))
            {
                wrong++;
            }
        }

        lines.Add("sector keys A:   " + (wrong == 0 ? "ok (all 16 diversified from sector-read-master " + readMaster.KeyId + ")" : "FAILED: " + wrong + " of 16 sectors have another key A (terminals cannot read them)"));
        if (wrong > 0)
        {
            failures.Add("sector keys A: " + wrong + " wrong");
        }
    }

    /// <summary>The tier-2 bytes in order (data blocks of sectors 3–15), as long as the core record says.</summary>
    public static byte[] ReadTierTwo(CardImage image, int blocks)
    {
        blocks = Math.Min(blocks, PermitCardLayout.Tier2Capacity / 16);
        var bytes = new byte[blocks * 16];
        for (int i = 0; i < blocks; i++)
        {
            Array.Copy(image.Memory, TierTwoLayout.BlockAt(i) * 16, bytes, i * 16, 16);
        }

        return bytes;
    }
}
