using System.Text;
using Terminal.Core.Permits;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;

namespace Terminal.Tools.Issuing;

/// <summary>
/// The block-by-block content of a personalised card, for writing a real MIFARE Classic 1K with any writer (an RC522
/// sketch, a PN532 with libnfc, a desktop encoder): 64 lines of 16 bytes in hex, each trailer split into key A,
/// access bits, general-purpose byte and key B. It holds the card's keys: treat it like the keys.
/// </summary>
public static class CardLayoutText
{
    public static string Write(CardImage image, PersonRecord person, uint issuerKeyId, uint macKeyId, int tierTwoBlocks)
    {
        var text = new StringBuilder();
        text.Append("# ResidenceTerminal card layout (MIFARE Classic 1K): permit ").Append(Terminal.Core.Revocation.CardKey.FormatPermitNumber((ulong)person.PermitNumber))
            .Append(" generation ").Append(person.Generation).Append(", UID ").Append(Convert.ToHexString(image.Uid))
            .Append(", issuer key ").Append(issuerKeyId).Append(", MAC key ").Append(macKeyId).Append('\n');
        text.Append("# Holds the card's sector keys: keep it like a key file and destroy it after writing.\n");
        text.Append("# Writing a blank card, sector by sector: authenticate with the transport key A FFFFFFFFFFFF, write the data\n");
        text.Append("# blocks, then write the trailer LAST (it replaces the transport keys). Block 0 is the manufacturer's; never write it.\n");
        text.Append("# Trailer access bits 78 77 88: data blocks read with key A or B, written with key B only; keys never readable;\n");
        text.Append("# key B (issuer) may rewrite keys and access bits; access bits readable with A or B.\n");
        text.Append("# block sector kind     data (16 bytes, hex)                             content\n");
        var conditions = new int[4];
        for (int block = 0; block < MifareClassic.BlockCount; block++)
        {
            int sector = MifareClassic.SectorOf(block);
            var bytes = image.Memory.AsSpan(block * MifareClassic.BlockSize, MifareClassic.BlockSize);
            string kind = block == 0 ? "maker" : MifareClassic.IsTrailer(block) ? "trailer" : "data";
            text.Append(block.ToString("D2").PadLeft(7)).Append(' ').Append(sector.ToString().PadLeft(6)).Append(' ').Append(kind.PadRight(8)).Append(' ')
                .Append(Convert.ToHexString(bytes)).Append("  ");
            if (MifareClassic.IsTrailer(block))
            {
                var access = bytes.Slice(AccessConditions.TrailerOffset, 3).ToArray();
                bool valid = AccessConditions.TryDecode(access, 0, conditions);
                text.Append("key A ").Append(Convert.ToHexString(bytes[..6])).Append(" | access ").Append(Convert.ToHexString(access))
                    .Append(valid ? "" : " (INCONSISTENT: would block the sector)")
                    .Append(" | GPB ").Append(bytes[9].ToString("X2")).Append(" | key B ").Append(Convert.ToHexString(bytes[10..]));
            }
            else
            {
                text.Append(Describe(block, sector, tierTwoBlocks));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Describe(int block, int sector, int tierTwoBlocks)
    {
        if (block == 0)
        {
            return "manufacturer block (UID, BCC, SAK, ATQA): read-only";
        }

        if (sector == 0)
        {
            return "unused";
        }

        int index = block % 4;
        if (sector == CoreRecordLayout.Sector)
        {
            int from = index * 16;
            return "core record [" + from + ".." + (from + 16) + ")" + index switch
            {
                0 => ": magic, version, permit number, generation, authority, dates",
                1 => ": dates, key ids, tier-2 length, MAC[0..4)",
                _ => ": MAC[4..16), CRC-32",
            };
        }

        if (sector < TierTwoLayout.FirstSector)
        {
            return "core area, reserved (zero)";
        }

        int tier = (sector - TierTwoLayout.FirstSector) * 3 + index;
        if (tier >= tierTwoBlocks)
        {
            return "unused (zero)";
        }

        int start = tier * 16;
        return "tier 2 [" + start + ".." + (start + 16) + ")" + (start < TierTwoLayout.SignatureLength
            ? ": issuer Ed25519 signature"
            : start == TierTwoLayout.SignatureLength ? ": personal data length, personal data" : ": personal data");
    }
}
