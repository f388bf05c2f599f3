using System.CommandLine;
using Terminal.Tools.Keys;
using Terminal.Tools.Platform;

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
