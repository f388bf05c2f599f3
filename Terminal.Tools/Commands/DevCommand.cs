using System.CommandLine;
using Terminal.Tools.Nanoclr;

namespace Terminal.Tools.Commands;

/// <summary>
/// `dev`: developers' steps of the nanoCLR path (build/nanoclr/nanoclr.sh, issue #18): the image of a whole-terminal run
/// on the interpreter and the check of what it printed against the host demo's terminal.
/// </summary>
public static class DevCommand
{
    public static Command Create()
    {
        var dev = new Command("dev", "Developers' steps of the nanoCLR path (build/nanoclr/README.md): a whole-terminal run on the real interpreter.");
        dev.Subcommands.Add(CreateImage());
        dev.Subcommands.Add(CreateCheck());
        return dev;
    }

    private static Command CreateImage()
    {
        var pe = new Option<string>("--app-pe") { Description = "Terminal.App.pe from the real metadata processor (the factory bundle's one assembly)", Required = true };
        var output = new Option<string>("--out") { Description = "folder for the image assemblies' sources (Part*.cs, Program.cs) and expected.txt", Required = true };
        var profile = new Option<string>("--profile") { Description = "service profile, as for demo", DefaultValueFactory = _ => "hospital" };
        var heap = new Option<bool>("--heap") { Description = "the run prints its managed heap (give the interpreter the real nanoFramework.Runtime.Native, not the stub)" };
        var command = new Command("nanoclr-image", "Write the inputs of a whole-terminal run on the nanoCLR (the demo's 22 cards, keys, list, configuration and a " +
            "signed factory bundle of --app-pe) as C# sources of image assemblies, and the host demo terminal's usage events for them (expected.txt).\n" +
            "Example: dev nanoclr-image --app-pe /tmp/nanoclr-work/pe/Terminal.App.pe --out /tmp/nanoclr-work/image");
        foreach (var o in new Option[] { pe, output, profile, heap })
        {
            command.Options.Add(o);
        }

        CommandRunner.SetAction(command, (p, writer, _) =>
        {
            var image = new InterpreterImage(CommandRunner.ReadInput(p.GetValue(pe)!), DateTimeOffset.UtcNow, p.GetValue(profile)!, p.GetValue(heap));
            int parts = image.Write(p.GetValue(output)!);
            writer.WriteLine($"image: {image.Cards.Cards.Count} cards, {image.Drive.Count} drive files ({string.Join(", ", image.Drive.Keys.Order(StringComparer.Ordinal))}), " +
                             $"bundle {image.Bundle.Length} bytes; {parts} image parts; host terminal: {image.Expected.Count} usage events");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateCheck()
    {
        var expected = new Option<string>("--expected") { Description = "expected.txt written by nanoclr-image", Required = true };
        var log = new Option<string>("--log") { Description = "what the interpreter printed", Required = true };
        var command = new Command("nanoclr-check", "Compare a whole-terminal run on the nanoCLR with the host demo's terminal: its outbox (rebuilt from the " +
            "printed drive) must hold the host's usage events, card for card. Prints one APP line; exit 3 on any difference.\n" +
            "Example: dev nanoclr-check --expected /tmp/nanoclr-work/image/expected.txt --log /tmp/nanoclr-work/app.log");
        command.Options.Add(expected);
        command.Options.Add(log);
        CommandRunner.SetAction(command, (p, writer, _) =>
        {
            var check = InterpreterRunCheck.Compare(File.ReadAllText(p.GetValue(expected)!), File.ReadLines(p.GetValue(log)!));
            foreach (string problem in check.Problems)
            {
                writer.WriteLine("DIFF " + problem);
            }

            writer.WriteLine($"APP demo_cards={check.CardsTapped} verdicts_equal={check.VerdictsEqual} cards={check.Cards} events={check.Events} " +
                             $"expected_events={check.ExpectedEvents} tap_compute_us={check.TapComputeMicroseconds} tap_verdict_us={check.TapVerdictMicroseconds} heap_samples={check.HeapSamples} " +
                             $"heap_bootstrap_bytes={check.HeapBootstrapBytes} heap_boot_bytes={check.HeapBootBytes} heap_high_water_bytes={check.HeapHighWaterBytes} ended={(check.Ended ? 1 : 0)}");
            return check.Passed ? ExitCodes.Ok : ExitCodes.VerificationFailed;
        });
        return command;
    }
}
