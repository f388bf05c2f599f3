using Terminal.Core.Update;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Simulated;
using Terminal.Posix;
using Terminal.Tools.Nanoclr;

namespace Terminal.Tests.Posix;

/// <summary>
/// The nanoCLR path's whole-terminal run (issue #18) on .NET: the same image, stand-ins, bootstrap decision and
/// application as on the interpreter, with Terminal.App.Application.Run called directly where the interpreter loads the
/// bundle's .pe; and the check that compares such a run with the host demo's terminal.
/// </summary>
public sealed class PosixRunTests
{
    private static readonly byte[] FakePe = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void The_run_on_dotnet_equals_the_host_demo_card_for_card()
    {
        var image = new InterpreterImage(FakePe, DateTimeOffset.UtcNow, measureHeap: true);
        var lines = RunOnHost(image);
        var check = InterpreterRunCheck.Compare(image.ExpectedText(), lines);
        Assert.Equal(25, check.HeapSamples); // power-on, bootstrap, booted and after each card

        Assert.True(check.Passed, string.Join("\n", check.Problems.Concat(lines.Where(l => l.StartsWith("LOG", StringComparison.Ordinal)))));
        Assert.Equal(22, check.CardsTapped);
        Assert.Equal(22, check.VerdictsEqual);
        Assert.Equal(23, check.Events); // 22 checks and the forged card's tier-2 alert
        Assert.True(check.TapComputeMicroseconds > 0);
        Assert.InRange(check.TapVerdictMicroseconds, 1, check.TapComputeMicroseconds); // the LEDs come before the halt
        Assert.Contains(lines, l => l.Contains("clock: synchronised from SNTP", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("update: booting version 1 from slot 0", StringComparison.Ordinal));
    }

    [Fact]
    public void The_check_reports_a_verdict_that_differs_and_a_run_that_did_not_end()
    {
        var image = new InterpreterImage(FakePe, DateTimeOffset.UtcNow);
        var lines = RunOnHost(image);
        // The host terminal, told card 1 was refused: the run's outbox no longer agrees on that card.
        string tampered = image.ExpectedText().Replace("EVENT 0 unix=", "EVENT 0 unix=1", StringComparison.Ordinal);
        var differs = InterpreterRunCheck.Compare(tampered, lines);
        Assert.False(differs.Passed);
        Assert.Equal(21, differs.VerdictsEqual);
        Assert.Contains(differs.Problems, p => p.StartsWith("event 1 (card 1)", StringComparison.Ordinal));

        Assert.Equal(0, differs.HeapSamples); // this image did not ask for the heap
        var cut = InterpreterRunCheck.Compare(image.ExpectedText(), lines.TakeWhile(l => !l.StartsWith("FILE", StringComparison.Ordinal)));
        Assert.False(cut.Passed);
        Assert.False(cut.Ended);
        Assert.Equal(0, cut.Events);
    }

    [Fact]
    public void Every_demo_card_survives_the_tape()
    {
        var image = new InterpreterImage(FakePe, DateTimeOffset.UtcNow);
        for (int i = 0; i < image.Cards.Cards.Count; i++)
        {
            var original = image.Cards.Cards[i];
            var decoded = CardTape.Decode(image.Tape[i]);
            Assert.NotNull(decoded);
            Assert.Equal(original.HoldForOperations, decoded.HoldForOperations);
            Assert.Equal(original.Card.Family, decoded.Card.Family);
            Assert.Equal(original.Card.UidHex, decoded.Card.UidHex);
            if (original.Card is MifareClassicCard classic)
            {
                var a = classic.ToImage();
                var b = ((MifareClassicCard)decoded.Card).ToImage();
                Assert.Equal(a.Memory, b.Memory);
                Assert.Equal((a.Atqa, a.Sak, a.UidWritable), (b.Atqa, b.Sak, b.UidWritable));
            }
        }

        Assert.Null(CardTape.Decode(image.Tape[0][..^1])); // truncated
        var wrongVersion = (byte[])image.Tape[0].Clone();
        wrongVersion[0] = 2;
        Assert.Null(CardTape.Decode(wrongVersion));
        Assert.Throws<ArgumentException>(() => CardTape.Encode(new FeliCaLike(), 1));
    }

    [Fact]
    public void The_image_joins_chunks_and_keeps_run_inputs_off_the_drive()
    {
        var posix = new PosixImage();
        posix.Add("config.txt", [1, 2]);
        posix.Add(PosixImage.ClockName, PosixImage.EncodeClock(1796584586));
        posix.Add("config.txt", [3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, posix.Find("config.txt"));
        Assert.Equal(1796584586, posix.Clock);
        var drive = new RamFileStore();
        posix.LoadDrive(drive);
        Assert.Equal(new[] { "config.txt" }, drive.Names);
        Assert.Equal("posix/card/07", PosixImage.CardName(7));
        Assert.Empty(posix.Cards());
    }

    [Fact]
    public void The_generated_sources_hold_every_file_within_the_part_limit()
    {
        var image = new InterpreterImage(FakePe, DateTimeOffset.UtcNow);
        string dir = Path.Combine(Path.GetTempPath(), "rt-nanoclr-image-" + Guid.NewGuid().ToString("N"));
        try
        {
            int parts = image.Write(dir);
            Assert.True(parts >= 3, parts + " parts"); // a 100 KB application alone needs three
            long total = image.Files().Sum(f => (long)f.Value.Length);
            long bytesInSources = 0;
            for (int i = 0; i < parts; i++)
            {
                int n = File.ReadAllText(Path.Combine(dir, "Part" + i + ".cs")).Split("0x").Length - 1;
                Assert.InRange(n, 1, InterpreterImage.PartBytes);
                bytesInSources += n;
            }

            Assert.Equal(total, bytesInSources);
            Assert.Contains("Terminal.Posix.PosixTerminal.Run(image);", File.ReadAllText(Path.Combine(dir, "Program.cs")), StringComparison.Ordinal);
            Assert.Equal(image.ExpectedText(), File.ReadAllText(Path.Combine(dir, "expected.txt")));
            Assert.Contains(UpdateSlots.SlotName(0), image.Drive.Keys);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>The interpreter run's steps, with the application called directly (no Assembly.Load of a .pe on .NET).</summary>
    internal static List<string> RunOnHost(InterpreterImage image)
    {
        var posix = new PosixImage();
        foreach (var (name, content) in image.Files())
        {
            for (int at = 0; at < content.Length; at += 5000)
            {
                posix.Add(name, content[at..Math.Min(content.Length, at + 5000)]);
            }
        }

        var output = new ListOutput();
        var run = new PosixRun(output, new HostHeap());
        var host = run.PowerOn(posix);
        Assert.NotNull(host);
        var thread = new Thread(() => Terminal.App.Application.Run(host));
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "the application did not return after the tape");
        run.Finish(UpdateError.None);
        return output.Lines;
    }

    /// <summary>The host's heap after a full collection, as the interpreter's GC.Run reports its own.</summary>
    private sealed class HostHeap : IHeapProbe
    {
        public long FreeBytesAfterCollection() => 64L * 1024 * 1024 - GC.GetTotalMemory(true);
    }

    private sealed class ListOutput : IRunOutput
    {
        public List<string> Lines { get; } = [];

        public void Line(string text)
        {
            lock (Lines)
            {
                Lines.Add(text);
            }
        }
    }

    private sealed class FeliCaLike : SimulatedCard
    {
        public FeliCaLike()
            : base([1, 2, 3, 4], 0x0004, 0x20)
        {
        }

        public override CardFamily Family => CardFamily.Iso14443Part4;

        public override CardResponse Read(int block, byte[] buffer, int offset) => CardResponse.NoResponse;

        public override CardResponse Write(int block, byte[] data, int offset) => CardResponse.NoResponse;
    }
}
