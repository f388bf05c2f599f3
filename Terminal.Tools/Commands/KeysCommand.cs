using System.CommandLine;
using Terminal.Core.Time;
using Terminal.Tools.Keys;
using Terminal.Tools.Crypto;

namespace Terminal.Tools.Commands;

/// <summary>`keys new|list|export-public`: Ed25519 signing keys and symmetric masters in the JSON key file formats (Keys/README.md).</summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "Create, list and export keys: Ed25519 signing keys (card issuer, list signer, firmware signer) and " +
                                       "32-byte masters (regional MAC, sector read, sector write).\nExample: keys list keys/");
        keys.Subcommands.Add(CreateNew());
        keys.Subcommands.Add(CreateList());
        keys.Subcommands.Add(CreateExportPublic());
        return keys;
    }

    private static Command CreateNew()
    {
        var usage = new Option<string>("--usage") { Description = "Ed25519: card-issuer, list-signer, firmware-signer, config-signer; 32-byte master: regional-mac, sector-read-master, sector-write-master", Required = true };
        usage.AcceptOnlyFromAmong(Usages);
        var id = new Option<uint>("--id") { Description = "key id (unsigned 32-bit), unique among the platform's keys", Required = true };
        var outDir = new Option<string>("--out") { Description = "directory for <usage>-<id>.private.json and .public.json (a master: <usage>-<id>.secret.json)", Required = true };
        var validFrom = new Option<string?>("--valid-from") { Description = "first valid Beijing day, yyyy-mm-dd (default: today)" };
        var validUntil = new Option<string?>("--valid-until") { Description = "last valid Beijing day, yyyy-mm-dd (default: 5 years after valid-from)" };
        var command = new Command("new", "Generate an Ed25519 key pair or a 32-byte master; private and secret files get mode 0600.\n" +
                                         "Example: keys new --usage card-issuer --id 1 --out keys/ --valid-from 2026-01-01 --valid-until 2030-12-31");
        command.Options.Add(usage);
        command.Options.Add(id);
        command.Options.Add(outDir);
        command.Options.Add(validFrom);
        command.Options.Add(validUntil);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            string usageName = p.GetValue(usage)!;
            var from = p.GetValue(validFrom) is string f
                ? KeyFile.ParseDate(f) ?? throw new InputException("--valid-from: expected yyyy-mm-dd")
                : CivilDate.BeijingDayOf(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var until = p.GetValue(validUntil) is string u
                ? KeyFile.ParseDate(u) ?? throw new InputException("--valid-until: expected yyyy-mm-dd")
                : from.AddMonths(60).AddDays(-1);
            if (until < from)
            {
                throw new InputException("--valid-until is before --valid-from");
            }

            string dir = p.GetValue(outDir)!;
            CreateDirectory(dir);
            string stem = Path.Combine(dir, usageName + "-" + p.GetValue(id));
            if (SecretKeyFile.UsageFromName(usageName) is SecretUsage secretUsage)
            {
                string secretPath = stem + ".secret.json";
                if (File.Exists(secretPath))
                {
                    throw new InputException(secretPath + " already exists; refusing to overwrite a key");
                }

                SecretKeyFile.New(p.GetValue(id), secretUsage, from, until).Save(secretPath);
                output.WriteLine("wrote " + secretPath + " (mode 0600)");
                return ExitCodes.Ok;
            }

            var keyUsage = KeyFile.UsageFromName(usageName)!.Value;
            string privatePath = stem + ".private.json", publicPath = stem + ".public.json";
            if (File.Exists(privatePath) || File.Exists(publicPath))
            {
                throw new InputException(stem + ".*.json already exists; refusing to overwrite a key");
            }

            byte[] seed = Ed25519Signing.NewPrivateSeed();
            var key = new KeyFile(p.GetValue(id), keyUsage, Ed25519Signing.PublicKeyOf(seed), from, until, seed);
            key.Save(privatePath, includePrivate: true);
            key.Save(publicPath, includePrivate: false);
            output.WriteLine("wrote " + privatePath + " (mode 0600) and " + publicPath);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static readonly string[] Usages = ["card-issuer", "list-signer", "firmware-signer", "config-signer", "regional-mac", "sector-read-master", "sector-write-master"];

    private static Command CreateList()
    {
        var folder = new Argument<string>("folder") { Description = "folder holding key files (*.json)", DefaultValueFactory = _ => "." };
        var date = new Option<string?>("--date") { Description = "judge validity on this Beijing day, yyyy-mm-dd (default: today)" };
        var command = new Command("list", "List the key files in a folder: id, usage, kind, validity, fingerprint (never a private key or secret).\n" +
                                          "Example: keys list keys/");
        command.Arguments.Add(folder);
        command.Options.Add(date);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            string dir = p.GetValue(folder)!;
            if (!Directory.Exists(dir))
            {
                throw new InputException(dir + ": no such folder");
            }

            var today = p.GetValue(date) is string d
                ? KeyFile.ParseDate(d) ?? throw new InputException("--date: expected yyyy-mm-dd")
                : CivilDate.BeijingDayOf(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var rows = new List<string[]>();
            int skipped = 0;
            foreach (string path in Directory.GetFiles(dir, "*.json").Order(StringComparer.Ordinal))
            {
                try
                {
                    var o = KeyFile.ReadObject(path, out string format);
                    if (format == SecretKeyFile.FormatName)
                    {
                        var s = SecretKeyFile.FromJson(path, o);
                        rows.Add([Path.GetFileName(path), s.KeyId.ToString(), s.UsageName, "secret, " + Mode(path), s.ValidFrom + " .. " + s.ValidUntil,
                            Status(s.ValidFrom, s.ValidUntil, today), "kcv " + KeyRoles.Group(s.CheckValue)]);
                    }
                    else
                    {
                        var k = KeyFile.Load(path);
                        rows.Add([Path.GetFileName(path), k.KeyId.ToString(), k.UsageName, k.HasPrivateKey ? "ed25519 private, " + Mode(path) : "ed25519 public", k.ValidFrom + " .. " + k.ValidUntil,
                            Status(k.ValidFrom, k.ValidUntil, today), "sha256 " + KeyRoles.Fingerprint(k.PublicKey)]);
                    }
                }
                catch (InputException)
                {
                    skipped++; // another JSON file in the folder (a deploy list, a person record): not a key
                }
            }

            ConsoleOutput.Table(output, ["file", "id", "usage", "kind", "valid (Beijing days)", "on " + today, "fingerprint"], rows);
            output.WriteLine(rows.Count + " key files" + (skipped > 0 ? ", " + skipped + " other JSON files skipped" : "") + " in " + dir);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The file's Unix mode, flagged when a secret is readable by anyone but its owner.</summary>
    private static string Mode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return "ACL";
        }

        var mode = File.GetUnixFileMode(path);
        string octal = Convert.ToString((int)mode, 8).PadLeft(4, '0');
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        return (mode & others) == 0 ? "mode " + octal : "mode " + octal + " TOO OPEN (chmod 600)";
    }

    private static string Status(CivilDate from, CivilDate until, CivilDate today) =>
        today > until ? "EXPIRED" : today < from ? "not yet valid" : "valid";

    private static void CreateDirectory(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(dir + ": " + e.Message);
        }
    }

    private static Command CreateExportPublic()
    {
        var key = new Option<string>("--key") { Description = "private key file", Required = true };
        var outFile = new Option<string>("--out") { Description = "public key file to write", Required = true };
        var command = new Command("export-public", "Write the public half of a private Ed25519 key file (a master has no public half).\nExample: keys export-public --key keys/list-signer-7.private.json --out list-signer-7.public.json");
        command.Options.Add(key);
        command.Options.Add(outFile);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            var loaded = KeyFile.Load(p.GetValue(key)!);
            try
            {
                loaded.Save(p.GetValue(outFile)!, includePrivate: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(p.GetValue(outFile) + ": " + e.Message);
            }

            output.WriteLine("wrote " + p.GetValue(outFile));
            return ExitCodes.Ok;
        });
        return command;
    }
}
