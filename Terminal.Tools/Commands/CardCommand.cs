using System.CommandLine;
using System.Security.Cryptography;
using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Tools.Issuing;
using Terminal.Tools.Keys;

namespace Terminal.Tools.Commands;

/// <summary>`card issue|inspect`: personalise a permit card from a person record, and decode and verify a card image.</summary>
public static class CardCommand
{
    public static Command Create()
    {
        var card = new Command("card", "Issue residence-permit cards (simulator image + block layout for a real card) and inspect card images.\n" +
                                       "Example: card inspect cards/li-si.card --mac-master keys/regional-mac-1.secret.json --issuer-key keys/card-issuer-1.public.json");
        card.Subcommands.Add(CreateIssue());
        card.Subcommands.Add(CreateInspect());
        return card;
    }

    private static Command CreateIssue()
    {
        var person = new Option<string>("--person") { Description = "person record, JSON (format rp-person/1: Terminal.Tools/Issuing/README.md)", Required = true };
        var issuerKey = new Option<string>("--issuer-key") { Description = "private card-issuer key file (signs tier 2)", Required = true };
        var macMaster = new Option<string>("--mac-master") { Description = "regional-mac secret file (tier-1 MAC)", Required = true };
        var readMaster = new Option<string>("--sector-read-master") { Description = "sector-read-master secret file (key A of every sector)", Required = true };
        var writeMaster = new Option<string>("--sector-write-master") { Description = "sector-write-master secret file (key B of every sector)", Required = true };
        var uid = new Option<string?>("--uid") { Description = "UID of the blank card to write, 4 or 7 bytes in hex (default: a random 4-byte UID, for the simulator)" };
        var outFile = new Option<string>("--out") { Description = "card image to write (.card); <stem>.mfd and <stem>.layout.txt are written beside it", Required = true };
        var command = new Command("issue", "Personalise a permit card: core record + tier-1 MAC + issuer signature + diversified sector keys.\n" +
            "Writes the simulator image (.card, as demo --write-cards), a 1024-byte dump (.mfd) and the block-by-block layout with sector trailers (.layout.txt).\n" +
            "Example: card issue --person li-si.json --issuer-key keys/card-issuer-1.private.json --mac-master keys/regional-mac-1.secret.json " +
            "--sector-read-master keys/sector-read-master-1.secret.json --sector-write-master keys/sector-write-master-1.secret.json --uid 04A2B3C4 --out cards/li-si.card");
        foreach (var o in new Option[] { person, issuerKey, macMaster, readMaster, writeMaster, uid, outFile })
        {
            command.Options.Add(o);
        }

        CommandRunner.SetAction(command, (p, output, _) =>
        {
            var record = PersonRecord.Load(p.GetValue(person)!);
            string issuerPath = p.GetValue(issuerKey)!, macPath = p.GetValue(macMaster)!;
            var issuer = KeyRoles.Signing(issuerPath, KeyUsage.CardIssuer, "--issuer-key", needPrivate: true);
            var mac = KeyRoles.Secret(macPath, SecretUsage.RegionalMac, "--mac-master");
            var read = KeyRoles.Secret(p.GetValue(readMaster)!, SecretUsage.SectorReadMaster, "--sector-read-master");
            var write = KeyRoles.Secret(p.GetValue(writeMaster)!, SecretUsage.SectorWriteMaster, "--sector-write-master");
            KeyRoles.RequireShortId("--issuer-key", issuerPath, issuer.KeyId);
            KeyRoles.RequireShortId("--mac-master", macPath, mac.KeyId);
            KeyRoles.RequireValidOn("--issuer-key", issuerPath, issuer.KeyId, issuer.ValidFrom, issuer.ValidUntil, record.IssueDate, "card issue date");
            KeyRoles.RequireValidOn("--mac-master", macPath, mac.KeyId, mac.ValidFrom, mac.ValidUntil, record.IssueDate, "card issue date");
            byte[] uidBytes = p.GetValue(uid) is string hex ? ParseUid(hex) : RandomNumberGenerator.GetBytes(4);

            IssuedCard issued;
            CardImage image;
            try
            {
                issued = CardIssuer.Issue(record.ToCoreRecord((int)issuer.KeyId, (int)mac.KeyId), record.Personal, uidBytes, mac.Secret, issuer.PrivateSeed!);
                image = CardIssuer.ToImage(issued, read.Secret, write.Secret);
            }
            catch (Exception e) when (e is ArgumentException or OverflowException)
            {
                throw new InputException(p.GetValue(person) + ": " + e.Message); // the record's own checks should have caught it first
            }

            int tierTwoBlocks = issued.TierTwo.Length / 16;

            string cardPath = p.GetValue(outFile)!;
            string stem = cardPath.EndsWith(".card", StringComparison.OrdinalIgnoreCase) ? cardPath[..^5] : cardPath;
            string mfdPath = stem + ".mfd", layoutPath = stem + ".layout.txt";
            try
            {
                if (Path.GetDirectoryName(Path.GetFullPath(cardPath)) is string dir)
                {
                    Directory.CreateDirectory(dir);
                }

                // The image and the dump carry the sector keys (key B too) in the trailers, like the card itself.
                KeyFile.WriteOwnerOnly(cardPath, image.ToBytes());
                KeyFile.WriteOwnerOnly(mfdPath, image.ToMfd());
                KeyFile.WriteOwnerOnly(layoutPath, CardLayoutText.Write(image, record, issuer.KeyId, mac.KeyId, tierTwoBlocks));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(cardPath + ": " + e.Message);
            }

            output.WriteLine("issued permit " + Terminal.Core.Revocation.CardKey.FormatPermitNumber((ulong)record.PermitNumber) + " generation " + record.Generation +
                             " to UID " + Convert.ToHexString(uidBytes) + ": core record 48 bytes, tier 2 " + tierTwoBlocks + " blocks (signature + " +
                             record.Personal.Encode().Length + " bytes of personal data), issuer key " + issuer.KeyId + ", MAC key " + mac.KeyId);
            output.WriteLine("wrote " + cardPath + " (simulator image), " + mfdPath + " (1024-byte dump), " + layoutPath + " (block layout with sector trailers); all mode 0600");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateInspect()
    {
        var file = new Argument<string>("image") { Description = "card image (.card) or 1024-byte MIFARE Classic dump (.mfd)" };
        var macMaster = new Option<string?>("--mac-master") { Description = "regional-mac secret: check the tier-1 MAC" };
        var issuerKey = new Option<string?>("--issuer-key") { Description = "card-issuer key file (public or private): check the tier-2 signature" };
        var readMaster = new Option<string?>("--sector-read-master") { Description = "sector-read-master secret: check every sector's key A" };
        var date = new Option<string?>("--date") { Description = "judge key validity on this Beijing day, yyyy-mm-dd (default: today, as a terminal would)" };
        var command = new Command("inspect", "Decode a card image (core record, CRC, personal data) and verify the checks whose keys are given; exit 3 when one fails.\n" +
            "Example: card inspect cards/li-si.card --mac-master keys/regional-mac-1.secret.json --issuer-key keys/card-issuer-1.public.json");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { macMaster, issuerKey, readMaster, date })
        {
            command.Options.Add(o);
        }

        CommandRunner.SetAction(command, (p, output, error) =>
        {
            string path = p.GetValue(file)!;
            var keys = new InspectionKeys(
                p.GetValue(macMaster) is string m ? KeyRoles.Secret(m, SecretUsage.RegionalMac, "--mac-master") : null,
                p.GetValue(issuerKey) is string k ? KeyRoles.Signing(k, KeyUsage.CardIssuer, "--issuer-key", needPrivate: false) : null,
                p.GetValue(readMaster) is string r ? KeyRoles.Secret(r, SecretUsage.SectorReadMaster, "--sector-read-master") : null);
            var today = p.GetValue(date) is string d
                ? KeyFile.ParseDate(d) ?? throw new InputException("--date: expected yyyy-mm-dd")
                : CivilDate.BeijingDayOf(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var image = LoadImage(path);
            var lines = new List<string>();
            var failures = CardInspection.Inspect(image, keys, today, lines);
            foreach (string line in lines)
            {
                output.WriteLine(line);
            }

            if (failures.Count > 0)
            {
                error.WriteLine("INVALID " + path + ": " + string.Join("; ", failures));
                return ExitCodes.VerificationFailed;
            }

            output.WriteLine("OK " + path);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static CardImage LoadImage(string path)
    {
        byte[] bytes = CommandRunner.ReadInput(path);
        try
        {
            return bytes.Length == MifareClassic.MemorySize && !(bytes[0] == 'R' && bytes[1] == 'T' && bytes[2] == 'C' && bytes[3] == 'I')
                ? CardImage.FromMfd(bytes)
                : CardImage.FromBytes(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new InputException(path + ": not a card image or 1024-byte dump (" + e.Message + ")");
        }
    }

    private static byte[] ParseUid(string hex)
    {
        hex = hex.Replace(":", "").Replace(" ", "");
        if (hex.Length % 2 != 0 || !hex.All(char.IsAsciiHexDigit))
        {
            throw new InputException("--uid: expected hex digits such as 04A2B3C4");
        }

        var uid = Convert.FromHexString(hex);
        if (uid.Length is not (4 or 7))
        {
            throw new InputException("--uid: a MIFARE Classic UID is 4 or 7 bytes, not " + uid.Length);
        }

        return uid;
    }
}
