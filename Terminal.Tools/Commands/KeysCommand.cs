using System.CommandLine;
using Terminal.Core.Time;
using Terminal.Tools.Keys;
using Terminal.Tools.Crypto;

namespace Terminal.Tools.Commands;

/// <summary>`keys new` and `keys export-public`: Ed25519 signing keys in the JSON key file format (Keys/README.md).</summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var keys = new Command("keys", "Create and export Ed25519 signing keys (card issuer, list signer, firmware signer).");
        keys.Subcommands.Add(CreateNew());
        keys.Subcommands.Add(CreateExportPublic());
        return keys;
    }

    private static Command CreateNew()
    {
        var usage = new Option<string>("--usage") { Description = "list-signer, card-issuer or firmware-signer", Required = true };
        usage.AcceptOnlyFromAmong("list-signer", "card-issuer", "firmware-signer");
        var id = new Option<uint>("--id") { Description = "key id (unsigned 32-bit), unique among the platform's keys", Required = true };
        var outDir = new Option<string>("--out") { Description = "directory for <usage>-<id>.private.json and .public.json", Required = true };
        var validFrom = new Option<string?>("--valid-from") { Description = "first valid Beijing day, yyyy-mm-dd (default: today)" };
        var validUntil = new Option<string?>("--valid-until") { Description = "last valid Beijing day, yyyy-mm-dd (default: 5 years after valid-from)" };
        var command = new Command("new", "Generate a key pair.\nExample: keys new --usage list-signer --id 7 --out keys/");
        command.Options.Add(usage);
        command.Options.Add(id);
        command.Options.Add(outDir);
        command.Options.Add(validFrom);
        command.Options.Add(validUntil);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            var keyUsage = KeyFile.UsageFromName(p.GetValue(usage)!)!.Value;
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
            Directory.CreateDirectory(dir);
            string stem = Path.Combine(dir, KeyFile.UsageToName(keyUsage) + "-" + p.GetValue(id));
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

    private static Command CreateExportPublic()
    {
        var key = new Option<string>("--key") { Description = "private key file", Required = true };
        var outFile = new Option<string>("--out") { Description = "public key file to write", Required = true };
        var command = new Command("export-public", "Write the public half of a private key file.\nExample: keys export-public --key keys/list-signer-7.private.json --out list-signer-7.public.json");
        command.Options.Add(key);
        command.Options.Add(outFile);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            var loaded = KeyFile.Load(p.GetValue(key)!);
            loaded.Save(p.GetValue(outFile)!, includePrivate: false);
            output.WriteLine("wrote " + p.GetValue(outFile));
            return ExitCodes.Ok;
        });
        return command;
    }
}
