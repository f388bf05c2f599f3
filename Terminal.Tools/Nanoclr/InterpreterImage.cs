using System.Globalization;
using System.Text;
using Terminal.Core.Revocation;
using Terminal.Core.Time;
using Terminal.Core.Update;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Posix;
using Terminal.Tools.Firmware;
using Terminal.Tools.Provisioning;
using Terminal.Tools.Simulation;

namespace Terminal.Tools.Nanoclr;

/// <summary>One usage event the host demo's terminal reported, in order: a card's check or a tier-2 forgery alert.</summary>
public sealed record ExpectedEvent(int Card, CheckRecord Check);

/// <summary>
/// The inputs of a whole-terminal run on the nanoCLR's Linux build (issue #18), and what the host demo's terminal said
/// for exactly those inputs. The demo's 22 cards, keys, list and clock, a provisioned configuration (with Wi-Fi, so
/// the boot takes network time, and a firmware-signer key) and the factory bundle holding the real metadata processor's
/// Terminal.App.pe in slot A, plus the list as the terminal installs it: written as C# sources of the interpreter's
/// image assemblies (<see cref="PosixImage"/>), since that build loads only .pe files. The host's verdicts come from
/// the same configuration, list and cards on <see cref="SimulatedTerminal"/>, tapped as the demo taps.
/// </summary>
public sealed class InterpreterImage
{
    public const string TerminalId = "HB420100-NANO1";

    /// <summary>Array data per image assembly: the nanoFramework PE addresses its signature table (where array data lives) with 16 bits.</summary>
    public const int PartBytes = 40 * 1024;

    private const int ChunkBytes = 8 * 1024;

    public InterpreterImage(byte[] applicationPe, DateTimeOffset now, string profile = "hospital", bool measureHeap = false)
    {
        Now = now;
        MeasureHeap = measureHeap;
        var keys = new SimulationKeys();
        Cards = new DemoCards(keys, now);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var settings = SimulatedTerminal.Provisioning(keys, profile, TerminalId, today) with
        {
            WifiSsid = "posix-desk",
            WifiPassword = "posix-desk-key",
            Keys = [.. SimulatedTerminal.Provisioning(keys, profile, TerminalId, today).Keys,
                new ConfigKey("firmware-signer", SimulationKeys.FirmwareKeyId, keys.FirmwarePublic, today.AddYears(-10), today.AddYears(10))],
        };
        Configuration = DeviceConfigurationText.Write(settings);
        Bundle = FirmwareBundleBuilder.Build([new BundleInput("Terminal.App.pe", applicationPe)],
            new BundleParameters(1, 1, "rt-esp32-rc522-v1", "Terminal.App.Application", SimulationKeys.FirmwareKeyId, now.ToUnixTimeSeconds() - 3600), keys.FirmwareSeed);

        // The list as the terminal's own store installs it (host build of the same RevocationStore), then the cards as the demo taps them.
        var flash = new SimulatedFlash();
        var terminal = new SimulatedTerminal(Configuration, now, flash: flash);
        var installed = terminal.InstallList(Cards.SignedList(now.ToUnixTimeSeconds() - 3600));
        if (installed != RevocationError.None)
        {
            throw new InvalidOperationException("the host terminal refused the demo list: " + installed);
        }

        var drive = flash.FileNames.ToDictionary(name => name, flash.ReadAllBytes, StringComparer.Ordinal);
        drive[Terminal.Core.Persistence.ConfigurationStore.ActiveFileName] = Configuration;
        drive[UpdateSlots.SlotName(0)] = Bundle;
        Drive = drive;
        Tape = Cards.Cards.Select(c => CardTape.Encode(c.Card, c.HoldForOperations)).ToList();

        var events = new List<ExpectedEvent>();
        for (int i = 0; i < Cards.Cards.Count; i++)
        {
            int before = terminal.Recorded.Checks.Count;
            terminal.Tap(Cards.Cards[i].Card, Cards.Cards[i].HoldForOperations);
            terminal.Clock.Advance(TapeReader.SecondsBetweenTaps);
            events.AddRange(terminal.Recorded.Checks.Skip(before).Select(c => new ExpectedEvent(c.IsForgeryAlert ? -1 : i, c)));
        }

        Expected = events;
    }

    public DateTimeOffset Now { get; }

    /// <summary>The run prints its managed heap (only where the interpreter was given the real nanoFramework.Runtime.Native).</summary>
    public bool MeasureHeap { get; }

    public DemoCards Cards { get; }

    public byte[] Configuration { get; }

    public byte[] Bundle { get; }

    /// <summary>The internal drive at power-on: configuration, factory bundle in slot A, the installed list's files.</summary>
    public IReadOnlyDictionary<string, byte[]> Drive { get; }

    /// <summary>The card records, in tap order.</summary>
    public IReadOnlyList<byte[]> Tape { get; }

    /// <summary>The host demo terminal's usage events for these inputs, in order.</summary>
    public IReadOnlyList<ExpectedEvent> Expected { get; }

    /// <summary>Every file of the image in load order: the run's clock and cards, then the drive.</summary>
    public IEnumerable<KeyValuePair<string, byte[]>> Files()
    {
        yield return new(PosixImage.ClockName, PosixImage.EncodeClock(Now.ToUnixTimeSeconds()));
        if (MeasureHeap)
        {
            yield return new(PosixImage.HeapName, [1]);
        }

        for (int i = 0; i < Tape.Count; i++)
        {
            yield return new(PosixImage.CardName(i), Tape[i]);
        }

        foreach (var (name, content) in Drive.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            yield return new(name, content);
        }
    }

    /// <summary>
    /// Writes the image assemblies' sources (Part0.cs … and Program.cs, the interpreter's entry point) and expected.txt
    /// into <paramref name="directory"/>; returns the number of parts.
    /// </summary>
    public int Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var parts = new List<StringBuilder>();
        StringBuilder? part = null;
        int partBytes = 0;
        foreach (var (name, content) in Files())
        {
            for (int at = 0; at < content.Length || (at == 0 && content.Length == 0); at += ChunkBytes)
            {
                int n = Math.Min(ChunkBytes, content.Length - at);
                if (part is null || partBytes + n > PartBytes)
                {
                    part = new StringBuilder();
                    parts.Add(part);
                    partBytes = 0;
                }

                part.Append("            image.Add(\"").Append(name).Append("\", new byte[] {");
                for (int i = 0; i < n; i++)
                {
                    part.Append(i % 32 == 0 ? "\n                " : " ").Append("0x").Append(content[at + i].ToString("X2", CultureInfo.InvariantCulture)).Append(',');
                }

                part.Append(" });\n");
                partBytes += n;
                if (n == 0)
                {
                    break;
                }
            }
        }

        for (int i = 0; i < parts.Count; i++)
        {
            File.WriteAllText(Path.Combine(directory, "Part" + i + ".cs"),
                "// Generated by `Terminal.Tools dev nanoclr-image` for one run on the nanoCLR (issue #18); not source.\n" +
                "namespace Terminal.Posix.Image\n{\n    public static class Part" + i + "\n    {\n        public static void AddTo(Terminal.Posix.PosixImage image)\n        {\n" +
                parts[i] + "        }\n    }\n}\n");
        }

        var main = new StringBuilder();
        main.Append("// Generated by `Terminal.Tools dev nanoclr-image`: the interpreter's entry point for one run.\n")
            .Append("namespace Terminal.Posix.Image\n{\n    public static class Program\n    {\n        public static void Main()\n        {\n")
            .Append("            Terminal.Posix.PosixImage image = new Terminal.Posix.PosixImage();\n");
        for (int i = 0; i < parts.Count; i++)
        {
            main.Append("            Part").Append(i).Append(".AddTo(image);\n");
        }

        main.Append("            Terminal.Posix.PosixTerminal.Run(image);\n        }\n    }\n}\n");
        File.WriteAllText(Path.Combine(directory, "Program.cs"), main.ToString());
        File.WriteAllText(Path.Combine(directory, "expected.txt"), ExpectedText());
        return parts.Count;
    }

    /// <summary>One line per card (its label and the demo's expected verdict) and per expected event.</summary>
    public string ExpectedText()
    {
        var text = new StringBuilder();
        for (int i = 0; i < Cards.Cards.Count; i++)
        {
            text.Append("CARD ").Append(i).Append(' ').Append((int)Cards.Cards[i].Expected).Append(' ').Append(Cards.Cards[i].LabelEn).Append('\n');
        }

        foreach (var e in Expected)
        {
            text.Append("EVENT ").Append(e.Card).Append(' ').Append(ExpectedEventLine(e.Check)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The fields a usage event carries that the check compares (the outbox's record of a check).</summary>
    public static string ExpectedEventLine(CheckRecord c) => string.Create(CultureInfo.InvariantCulture,
        $"unix={c.UnixSeconds} clock={(int)c.Clock} verdict={(int)c.Code} permit={(c.HasPermit ? c.PermitNumber : 0)} generation={(c.HasPermit ? c.Generation : 0)} list={c.ListSequence}");
}
