using System.CommandLine;
using Terminal.Tools.Keys;
using Terminal.Tools.Platform;
using Terminal.Tools.Platform.Operator;
using Terminal.Tools.Platform.Web;

namespace Terminal.Tools.Commands;

/// <summary>`platform`: the provincial platform's side of reporting — `ingest` (store usage events) and `broker` (an embedded broker for local runs).</summary>
public static class PlatformCommand
{
    public static Command Create()
    {
        var platform = new Command("platform", "The provincial platform's side of usage reporting.\n" +
                                               "Example: dotnet run --project Terminal.Tools -- platform ingest --host 127.0.0.1 --port 1883 --db usage.db");
        platform.Subcommands.Add(Ingest());
        platform.Subcommands.Add(Broker());
        platform.Subcommands.Add(Serve());
        platform.Subcommands.Add(OperatorAccountsCommand());
        return platform;
    }

    private static Command Ingest()
    {
        var broker = new BrokerCliOptions();
        var region = new Option<string>("--region") { Description = "Region code to consume, or + for all", DefaultValueFactory = _ => "+" };
        var group = new Option<string>("--group") { Description = "Shared-subscription group: processes in one group split the traffic", DefaultValueFactory = _ => "ingest" };
        var clientId = new Option<string?>("--client-id") { Description = "MQTT client id (stable, so the broker keeps this process's session)" };
        var db = new Option<string>("--db") { Description = "SQLite database file", DefaultValueFactory = _ => "usage.db" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (Host=...;Database=...;Username=...) instead of SQLite" };
        var every = new Option<int>("--report-seconds") { Description = "Print the running counts this often", DefaultValueFactory = _ => 5 };
        var duration = new Option<int>("--duration-seconds") { Description = "Stop after this long (0: until Ctrl-C)", DefaultValueFactory = _ => 0 };

        var command = new Command("ingest", "Consume usage batches through a shared subscription, de-duplicate by event id, store them, print running counts.\n" +
                                            "Example: dotnet run --project Terminal.Tools -- platform ingest --host 127.0.0.1 --port 1883 --db usage.db");
        broker.AddTo(command);
        foreach (var option in new Option[] { region, group, clientId, db, postgres, every, duration })
        {
            command.Options.Add(option);
        }

        CommandRunner.SetAsyncAction(command, async (parse, output, cancellationToken) =>
        {
            if (parse.GetValue(every) < 1 || parse.GetValue(duration) < 0)
            {
                throw new InputException("--report-seconds must be at least 1 and --duration-seconds at least 0");
            }

            var options = broker.Read(parse, new IngestOptions { Region = parse.GetValue(region)!, ShareGroup = parse.GetValue(group)! });
            if (parse.GetValue(clientId) is { } id)
            {
                options.ClientId = id;
            }

            string target = parse.GetValue(postgres) ?? parse.GetValue(db)!;
            await using var store = OpenStore(target);
            await using var ingest = new PlatformIngest(options, store, output);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parse.GetValue(duration) > 0)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(parse.GetValue(duration)));
            }

            output.WriteLine("ingest: storing into " + (target.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite " + target));
            try
            {
                await ingest.StartAsync(stop.Token);
                var period = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(every)));
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(period, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                    output.WriteLine("ingest: " + ingest.Counters + " total_stored=" + await store.CountAsync(CancellationToken.None));
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or --duration-seconds before the first connection.
            }

            await ingest.StopAsync();
            output.WriteLine("ingest: stopped; " + ingest.Counters + " total_stored=" + await store.CountAsync(CancellationToken.None));
            return 0;
        });
        return command;
    }

    private static Command Broker()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free port)", DefaultValueFactory = _ => 1883 };
        var duration = new Option<int>("--duration-seconds") { Description = "Stop after this long (0: until Ctrl-C)", DefaultValueFactory = _ => 0 };
        var command = new Command("broker", "Run MQTTnet's broker on 127.0.0.1 for local runs (no shared subscriptions; usage messages spooled until delivered).\n" +
                                            "Example: dotnet run --project Terminal.Tools -- platform broker --port 1883");
        command.Options.Add(port);
        command.Options.Add(duration);
        CommandRunner.SetAsyncAction(command, async (parse, output, cancellationToken) =>
        {
            CommandRunner.CheckRange("--port", parse.GetValue(port), 0, 65535); // 0: any free port
            await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { Port = parse.GetValue(port) });
            await broker.StartAsync();
            output.WriteLine("broker: listening on " + broker.Host + ":" + broker.Port);
            try
            {
                await Task.Delay(parse.GetValue(duration) > 0 ? TimeSpan.FromSeconds(parse.GetValue(duration)) : Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }

            output.WriteLine("broker: stopped");
            return 0;
        });
        return command;
    }

    private static Command Serve()
    {
        var db = new Option<string>("--db") { Description = "The ingest's SQLite database file", DefaultValueFactory = _ => "usage.db" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (Host=...;Database=...;Username=...) instead of SQLite" };
        var host = new Option<string>("--host") { Description = "Address to listen on (keep loopback; put a TLS reverse proxy in front for remote operators)", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Port (0: any free port)", DefaultValueFactory = _ => 8080 };
        var offline = new Option<int>("--offline-minutes") { Description = "Alert when a terminal has been offline longer than this", DefaultValueFactory = _ => 30 };
        var listHours = new Option<int>("--list-max-hours") { Description = "Alert when a terminal's revocation list is older than this", DefaultValueFactory = _ => 48 };
        var duration = new Option<int>("--duration-seconds") { Description = "Stop after this long (0: until Ctrl-C)", DefaultValueFactory = _ => 0 };
        var command = new Command("serve", "Serve the read-only operator view (fleet, usage chart, alerts, terminal pages) over the ingest's store; operators sign in.\n" +
                                           "Example: dotnet run --project Terminal.Tools -- platform serve --db usage.db --port 8080");
        foreach (var option in new Option[] { db, postgres, host, port, offline, listHours, duration })
        {
            command.Options.Add(option);
        }

        CommandRunner.SetAsyncAction(command, async (parse, output, cancellationToken) =>
        {
            CommandRunner.CheckRange("--port", parse.GetValue(port), 0, 65535);
            CommandRunner.CheckRange("--offline-minutes", parse.GetValue(offline), 1, 100_000);
            CommandRunner.CheckRange("--list-max-hours", parse.GetValue(listHours), 1, 100_000);
            if (!System.Net.IPAddress.TryParse(parse.GetValue(host), out var address))
            {
                throw new InputException("--host must be an IP address, e.g. 127.0.0.1");
            }

            string target = parse.GetValue(postgres) ?? parse.GetValue(db)!;
            if (!UsageStores.IsPostgres(target) && !File.Exists(target))
            {
                throw new InputException(target + ": no such store (start `platform ingest --db " + target + "` first, or name the ingest's --db)");
            }

            await using var store = OpenStore(target);
            await store.InitializeAsync(cancellationToken);
            int accounts = (await new OperatorAccounts(store.Database).ListAsync(cancellationToken)).Count;
            var options = new OperatorWebOptions
            {
                Address = address, Port = parse.GetValue(port), Log = Console.Error,
                Alerts = new AlertThresholds { OfflineAfter = TimeSpan.FromMinutes(parse.GetValue(offline)), ListMaxAge = TimeSpan.FromHours(parse.GetValue(listHours)) },
            };
            await using var web = await OperatorWeb.StartAsync(store.Database, options, cancellationToken);
            output.WriteLine("operator view: " + web.Address + " (store " + store.Database.Description + ", " + accounts + " operator accounts)");
            if (accounts == 0)
            {
                output.WriteLine("operator view: no operator accounts yet; add one with `platform operator add --username NAME --region 420100 --password-file -`");
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, web.Stopping);
            try
            {
                await Task.Delay(parse.GetValue(duration) > 0 ? TimeSpan.FromSeconds(parse.GetValue(duration)) : Timeout.InfiniteTimeSpan, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            output.WriteLine("operator view: stopped");
            return 0;
        });
        return command;
    }

    private static Command OperatorAccountsCommand()
    {
        var command = new Command("operator", "Operator accounts of the operator view (stored hashed in the platform's database).\n" +
                                              "Example: dotnet run --project Terminal.Tools -- platform operator add --username wuhan-ops --region 420100 --password-file -");
        var db = new Option<string>("--db") { Description = "SQLite database file", DefaultValueFactory = _ => "usage.db" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string instead of SQLite" };
        var username = new Option<string>("--username") { Description = "Account name (3-32 of a-z 0-9 . _ -)", Required = true };
        var region = new Option<string>("--region") { Description = "6-digit region code the account may see, or * for the whole province", Required = true };
        var passwordFile = new Option<string>("--password-file") { Description = "File whose first line is the password (- reads it from standard input); at least 12 characters", Required = true };
        var add = new Command("add", "Create an operator account, or set its region and password.\n" +
                                     "Example: echo 'a long passphrase' | dotnet run --project Terminal.Tools -- platform operator add --username wuhan-ops --region 420100 --password-file -");
        foreach (var option in new Option[] { db, postgres, username, region, passwordFile })
        {
            add.Options.Add(option);
        }

        CommandRunner.SetAsyncAction(add, async (parse, output, cancellationToken) =>
        {
            string file = parse.GetValue(passwordFile)!;
            string? password;
            try
            {
                password = file == "-" ? Console.In.ReadLine() : File.ReadLines(file).FirstOrDefault();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(file + ": cannot read the password (" + e.Message + ")");
            }

            string name = parse.GetValue(username)!, scope = parse.GetValue(region)!;
            if (OperatorAccounts.Validate(name, scope, password ?? "") is { } problem)
            {
                throw new InputException(problem);
            }

            await using var store = OpenStore(parse.GetValue(postgres) ?? parse.GetValue(db)!);
            await store.InitializeAsync(cancellationToken);
            await new OperatorAccounts(store.Database).SetAsync(name, scope, password!, cancellationToken);
            output.WriteLine("operator " + name + ": may see " + OperatorPages.ScopeName(new OperatorScope(scope)) + " (" + store.Database.Description + ")");
            return 0;
        });

        var list = new Command("list", "List the operator accounts and their regions (never passwords).\nExample: dotnet run --project Terminal.Tools -- platform operator list --db usage.db");
        list.Options.Add(db);
        list.Options.Add(postgres);
        CommandRunner.SetAsyncAction(list, async (parse, output, cancellationToken) =>
        {
            await using var store = OpenStore(parse.GetValue(postgres) ?? parse.GetValue(db)!);
            await store.InitializeAsync(cancellationToken);
            foreach (var account in await new OperatorAccounts(store.Database).ListAsync(cancellationToken))
            {
                output.WriteLine(account.Username + "\t" + account.Region);
            }

            return 0;
        });
        command.Subcommands.Add(add);
        command.Subcommands.Add(list);
        return command;
    }

    private static IUsageStore OpenStore(string target)
    {
        try
        {
            return UsageStores.Open(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new InputException(target + ": cannot open the store (" + e.Message + ")");
        }
    }
}
