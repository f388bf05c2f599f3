using System.CommandLine;
using Terminal.Tools.Commands;

namespace Terminal.Tests.Tools;

/// <summary>Every command's --help shows a description and an example; `platform broker` and `ingest` run in-process.</summary>
public sealed class CommandTreeTests : CliHarness
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (string path in AllPaths())
        {
            data.Add(path);
        }

        return data;
    }

    private static List<string> AllPaths()
    {
        var data = new List<string>();
        void Walk(Command command, string path)
        {
            data.Add(path);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, (path + " " + sub.Name).Trim());
            }
        }

        Walk(Terminal.Tools.Program.BuildRoot(), "");
        return data;
    }

    [Fact]
    public void The_tree_holds_every_command_of_the_issue()
    {
        var paths = AllPaths().ToHashSet();
        foreach (string expected in new[] { "demo", "keys new", "keys list", "keys export-public", "card issue", "card inspect", "list build", "list delta",
                     "list inspect", "list verify", "device provision", "platform ingest", "platform broker" })
        {
            Assert.Contains(expected, paths);
        }
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Help_shows_a_description_and_an_example(string path)
    {
        var r = Run([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
        Assert.Equal(0, r.Code);
        Assert.Contains("Description:", r.Out);
        Assert.Contains("Example: ", r.Out);
        Assert.Contains("Usage:", r.Out);
    }

    [Fact]
    public void Demo_through_the_cli_entry_writes_cards_that_card_inspect_reads_and_prints_no_control_codes()
    {
        string cards = PathOf("demo-cards");
        var demo = Run("demo", "--profile", "school", "--write-cards", cards);
        Assert.True(demo.Code == 0, demo.Out + demo.Err);
        Assert.Contains("0 unexpected verdicts", demo.Out);
        Assert.DoesNotContain("\u001b[", demo.Out); // redirected: no progress bar, no colours
        string valid = Directory.GetFiles(cards, "01-*.card").Single();
        var inspect = Run("card", "inspect", valid);
        Assert.True(inspect.Code == 0, inspect.Err);
        Assert.Contains("CRC-32 ok", inspect.Out);
        string garbled = Directory.GetFiles(cards, "*garbled*.card").Single();
        Assert.Equal(ExitCodes.VerificationFailed, Run("card", "inspect", garbled).Code);
    }

    [Fact]
    public void Platform_broker_and_ingest_run_and_stop_by_themselves()
    {
        var broker = Run("platform", "broker", "--port", "0", "--duration-seconds", "1");
        Assert.True(broker.Code == 0, broker.Err);
        Assert.Matches(@"broker: listening on 127\.0\.0\.1:\d+", broker.Out);
        Assert.Contains("broker: stopped", broker.Out);
    }

    [Fact]
    public async Task Platform_ingest_connects_stores_and_stops_after_its_duration()
    {
        await using var broker = new Terminal.Tools.Platform.EmbeddedBroker();
        await broker.StartAsync();
        var r = await Task.Run(() => Run("platform", "ingest", "--port", broker.Port.ToString(), "--db", PathOf("usage.db"), "--duration-seconds", "2", "--report-seconds", "1"));
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("ingest: storing into SQLite " + PathOf("usage.db"), r.Out);
        Assert.Contains("ingest: stopped;", r.Out);
        Assert.Contains("total_stored=0", r.Out);
        Assert.True(File.Exists(PathOf("usage.db")));
    }

    [Fact]
    public void Bad_input_to_platform_commands_and_lists_is_one_line_and_exit_code_2()
    {
        AssertBadInput(Run("platform", "ingest", "--ca", PathOf("missing-ca.pem"), "--duration-seconds", "1"), "missing-ca.pem");
        AssertBadInput(Run("platform", "ingest", "--port", "70000"), "--port: 70000 is out of range (1..65535)");
        AssertBadInput(Run("platform", "broker", "--port", "-1"), "--port: -1 is out of range (0..65535)");
        AssertBadInput(Run("platform", "ingest", "--port", "many"), "many");

        NewKey("list-signer", 2, "2020-01-01", "2024-12-31");
        Write("revoked.csv", "000000000123,0,3,2026-03-01\n");
        AssertBadInput(Run("list", "build", "--entries", PathOf("revoked.csv"), "--key", Key("list-signer-2.private.json"), "--sequence", "1",
            "--issued-at", "2026-03-02T08:00:00+08:00", "--out", PathOf("n.rvl")), "key 2 is not valid on the issue day 2026-03-02");
        AssertBadInput(Run("list", "verify", PathOf("n.rvl"), "--key", PathOf("missing.public.json")), "missing.public.json");
        AssertBadInput(Run("list", "delta", "--from", PathOf("a.rvl"), "--to", PathOf("b.rvl"), "--key", Key("list-signer-2.public.json"), "--out", PathOf("d.rvd")),
            "a private key file is needed to sign");
        AssertBadInput(Run("demo", "--profile", "spa"), "spa");
        Assert.Equal(ExitCodes.BadInput, Run("nonsense").Code);
    }
}
