using System.CommandLine;
using Terminal.Core.Crypto;
using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Core.Time;
using Terminal.Drivers.Storage.Host;
using Terminal.Tools.Crypto;
using Terminal.Tools.Keys;
using Terminal.Tools.Platform;
using Terminal.Tools.Revocation;

namespace Terminal.Tools.Commands;

/// <summary>`list build|delta|inspect|verify|publish`: the platform side of the signed revocation list.</summary>
public static class ListCommand
{
    public static Command Create()
    {
        var list = new Command("list", "Build, diff, inspect, verify and publish signed revocation lists.\n" +
                                       "Example: list build --entries revoked.csv --key keys/list-signer-2.private.json --sequence 1 --out list-1.rvl");
        list.Subcommands.Add(CreateBuild());
        list.Subcommands.Add(CreateDelta());
        list.Subcommands.Add(CreateInspect());
        list.Subcommands.Add(CreateVerify());
        list.Subcommands.Add(CreatePublish());
        return list;
    }

    private static Command CreateBuild()
    {
        var entries = new Option<string>("--entries") { Description = "CSV (permit,generation,reason,effective) or .json file of revoked cards", Required = true };
        var key = new Option<string>("--key") { Description = "private list-signer key file", Required = true };
        var sequence = new Option<ulong>("--sequence") { Description = "list sequence number (≥ 1, higher than every earlier list)", Required = true };
        var outFile = new Option<string>("--out") { Description = "signed list file to write", Required = true };
        var issuedAt = new Option<string?>("--issued-at") { Description = "Unix seconds or ISO 8601 time (default: now)" };
        var nextUpdate = new Option<string>("--next-update") { Description = "when the next list is due, after issue (default 1d)", DefaultValueFactory = _ => "1d" };
        var maxAge = new Option<string>("--max-age") { Description = "age after which terminals treat the list as stale (default 7d)", DefaultValueFactory = _ => "7d" };
        var universe = new Option<ulong?>("--universe") { Description = "every card key (permit×16+generation) is below this (default: largest key + 1)" };
        var blockSize = new Option<int>("--block-size") { Description = "512, 1024, 2048 or 4096 bytes (default 1024)", DefaultValueFactory = _ => 1024 };
        var command = new Command("build", "Build and sign a full revocation list.\n" +
            "Example: list build --entries revoked.csv --key keys/list-signer-7.private.json --sequence 12 --out list-12.rvl");
        foreach (var o in new Option[] { entries, key, sequence, outFile, issuedAt, nextUpdate, maxAge, universe, blockSize })
        {
            command.Options.Add(o);
        }

        CommandRunner.SetAction(command, (p, output, _) =>
        {
            var signer = KeyRoles.Signer(p.GetValue(key)!, KeyUsage.ListSigner, "lists");
            int log2 = p.GetValue(blockSize) switch { 512 => 9, 1024 => 10, 2048 => 11, 4096 => 12, _ => throw new InputException("--block-size: must be 512, 1024, 2048 or 4096") };
            long issued = p.GetValue(issuedAt) is string t ? CommandRunner.ParseTime(t, "--issued-at") : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            uint next = CommandRunner.ParseDuration(p.GetValue(nextUpdate)!, "--next-update");
            uint max = CommandRunner.ParseDuration(p.GetValue(maxAge)!, "--max-age");
            if (next > max)
            {
                throw new InputException("--next-update must not be later than --max-age");
            }

            if (p.GetValue(sequence) == 0)
            {
                throw new InputException("--sequence must be at least 1");
            }

            if (!signer.ToTrustedKey().IsValidOn(CivilDate.BeijingDayOf(issued)))
            {
                throw new InputException("key " + signer.KeyId + " is not valid on the issue day " + CivilDate.BeijingDayOf(issued) + " (valid " + signer.ValidFrom + " to " + signer.ValidUntil + ")");
            }

            string entriesPath = p.GetValue(entries)!;
            var parsed = EntryFileReader.Read(entriesPath);
            ulong? u = p.GetValue(universe);
            if (u is ulong given)
            {
                if (given == 0 || given > CardKey.Limit)
                {
                    throw new InputException("--universe must be 1.." + CardKey.Limit);
                }

                var outside = parsed.FirstOrDefault(e => e.CardKey >= given);
                if (outside.SourceLine != 0)
                {
                    throw new InputException(entriesPath + ":" + outside.SourceLine + ": card key " + outside.CardKey + " is not below --universe " + given);
                }
            }

            byte[] list;
            try
            {
                list = ConsoleOutput.WithProgress(output, "building and signing " + parsed.Count + " entries", 1, done =>
                {
                    var built = RevocationListBuilder.Build(parsed, new ListParameters(signer.KeyId, p.GetValue(sequence), issued, next, max, u, log2), signer.PrivateSeed!);
                    done(1);
                    return built;
                });
            }
            catch (ArgumentException e)
            {
                throw new InputException(entriesPath + ": " + e.Message);
            }

            WriteOutput(p.GetValue(outFile)!, list);
            output.WriteLine("wrote " + p.GetValue(outFile) + ": sequence " + p.GetValue(sequence) + ", " + parsed.Count + " entries, " + list.Length + " bytes");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateDelta()
    {
        var from = new Option<string>("--from") { Description = "base list (sequence n)", Required = true };
        var to = new Option<string>("--to") { Description = "target list (sequence m > n)", Required = true };
        var key = new Option<string>("--key") { Description = "private list-signer key file to sign the delta", Required = true };
        var outFile = new Option<string>("--out") { Description = "delta file to write", Required = true };
        var command = new Command("delta", "Make a signed delta that turns list n into list m (byte-identical result).\n" +
            "Example: list delta --from list-12.rvl --to list-13.rvl --key keys/list-signer-7.private.json --out delta-12-13.rvd");
        foreach (var o in new Option[] { from, to, key, outFile })
        {
            command.Options.Add(o);
        }

        CommandRunner.SetAction(command, (p, output, _) =>
        {
            var signer = KeyRoles.Signer(p.GetValue(key)!, KeyUsage.ListSigner, "lists");
            byte[] fromBytes = CommandRunner.ReadInput(p.GetValue(from)!);
            byte[] toBytes = CommandRunner.ReadInput(p.GetValue(to)!);
            byte[] delta;
            try
            {
                delta = ConsoleOutput.WithProgress(output, "diffing and signing the delta", 1, done =>
                {
                    var built = RevocationDeltaBuilder.Build(fromBytes, toBytes, signer.KeyId, signer.PrivateSeed!);
                    done(1);
                    return built;
                });
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new InputException(e.Message);
            }

            var header = ListFiles.ParseDeltaHeader(delta);
            WriteOutput(p.GetValue(outFile)!, delta);
            output.WriteLine("wrote " + p.GetValue(outFile) + ": sequence " + header.BaseSequence + " -> " + header.Target.Sequence +
                ", " + header.RemoveCount + " removed, " + header.AddCount + " added, " + delta.Length + " bytes");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateInspect()
    {
        var file = new Argument<string>("file") { Description = "list or delta file" };
        var showEntries = new Option<bool>("--entries") { Description = "also print every entry as CSV" };
        var command = new Command("inspect", "Print the header and sizes of a list or delta.\nExample: list inspect list-12.rvl --entries");
        command.Arguments.Add(file);
        command.Options.Add(showEntries);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            string path = p.GetValue(file)!;
            byte[] bytes = CommandRunner.ReadInput(path);
            try
            {
                if (ListFiles.IsDelta(bytes))
                {
                    PrintDelta(output, ListFiles.ParseDeltaHeader(bytes), bytes.Length);
                    return ExitCodes.Ok;
                }

                var decoded = ListFiles.Decode(bytes);
                PrintList(output, decoded.Header, bytes.Length);
                if (p.GetValue(showEntries))
                {
                    output.WriteLine(EntryFileReader.CsvHeader);
                    foreach (var e in decoded.Entries)
                    {
                        output.WriteLine(e.ToCsv());
                    }
                }
            }
            catch (FormatException e)
            {
                throw new InputException(path + ": " + e.Message);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateVerify()
    {
        var file = new Argument<string>("file") { Description = "list or delta file" };
        var keys = new Option<string[]>("--key") { Description = "trusted public key file (repeatable)", Required = true, AllowMultipleArgumentsPerToken = false };
        var baseList = new Option<string?>("--base") { Description = "for a delta: the base list it must apply to" };
        var command = new Command("verify", "Check signature, key usage and validity, and structure, as a terminal would.\n" +
            "Example: list verify list-12.rvl --key keys/list-signer-7.public.json");
        command.Arguments.Add(file);
        command.Options.Add(keys);
        command.Options.Add(baseList);
        CommandRunner.SetAction(command, (p, output, error) =>
        {
            var ring = KeyRoles.TrustedRing(p.GetValue(keys)!);
            string path = p.GetValue(file)!;
            byte[] bytes = CommandRunner.ReadInput(path);
            string? failure = ListFiles.IsDelta(bytes)
                ? VerifyDelta(bytes, ring, p.GetValue(baseList), out string summary)
                : VerifyList(bytes, ring, out summary, out _);
            if (failure != null)
            {
                error.WriteLine("INVALID " + path + ": " + failure);
                return ExitCodes.VerificationFailed;
            }

            output.WriteLine("OK " + path + ": " + summary);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreatePublish()
    {
        var file = new Argument<string>("file") { Description = "signed full list (from list build)" };
        var keys = new Option<string[]>("--key") { Description = "public list-signer key file the terminals trust (repeatable): the list is verified before anything is published", Required = true };
        var region = new Option<string>("--region") { Description = "region code, e.g. 420100: every terminal of the region downloads it", Required = true };
        var chunk = new Option<int>("--chunk-bytes") { Description = "chunk size (1.." + RevocationStore.MaxChunkBytes + ")", DefaultValueFactory = _ => RevocationStore.MaxChunkBytes };
        var broker = new BrokerCliOptions();
        var command = new Command("publish", "Release a verified list to a region: its chunks retained on rp/v1/{region}/_list/{sequence}/{index}, then the retained " +
            "announcement on rp/v1/{region}/_list/announce (QoS 1, each acknowledged by the broker). Terminals download full lists (a delta is refused here). " +
            "Exit 3, nothing published, when the list does not verify; exit 5 when the broker cannot be reached.\n" +
            "Example: list publish list-12.rvl --key keys/list-signer-2.public.json --region 420100 --host mqtt.example.cn --port 8883 --ca ca.pem --username platform");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { keys, region, chunk })
        {
            command.Options.Add(o);
        }

        broker.AddTo(command);
        CommandRunner.SetAsyncAction(command, async (p, output, cancellationToken) =>
        {
            var ring = KeyRoles.TrustedRing(p.GetValue(keys)!);
            string regionCode = CommandRunner.TopicToken("--region", p.GetValue(region)!);
            int chunkBytes = (int)CommandRunner.CheckRange("--chunk-bytes", p.GetValue(chunk), 1, RevocationStore.MaxChunkBytes);

            var endpoint = broker.Read(p, new BrokerEndpoint());
            string path = p.GetValue(file)!;
            byte[] bytes = CommandRunner.ReadInput(path);
            if (ListFiles.IsDelta(bytes))
            {
                throw new InputException(path + ": a delta; terminals download full lists over MQTT (publish the list the delta leads to)");
            }

            if (bytes.Length > RevocationStore.MaxListBytes)
            {
                throw new InputException(path + ": " + bytes.Length + " bytes; terminals take lists of at most " + RevocationStore.MaxListBytes + " bytes");
            }

            string? failure = VerifyList(bytes, ring, out string summary, out ulong sequence);
            if (failure != null)
            {
                p.InvocationConfiguration.Error.WriteLine("INVALID " + path + ": " + failure + "; nothing published");
                return ExitCodes.VerificationFailed;
            }

            output.WriteLine("OK " + path + ": " + summary);
            await using var client = await BrokerPublisher.ConnectAsync(endpoint, cancellationToken);
            int chunks = await ListPublisher.PublishAsync(client, regionCode, (long)sequence, bytes, chunkBytes);
            var topics = new ReportingTopics(regionCode, "platform");
            output.WriteLine("published " + ListPublisher.Describe(bytes.Length, chunks, chunkBytes, topics.ListChunk((long)sequence, 0)) + " and announced on " +
                             topics.ListAnnounce + " (retained) at " + endpoint);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string? VerifyList(byte[] bytes, KeyRing ring, out string summary, out ulong sequence)
    {
        summary = "";
        sequence = 0;
        var file = new MemoryFile(bytes);
        var error = RevocationVerifier.VerifyList(file, ring, new BouncyCastleSignatureVerifier(), out var header);
        if (error == RevocationError.None)
        {
            error = RevocationListValidator.Validate(file, out header);
        }

        if (error != RevocationError.None)
        {
            return error.ToString();
        }

        summary = "revocation list sequence " + header.Sequence + ", " + header.EntryCount + " entries, signed by list-signer key " + header.KeyId;
        sequence = header.Sequence;
        return null;
    }

    private static string? VerifyDelta(byte[] bytes, KeyRing ring, string? basePath, out string summary)
    {
        summary = "";
        var error = RevocationVerifier.VerifyDelta(new MemoryFile(bytes), ring, new BouncyCastleSignatureVerifier(), out var header);
        if (error != RevocationError.None)
        {
            return error.ToString();
        }

        summary = "delta " + header.BaseSequence + " -> " + header.Target.Sequence + ", signed by list-signer key " + header.KeyId;
        if (basePath == null)
        {
            summary += " (not applied: give --base to check the result)";
            return null;
        }

        byte[] target;
        try
        {
            target = ListFiles.ApplyDelta(CommandRunner.ReadInput(basePath), bytes);
        }
        catch (FormatException e)
        {
            return e.Message;
        }

        string? failure = VerifyList(target, ring, out string targetSummary, out _);
        if (failure != null)
        {
            return "the rebuilt list does not verify: " + failure;
        }

        summary += "; applied to " + basePath + ": " + targetSummary;
        return null;
    }

    private static void PrintList(TextWriter output, RevocationListHeader h, long fileBytes)
    {
        output.WriteLine("revocation list (format " + RevocationListHeader.FormatVersion + ")");
        output.WriteLine("sequence:        " + h.Sequence);
        output.WriteLine("signing key id:  " + h.KeyId);
        output.WriteLine("issued at:       " + DateTimeOffset.FromUnixTimeSeconds(h.IssuedAt).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm:ss zzz") + " (" + h.IssuedAt + ")");
        output.WriteLine("next update:     +" + h.NextUpdateSeconds + " s; maximum age: +" + h.MaxAgeSeconds + " s");
        output.WriteLine("universe:        " + h.Universe + " card keys");
        output.WriteLine("entries:         " + h.EntryCount);
        output.WriteLine("blocks:          " + h.BlockSize + " bytes; " + h.DataBlockCount + " data, " + h.IndexBlockCount + " index");
        output.WriteLine("encoding:        rice k=" + h.RiceParameter + ", key bytes " + h.KeyBytes + ", date bits " + h.DateBits + " from " + CivilDate.FromDayNumber(h.DateBase));
        output.WriteLine("size:            " + fileBytes + " bytes" + (h.EntryCount > 0 ? ", " + (fileBytes * 8.0 / h.EntryCount).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " bits per entry" : ""));
    }

    private static void PrintDelta(TextWriter output, RevocationDeltaHeader d, long fileBytes)
    {
        output.WriteLine("revocation delta (format " + RevocationDeltaHeader.FormatVersion + ")");
        output.WriteLine("sequence:        " + d.BaseSequence + " -> " + d.Target.Sequence);
        output.WriteLine("signing key id:  " + d.KeyId);
        output.WriteLine("removed:         " + d.RemoveCount + " (rice k=" + d.RemoveRiceParameter + ", " + d.RemovesBytes + " bytes)");
        output.WriteLine("added:           " + d.AddCount + " (rice k=" + d.AddRiceParameter + ", " + d.AddsBytes + " bytes)");
        output.WriteLine("size:            " + fileBytes + " bytes");
        output.WriteLine("target list:");
        PrintList(output, d.Target, d.Target.FileLength);
    }


    private static void WriteOutput(string path, byte[] bytes)
    {
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path + ": " + e.Message);
        }
    }
}
