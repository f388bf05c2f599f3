using System.CommandLine;
using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Core.Update;
using Terminal.Drivers.Storage.Host;
using Terminal.Tools.Crypto;
using Terminal.Tools.Firmware;
using Terminal.Tools.Keys;

namespace Terminal.Tools.Commands;

/// <summary>`firmware bundle|inspect|verify`: the platform side of signed application updates (Core/Update/README.md).</summary>
public static class FirmwareCommand
{
    public static Command Create()
    {
        var firmware = new Command("firmware", "Build, inspect and verify signed firmware bundles (application .pe files for over-the-air updates).");
        firmware.Subcommands.Add(CreateBundle());
        firmware.Subcommands.Add(CreateInspect());
        firmware.Subcommands.Add(CreateVerify());
        return firmware;
    }

    private static Command CreateBundle()
    {
        var from = new Option<string>("--from") { Description = "folder holding the application's .pe files", Required = true };
        var order = new Option<string?>("--order") { Description = "comma-separated .pe names in load order (default: every .pe in the folder, by name)" };
        var version = new Option<ulong>("--version") { Description = "bundle version (≥ 1, higher than every bundle before)", Required = true };
        var hardware = new Option<string>("--hardware") { Description = "target hardware id, e.g. rt-esp32-rc522-v1", Required = true };
        var entry = new Option<string>("--entry") { Description = "full name of the entry type (its static Run(object) is called)", Required = true };
        var minBootstrap = new Option<uint>("--min-bootstrap") { Description = "lowest bootstrap version that may load it (default 1)", DefaultValueFactory = _ => 1 };
        var key = new Option<string>("--key") { Description = "private firmware-signer key file", Required = true };
        var previous = new Option<string?>("--previous") { Description = "the bundle released before: the new version must be higher" };
        var issuedAt = new Option<string?>("--issued-at") { Description = "Unix seconds or ISO 8601 time (default: now)" };
        var outFile = new Option<string>("--out") { Description = "bundle file to write", Required = true };
        var command = new Command("bundle", "Make a signed bundle from a folder of .pe files.\n" +
            "Example: firmware bundle --from bin/pe --order Terminal.Drivers.pe,Terminal.App.pe --version 12 --hardware rt-esp32-rc522-v1 " +
            "--entry Terminal.App.Application --key keys/firmware-signer-20.private.json --previous fw-11.rtfw --out fw-12.rtfw");
        foreach (var o in new Option[] { from, order, version, hardware, entry, minBootstrap, key, previous, issuedAt, outFile })
        {
            command.Options.Add(o);
        }

        CommandRunner.SetAction(command, (p, output, _) =>
        {
            var signer = KeyRoles.Signer(p.GetValue(key)!, KeyUsage.FirmwareSigner, "bundles");
            ulong v = p.GetValue(version);
            if (v == 0)
            {
                throw new InputException("--version must be at least 1");
            }

            if (p.GetValue(previous) is string previousPath)
            {
                var before = ParseOrThrow(previousPath, CommandRunner.ReadInput(previousPath));
                if (v <= before.Version)
                {
                    throw new InputException("--version " + v + " does not increase: " + previousPath + " is version " + before.Version);
                }
            }

            long issued = p.GetValue(issuedAt) is string t ? CommandRunner.ParseTime(t, "--issued-at") : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (!signer.ToTrustedKey().IsValidOn(CivilDate.BeijingDayOf(issued)))
            {
                throw new InputException("key " + signer.KeyId + " is not valid on the issue day " + CivilDate.BeijingDayOf(issued) + " (valid " + signer.ValidFrom + " to " + signer.ValidUntil + ")");
            }

            var inputs = ReadAssemblies(p.GetValue(from)!, p.GetValue(order));
            byte[] bundle;
            try
            {
                bundle = FirmwareBundleBuilder.Build(inputs,
                    new BundleParameters(v, p.GetValue(minBootstrap), p.GetValue(hardware)!, p.GetValue(entry)!, signer.KeyId, issued), signer.PrivateSeed!);
            }
            catch (ArgumentException e)
            {
                throw new InputException(e.Message);
            }

            string outPath = p.GetValue(outFile)!;
            try
            {
                File.WriteAllBytes(outPath, bundle);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(outPath + ": " + e.Message);
            }

            output.WriteLine("wrote " + outPath + ": version " + v + " for " + p.GetValue(hardware) + ", " + inputs.Count + " assemblies, " + bundle.Length + " bytes");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateInspect()
    {
        var file = new Argument<string>("file") { Description = "bundle file" };
        var command = new Command("inspect", "Print a bundle's manifest.\nExample: firmware inspect fw-12.rtfw");
        command.Arguments.Add(file);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            string path = p.GetValue(file)!;
            var m = ParseOrThrow(path, CommandRunner.ReadInput(path));
            output.WriteLine("firmware bundle (format " + BundleManifest.FormatVersion + ")");
            output.WriteLine("version:           " + m.Version);
            output.WriteLine("hardware:          " + m.HardwareId);
            output.WriteLine("minimum bootstrap: " + m.MinBootstrapVersion);
            output.WriteLine("entry type:        " + m.EntryType);
            output.WriteLine("signing key id:    " + m.KeyId);
            output.WriteLine("issued at:         " + DateTimeOffset.FromUnixTimeSeconds(m.IssuedAt).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss zzz") + " (" + m.IssuedAt + ")");
            output.WriteLine("size:              " + m.BundleLength + " bytes (manifest " + m.ManifestLength + ")");
            output.WriteLine("assemblies (load order):");
            foreach (var a in m.Assemblies)
            {
                output.WriteLine("  " + a.Name + "  " + a.Size + " bytes  sha512 " + Convert.ToHexStringLower(a.Sha512));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var file = new Argument<string>("file") { Description = "bundle file" };
        var keys = new Option<string[]>("--key") { Description = "trusted public key file (repeatable)", Required = true, AllowMultipleArgumentsPerToken = false };
        var hardware = new Option<string?>("--hardware") { Description = "also require this hardware id" };
        var bootstrap = new Option<uint?>("--bootstrap-version") { Description = "also require that a bootstrap of this version may load it" };
        var previous = new Option<string?>("--previous") { Description = "also require a version above this bundle's" };
        var command = new Command("verify", "Check signature, key usage and validity and every assembly hash, as a terminal would.\n" +
            "Example: firmware verify fw-12.rtfw --key keys/firmware-signer-20.public.json --hardware rt-esp32-rc522-v1");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { keys, hardware, bootstrap, previous })
        {
            command.Options.Add(o);
        }

        CommandRunner.SetAction(command, (p, output, error) =>
        {
            var ring = new KeyRing();
            foreach (string keyPath in p.GetValue(keys)!)
            {
                var key = KeyFile.Load(keyPath);
                if (!ring.Add(key.ToTrustedKey()))
                {
                    throw new InputException(keyPath + ": key id " + key.KeyId + " given twice");
                }
            }

            ulong floor = 0;
            if (p.GetValue(previous) is string previousPath)
            {
                floor = ParseOrThrow(previousPath, CommandRunner.ReadInput(previousPath)).Version;
            }

            string path = p.GetValue(file)!;
            var manifest = new BundleManifest();
            var result = new BundleVerifier(ring, new BouncyCastleSignatureVerifier()).Verify(new MemoryFile(CommandRunner.ReadInput(path)), manifest);
            if (result == UpdateError.None)
            {
                var policy = new UpdatePolicy
                {
                    HardwareId = p.GetValue(hardware) ?? manifest.HardwareId,
                    BootstrapVersion = p.GetValue(bootstrap) ?? uint.MaxValue,
                    MaxBundleBytes = long.MaxValue,
                };
                result = BundleVerifier.CheckPolicy(manifest, policy, floor);
            }

            if (result != UpdateError.None)
            {
                error.WriteLine("INVALID " + path + ": " + UpdateErrorNames.Name(result));
                return ExitCodes.VerificationFailed;
            }

            output.WriteLine("OK " + path + ": version " + manifest.Version + " for " + manifest.HardwareId + ", " + manifest.AssemblyCount +
                " assemblies, signed by firmware-signer key " + manifest.KeyId);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<BundleInput> ReadAssemblies(string folder, string? order)
    {
        if (!Directory.Exists(folder))
        {
            throw new InputException(folder + ": no such folder");
        }

        string[] names = order != null
            ? order.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : Directory.GetFiles(folder, "*.pe").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
        {
            throw new InputException(folder + ": no .pe files");
        }

        var inputs = new List<BundleInput>();
        foreach (string name in names)
        {
            string path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                throw new InputException(path + ": missing file (named in --order)");
            }

            inputs.Add(new BundleInput(name, CommandRunner.ReadInput(path)));
        }

        return inputs;
    }

    private static BundleManifest ParseOrThrow(string path, byte[] bytes)
    {
        try
        {
            return FirmwareBundleBuilder.ParseManifest(bytes);
        }
        catch (FormatException e)
        {
            throw new InputException(path + ": " + e.Message);
        }
    }
}
