using System.Security.Cryptography;
using Spectre.Console;
using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;
using Terminal.Posix;
using Terminal.Tools.Platform.Operator;
using Terminal.Tools.Platform.Web;

namespace Terminal.Tools.Simulation;

/// <summary>An operator account the demo creates, with the password it printed.</summary>
public sealed record DemoOperator(string Username, string Region, string Password);

/// <summary>`demo --web`: what to do while the operator view runs (the CLI waits for Ctrl+C; tests drive a browser).</summary>
public sealed class DemoWebOptions
{
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Runs while the view serves; the token is cancelled when the process is asked to stop (Ctrl+C, SIGTERM).</summary>
    public required Func<Uri, IReadOnlyList<DemoOperator>, CancellationToken, Task> WhileServing { get; init; }

    /// <summary>Waits for Ctrl+C or SIGTERM.</summary>
    public static async Task UntilStopped(IAnsiConsole console, CancellationToken stopping)
    {
        console.MarkupLine("operator view running; press Ctrl+C to stop");
        try
        {
            await Task.Delay(Timeout.Infinite, stopping);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

/// <summary>
/// After the demo's taps: the operator view on 127.0.0.1 over the demo's store, with three operator accounts (the
/// province, 武汉 420100 — the demo terminal's region — and 宜昌 420500), and a second, idle terminal reporting in
/// 宜昌, so region isolation has something to hide. The demo terminal stays connected (online) meanwhile.
/// </summary>
public static class DemoWeb
{
    public const string OtherRegion = "420500";
    public const string OtherTerminal = "HB420500-DEMO2";

    public static async Task ServeAsync(DemoPlatform platform, DemoWebOptions options, IAnsiConsole console)
    {
        var operators = new[]
        {
            new DemoOperator("province", OperatorScope.Province, NewPassword()),
            new DemoOperator("wuhan", DemoPlatform.Region, NewPassword()),
            new DemoOperator("yichang", OtherRegion, NewPassword()),
        };
        var accounts = new OperatorAccounts(platform.Store.Database);
        foreach (var o in operators)
        {
            await accounts.SetAsync(o.Username, o.Region, o.Password, CancellationToken.None);
        }

        using var other = new ReportingTerminal(
            new ReportingSessionOptions { Region = OtherRegion, TerminalId = OtherTerminal, BackoffInitialMs = 50, BackoffMaxMs = 500 },
            new MqttConnectSettings { Host = platform.Broker.Host, Port = platform.Broker.Port, ConnectTimeoutMs = 5000 }, new RamFileStore());
        using var poll = new PollLoop();
        poll.Add(other);
        // Until both terminals are on the fleet, the demo terminal with its installed list, so the first page shows them.
        var queries = new OperatorQueries(platform.Store.Database);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            var fleet = await queries.FleetAsync(new OperatorScope(OperatorScope.Province), 10, CancellationToken.None);
            if (fleet.Count == 2 && fleet.All(t => t.Online && t.HeartbeatAt != null) && fleet.Any(t => t.ListSequence == 1))
            {
                break;
            }

            await Task.Delay(50);
        }

        await using var web = await OperatorWeb.StartAsync(platform.Store.Database, new OperatorWebOptions { Port = options.Port }, CancellationToken.None);
        console.MarkupLine($"[bold]operator view[/]: {Markup.Escape(web.Address.ToString())}  (demo accounts, passwords new each run)");
        var table = new Table().Border(TableBorder.Rounded).AddColumn("username").AddColumn("may see").AddColumn("password");
        foreach (var o in operators)
        {
            table.AddRow(Markup.Escape(o.Username), Markup.Escape(OperatorPages.ScopeName(new OperatorScope(o.Region))), Markup.Escape(o.Password));
        }

        console.Write(table);
        await options.WhileServing(web.Address, operators, web.Stopping);
    }

    /// <summary>16 characters from a 32-letter alphabet without look-alikes (80 bits).</summary>
    private static string NewPassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return string.Create(16, 0, (span, _) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
