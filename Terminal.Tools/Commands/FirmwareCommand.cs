using System.CommandLine;
using System.Text;
using Terminal.Core.Crypto;
using Terminal.Core.Reporting;
using Terminal.Core.Time;
using Terminal.Core.Update;
using Terminal.Drivers.Storage.Host;
using Terminal.Tools.Crypto;
using Terminal.Tools.Firmware;
using Terminal.Tools.Keys;
using Terminal.Tools.Platform;

namespace Terminal.Tools.Commands;

/// <summary>`firmware bundle|inspect|verify|publish|withdraw|status`: the platform side of signed application updates (Core/Update/README.md).</summary>
public static class FirmwareCommand
{
    public static Command Create()
    {
        var firmware = new Command("firmware", "Build, inspect, verify and roll out signed firmware bundles (application .pe files for over-the-air updates).");
        firmware.Subcommands.Add(CreateBundle());
        firmware.Subcommands.Add(CreateInspect());
        firmware.Subcommands.Add(CreateVerify());
        firmware.Subcommands.Add(CreatePublish());
        firmware.Subcommands.Add(CreateWithdraw());
        firmware.Subcommands.Add(CreateStatus());
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
            var ring = KeyRoles.TrustedRing(p.GetValue(keys)!);
            ulong floor = 0;
            if (p.GetValue(previous) is string previousPath)
            {
                floor = ParseOrThrow(previousPath, CommandRunner.ReadInput(previousPath)).Version;
            }

            string path = p.GetValue(file)!;
            var manifest = new BundleManifest();
            var result = BundleCheck.Verify(ring, CommandRunner.ReadInput(path), p.GetValue(hardware), p.GetValue(bootstrap), floor, manifest);
            if (result != UpdateError.None)
            {
                error.WriteLine("INVALID " + path + ": " + UpdateErrorNames.Name(result));
                return ExitCodes.VerificationFailed;
            }

            output.WriteLine("OK " + path + ": " + Describe(manifest));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreatePublish()
    {
        var file = new Argument<string>("file") { Description = "bundle file (from firmware bundle)" };
        var keys = new Option<string[]>("--key") { Description = "public firmware-signer key file the terminals trust (repeatable): the bundle is verified before anything is published", Required = true };
        var hardware = new Option<string?>("--hardware") { Description = "also require this hardware id" };
        var bootstrap = new Option<uint?>("--bootstrap-version") { Description = "also require that a bootstrap of this version may load it" };
        var chunk = new Option<int>("--chunk-bytes") { Description = "chunk size (1.." + UpdateDelivery.MaxChunkBytes + ")", DefaultValueFactory = _ => UpdateDelivery.MaxChunkBytes };
        var target = new RolloutTargetOptions();
        var broker = new BrokerCliOptions();
        var command = new Command("publish", "Roll a verified bundle out: its chunks retained on rp/v1/{region}/_fw/{version}/{index}, then the retained " +
            "announcement on each named terminal's rp/v1/{region}/{terminal}/firmware (QoS 1, each acknowledged by the broker). Exit 3, nothing published, " +
            "when the bundle does not verify; exit 5 when the broker cannot be reached.\n" +
            "Example: firmware publish releases/fw-12.rtfw --key keys/firmware-signer-20.public.json --region 420100 --terminal HB420100-0001 " +
            "--terminal HB420100-0002 --host mqtt.example.cn --port 8883 --ca ca.pem --username platform");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { keys, hardware, bootstrap, chunk })
        {
            command.Options.Add(o);
        }

        target.AddTo(command);
        broker.AddTo(command);
        CommandRunner.SetAsyncAction(command, async (p, output, cancellationToken) =>
        {
            var ring = KeyRoles.TrustedRing(p.GetValue(keys)!);
            var (region, terminals) = target.Read(p);
            int chunkBytes = (int)CommandRunner.CheckRange("--chunk-bytes", p.GetValue(chunk), 1, UpdateDelivery.MaxChunkBytes);

            var endpoint = broker.Read(p, new BrokerEndpoint());
            string path = p.GetValue(file)!;
            byte[] bundle = CommandRunner.ReadInput(path);
            var manifest = new BundleManifest();
            var result = BundleCheck.Verify(ring, bundle, p.GetValue(hardware), p.GetValue(bootstrap), 0, manifest);
            if (result != UpdateError.None)
            {
                p.InvocationConfiguration.Error.WriteLine("INVALID " + path + ": " + BundleCheck.Explain(result, manifest, p.GetValue(hardware), p.GetValue(bootstrap), "the keys given") +
                                                          "; nothing published");
                return ExitCodes.VerificationFailed;
            }

            output.WriteLine("OK " + path + ": " + Describe(manifest));
            await using var client = await BrokerPublisher.ConnectAsync(endpoint, cancellationToken);
            var topics = new ReportingTopics(region, "platform");
            int chunks = await FirmwarePublisher.PublishChunksAsync(client, region, manifest.Version, bundle, chunkBytes);
            output.WriteLine("published " + ListPublisher.Describe(bundle.Length, chunks, chunkBytes, topics.FirmwareChunk((long)manifest.Version, 0)) + " (retained) at " + endpoint);
            foreach (string terminal in terminals)
            {
                await FirmwarePublisher.AnnounceAsync(client, region, terminal, manifest.Version, bundle.Length, chunkBytes);
                output.WriteLine("announced version " + manifest.Version + " to " + terminal + " on " + new ReportingTopics(region, terminal).Firmware + " (retained)");
            }

            output.WriteLine("watch: firmware status --region " + region + " " + string.Join(" ", terminals.Select(t => "--terminal " + t)) + " (same broker options)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateWithdraw()
    {
        var target = new RolloutTargetOptions();
        var broker = new BrokerCliOptions();
        var command = new Command("withdraw", "Stop a rollout: clear the retained announcement on each named terminal's firmware topic. Terminals that have not " +
            "begun the download never will; one that already staged the version still boots it (release a higher version to replace it).\n" +
            "Example: firmware withdraw --region 420100 --terminal HB420100-0002 --host mqtt.example.cn --port 8883 --ca ca.pem --username platform");
        target.AddTo(command);
        broker.AddTo(command);
        CommandRunner.SetAsyncAction(command, async (p, output, cancellationToken) =>
        {
            var (region, terminals) = target.Read(p);
            var endpoint = broker.Read(p, new BrokerEndpoint());
            await using var client = await BrokerPublisher.ConnectAsync(endpoint, cancellationToken);
            foreach (string terminal in terminals)
            {
                await FirmwarePublisher.WithdrawAsync(client, region, terminal);
                output.WriteLine("withdrew the announcement on " + new ReportingTopics(region, terminal).Firmware);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateStatus()
    {
        var wait = new Option<int>("--wait-ms") { Description = "how long to wait for terminals with no retained status", DefaultValueFactory = _ => 2000 };
        var target = new RolloutTargetOptions();
        var broker = new BrokerCliOptions();
        var command = new Command("status", "Print each named terminal's retained firmware status (running=V[;trial=1];state=…; format: Terminal.Firmware/Core/Update/README.md).\n" +
            "Example: firmware status --region 420100 --terminal HB420100-0001 --terminal HB420100-0002 --host mqtt.example.cn --port 8883 --ca ca.pem --username platform");
        command.Options.Add(wait);
        target.AddTo(command);
        broker.AddTo(command);
        CommandRunner.SetAsyncAction(command, async (p, output, cancellationToken) =>
        {
            var (region, terminals) = target.Read(p);
            long waitMs = CommandRunner.CheckRange("--wait-ms", p.GetValue(wait), 0, 60_000);

            var endpoint = broker.Read(p, new BrokerEndpoint());
            await using var client = await BrokerPublisher.ConnectAsync(endpoint, cancellationToken);
            var topicOf = terminals.ToDictionary(t => t, t => new ReportingTopics(region, t).FirmwareStatus);
            var retained = await client.ReadRetainedAsync(topicOf.Values.ToList(), TimeSpan.FromMilliseconds(waitMs));
            foreach (string terminal in terminals)
            {
                byte[]? status = retained[topicOf[terminal]];
                output.WriteLine(terminal + ": " + (status == null ? "no status retained (never connected, or not yet)" : Encoding.ASCII.GetString(status)));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Describe(BundleManifest m) =>
        "version " + m.Version + " for " + m.HardwareId + ", " + m.AssemblyCount + " assemblies, signed by firmware-signer key " + m.KeyId;

    /// <summary>
    /// --region and the terminals of a rollout: the repeatable --terminal and/or --terminals FILE (one id per line, '#'
    /// comments and blank lines ignored, as exported from the inventory), each checked as a topic token, none twice.
    /// </summary>
    private sealed class RolloutTargetOptions
    {
        private readonly Option<string> _region = new("--region") { Description = "region code of the terminals, e.g. 420100", Required = true };
        private readonly Option<string[]> _terminals = new("--terminal") { Description = "terminal id (repeatable)" };
        private readonly Option<string?> _terminalsFile = new("--terminals") { Description = "file with one terminal id per line ('#' comments, blank lines ignored)" };

        public void AddTo(Command command)
        {
            command.Options.Add(_region);
            command.Options.Add(_terminals);
            command.Options.Add(_terminalsFile);
        }

        public (string Region, string[] Terminals) Read(ParseResult p)
        {
            string region = CommandRunner.TopicToken("--region", p.GetValue(_region)!);
            var terminals = new List<string>();
            foreach (string t in p.GetValue(_terminals) ?? [])
            {
                terminals.Add(CommandRunner.TopicToken("--terminal", t));
            }

            if (p.GetValue(_terminalsFile) is string path)
            {
                string[] lines = Encoding.UTF8.GetString(CommandRunner.ReadInput(path)).Split('\n');
                for (int i = 0; i < lines.Length; i++)
                {
                    string line = lines[i].Trim();
                    if (line.Length > 0 && line[0] != '#')
                    {
                        terminals.Add(CommandRunner.TopicToken(path + ":" + (i + 1), line));
                    }
                }
            }

            if (terminals.Count == 0)
            {
                throw new InputException("name the terminals with --terminal ID (repeatable) or --terminals FILE");
            }

            string? twice = terminals.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (twice != null)
            {
                throw new InputException("terminal " + twice + " is named twice");
            }

            return (region, terminals.ToArray());
        }
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
