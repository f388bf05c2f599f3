using System.Text;
using Terminal.Core.Reporting;
using Terminal.Tools.Commands;
using Terminal.Tools.Platform;

namespace Terminal.Tests.Tools;

/// <summary>
/// `firmware publish|withdraw|status` and `list publish` against the embedded broker on 127.0.0.1, in-process: what the
/// broker retains afterwards is read back with a client, as terminals (and a dashboard) would receive it.
/// </summary>
public sealed class FirmwareRolloutCommandTests : CliHarness, IAsyncLifetime
{
    private const string Region = "420100";
    private static readonly string[] Terminals = ["HB420100-0001", "HB420100-0002"];
    private readonly EmbeddedBroker _broker = new(new EmbeddedBrokerOptions { Users = { ["platform"] = "release-pw" } });

    public Task InitializeAsync() => _broker.StartAsync();

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    private string[] BrokerArgs(string password = "release-pw") =>
        ["--host", _broker.Host, "--port", _broker.Port.ToString(), "--username", "platform", "--password", password];

    private string[] TargetArgs() => ["--region", Region, .. Terminals.SelectMany(t => new[] { "--terminal", t })];

    private string Bundle(ulong version)
    {
        Directory.CreateDirectory(PathOf("pe"));
        File.WriteAllBytes(PathOf("pe/Terminal.App.pe"), Enumerable.Range(0, 5000).Select(i => (byte)(i * 7 + (int)version)).ToArray());
        var r = Run("firmware", "bundle", "--from", PathOf("pe"), "--version", version.ToString(), "--hardware", "rt-esp32-rc522-v1",
            "--entry", "Terminal.App.Application", "--key", Key("firmware-signer-20.private.json"), "--out", PathOf("fw-" + version + ".rtfw"));
        Assert.True(r.Code == 0, r.Err);
        return PathOf("fw-" + version + ".rtfw");
    }

    private async Task<IReadOnlyDictionary<string, byte[]?>> RetainedAsync(params string[] topics)
    {
        await using var client = await BrokerPublisher.ConnectAsync(new BrokerEndpoint { Host = _broker.Host, Port = _broker.Port, Username = "platform", Password = "release-pw" });
        return await client.ReadRetainedAsync(topics, TimeSpan.FromSeconds(2)); // returns early once every topic answered
    }

    [Fact]
    public async Task Publish_verifies_then_retains_every_chunk_and_announces_to_each_terminal()
    {
        NewKey("firmware-signer", 20);
        string bundle = Bundle(12);
        byte[] bytes = File.ReadAllBytes(bundle);
        var r = Run(["firmware", "publish", bundle, "--key", Key("firmware-signer-20.public.json"), "--chunk-bytes", "1024", .. TargetArgs(), .. BrokerArgs()]);
        Assert.True(r.Code == ExitCodes.Ok, r.Err + r.Out);
        int chunks = (bytes.Length + 1023) / 1024;
        Assert.Contains("OK " + bundle + ": version 12 for rt-esp32-rc522-v1, 1 assemblies, signed by firmware-signer key 20", r.Out);
        Assert.Contains("published " + bytes.Length + " bytes in " + chunks + " chunks of 1024 on rp/v1/420100/_fw/12/0 .. " + (chunks - 1) + " (retained)", r.Out);
        Assert.Contains("announced version 12 to HB420100-0002 on rp/v1/420100/HB420100-0002/firmware (retained)", r.Out);

        var topics = new ReportingTopics(Region, "platform");
        var chunkTopics = Enumerable.Range(0, chunks).Select(i => topics.FirmwareChunk(12, i)).ToArray();
        var retained = await RetainedAsync([.. chunkTopics, .. Terminals.Select(t => new ReportingTopics(Region, t).Firmware)]);
        Assert.Equal(bytes, chunkTopics.SelectMany(t => retained[t]!).ToArray());
        foreach (string terminal in Terminals)
        {
            Assert.Equal("seq=12;bytes=" + bytes.Length + ";chunk=1024", Encoding.ASCII.GetString(retained[new ReportingTopics(Region, terminal).Firmware]!));
        }

        // What a terminal's download parses: the announcement format is the list's, the chunk count consistent.
        var announcement = new ListAnnouncement();
        Assert.True(announcement.Parse(retained[new ReportingTopics(Region, Terminals[0]).Firmware]!, 4096, 1024));
        Assert.Equal(chunks, announcement.ChunkCount);
    }

    [Fact]
    public async Task A_bundle_that_does_not_verify_is_not_published_at_all()
    {
        NewKey("firmware-signer", 20);
        NewKey("firmware-signer", 21);
        byte[] bytes = File.ReadAllBytes(Bundle(12));
        bytes[^10] ^= 0x04;
        File.WriteAllBytes(PathOf("flipped.rtfw"), bytes);
        var r = Run(["firmware", "publish", PathOf("flipped.rtfw"), "--key", Key("firmware-signer-20.public.json"), .. TargetArgs(), .. BrokerArgs()]);
        Assert.Equal(ExitCodes.VerificationFailed, r.Code);
        Assert.Equal("INVALID " + PathOf("flipped.rtfw") + ": bundle: HashMismatch; an assembly does not match the signed manifest (damaged or altered file); nothing published\n",
            r.Err.ReplaceLineEndings("\n"));

        var other = Run(["firmware", "publish", Bundle(13), "--key", Key("firmware-signer-21.public.json"), .. TargetArgs(), .. BrokerArgs()]);
        Assert.Equal(ExitCodes.VerificationFailed, other.Code);
        Assert.Contains("bundle: UnknownKey; it is signed by key id 20, which the keys given does not trust", other.Err);

        var retained = await RetainedAsync(new ReportingTopics(Region, Terminals[0]).Firmware, new ReportingTopics(Region, "platform").FirmwareChunk(12, 0));
        Assert.All(retained.Values, Assert.Null);
    }

    [Fact]
    public async Task Withdraw_clears_the_announcements_and_status_reads_what_terminals_retained()
    {
        NewKey("firmware-signer", 20);
        Assert.Equal(0, Run(["firmware", "publish", Bundle(12), "--key", Key("firmware-signer-20.public.json"), .. TargetArgs(), .. BrokerArgs()]).Code);
        string group = Write("group.txt", "# withdrawn: the second desk\n" + Terminals[1] + "\n");
        var r = Run(["firmware", "withdraw", "--region", Region, "--terminals", group, .. BrokerArgs()]);
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("withdrew the announcement on rp/v1/420100/HB420100-0002/firmware", r.Out);
        var retained = await RetainedAsync(new ReportingTopics(Region, Terminals[0]).Firmware, new ReportingTopics(Region, Terminals[1]).Firmware);
        Assert.NotNull(retained[new ReportingTopics(Region, Terminals[0]).Firmware]);
        Assert.Null(retained[new ReportingTopics(Region, Terminals[1]).Firmware]);

        // The first terminal has reported (retained, as UpdateDelivery publishes it); the second never connected.
        await _broker.PublishAsync(new ReportingTopics(Region, Terminals[0]).FirmwareStatus, Encoding.ASCII.GetBytes("running=11;state=downloading;version=12;chunks=1/2"), retain: true);
        var status = Run(["firmware", "status", "--wait-ms", "2000", .. TargetArgs(), .. BrokerArgs()]);
        Assert.True(status.Code == 0, status.Err);
        Assert.Equal("HB420100-0001: running=11;state=downloading;version=12;chunks=1/2\nHB420100-0002: no status retained (never connected, or not yet)\n",
            status.Out.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_broker_that_refuses_or_is_not_there_is_one_line_and_exit_5()
    {
        NewKey("firmware-signer", 20);
        string bundle = Bundle(12);
        var refused = Run(["firmware", "publish", bundle, "--key", Key("firmware-signer-20.public.json"), .. TargetArgs(), .. BrokerArgs("wrong")]);
        Assert.Equal(ExitCodes.BrokerUnavailable, refused.Code);
        Assert.Single(refused.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains("127.0.0.1:" + _broker.Port, refused.Err);
        Assert.Contains("BadUserNameOrPassword", refused.Err);

        var absent = Run(["firmware", "status", "--region", Region, "--terminal", Terminals[0], "--host", "127.0.0.1", "--port", EmbeddedBroker.FreePort().ToString()]);
        Assert.Equal(ExitCodes.BrokerUnavailable, absent.Code);
        Assert.StartsWith("error: cannot connect to 127.0.0.1:", absent.Err);
        Assert.Single(absent.Err.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task List_publish_verifies_a_full_list_and_releases_it_to_the_region()
    {
        NewKey("list-signer", 2);
        NewKey("list-signer", 3);
        string csv = Write("revoked.csv", string.Concat(Enumerable.Range(0, 400).Select(i => (420100000000L + i * 37).ToString() + ",0,3,2026-03-01\n")));
        Assert.Equal(0, Run("list", "build", "--entries", csv, "--key", Key("list-signer-2.private.json"), "--sequence", "7", "--out", PathOf("list-7.rvl")).Code);
        byte[] list = File.ReadAllBytes(PathOf("list-7.rvl"));

        var refused = Run(["list", "publish", PathOf("list-7.rvl"), "--key", Key("list-signer-3.public.json"), "--region", Region, .. BrokerArgs()]);
        Assert.Equal(ExitCodes.VerificationFailed, refused.Code);
        Assert.StartsWith("INVALID " + PathOf("list-7.rvl") + ": ", refused.Err);
        Assert.EndsWith("; nothing published\n", refused.Err.ReplaceLineEndings("\n"));
        var topics = new ReportingTopics(Region, "platform");
        Assert.Null((await RetainedAsync(topics.ListAnnounce))[topics.ListAnnounce]);

        var r = Run(["list", "publish", PathOf("list-7.rvl"), "--key", Key("list-signer-2.public.json"), "--region", Region, "--chunk-bytes", "256", .. BrokerArgs()]);
        Assert.True(r.Code == 0, r.Err);
        int chunks = (list.Length + 255) / 256;
        Assert.Contains("OK " + PathOf("list-7.rvl") + ": revocation list sequence 7, 400 entries, signed by list-signer key 2", r.Out);
        Assert.Contains("in " + chunks + " chunks of 256 on rp/v1/420100/_list/7/0", r.Out);
        var chunkTopics = Enumerable.Range(0, chunks).Select(i => topics.ListChunk(7, i)).ToArray();
        var retained = await RetainedAsync([.. chunkTopics, topics.ListAnnounce]);
        Assert.Equal(list, chunkTopics.SelectMany(t => retained[t]!).ToArray());
        Assert.Equal("seq=7;bytes=" + list.Length + ";chunk=256", Encoding.ASCII.GetString(retained[topics.ListAnnounce]!));

        Assert.Equal(0, Run("list", "build", "--entries", csv, "--key", Key("list-signer-2.private.json"), "--sequence", "8", "--out", PathOf("list-8.rvl")).Code);
        Assert.Equal(0, Run("list", "delta", "--from", PathOf("list-7.rvl"), "--to", PathOf("list-8.rvl"), "--key", Key("list-signer-2.private.json"), "--out", PathOf("d.rvd")).Code);
        AssertBadInput(Run(["list", "publish", PathOf("d.rvd"), "--key", Key("list-signer-2.public.json"), "--region", Region, .. BrokerArgs()]),
            "a delta; terminals download full lists over MQTT");
    }

    [Fact]
    public void Bad_targets_and_options_are_refused_before_anything_is_sent()
    {
        NewKey("firmware-signer", 20);
        string bundle = Bundle(12);
        string[] publish = ["firmware", "publish", bundle, "--key", Key("firmware-signer-20.public.json"), .. BrokerArgs()];
        AssertBadInput(Run([.. publish, "--region", Region, "--terminal", "HB/0001"]), "--terminal: 'HB/0001' is not a topic token");
        AssertBadInput(Run([.. publish, "--region", "+", "--terminal", Terminals[0]]), "--region: '+' is not a topic token");
        AssertBadInput(Run([.. publish, "--region", Region, "--terminal", Terminals[0], "--terminal", Terminals[0]]), "terminal HB420100-0001 is named twice");
        string list = Write("group-1.txt", "# first group\nHB420100-0003\n\nHB420100-0001\n");
        AssertBadInput(Run([.. publish, "--region", Region, "--terminal", Terminals[0], "--terminals", list]), "terminal HB420100-0001 is named twice");
        Write("bad.txt", "HB420100-0003\nHB 0004\n");
        AssertBadInput(Run([.. publish, "--region", Region, "--terminals", PathOf("bad.txt")]), PathOf("bad.txt") + ":2: 'HB 0004' is not a topic token");
        AssertBadInput(Run([.. publish, "--region", Region, "--terminals", PathOf("missing.txt")]), PathOf("missing.txt"));
        AssertBadInput(Run([.. publish, .. TargetArgs(), "--chunk-bytes", "4097"]), "--chunk-bytes: 4097 is out of range (1..4096)");
        AssertBadInput(Run([.. publish, .. TargetArgs(), "--client-cert", bundle]), "--client-cert and --client-key go together");
        AssertBadInput(Run(["firmware", "publish", bundle, "--region", Region, "--key", Key("firmware-signer-20.public.json"), .. BrokerArgs()]),
            "name the terminals with --terminal ID (repeatable) or --terminals FILE");
        AssertBadInput(Run(["firmware", "status", .. TargetArgs(), "--wait-ms", "-1"]), "--wait-ms: -1 is out of range");
    }
}
