using System.Text.RegularExpressions;
using Spectre.Console;
using Terminal.Tools.Commands;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Tools;

/// <summary>The demo's table on a narrow terminal and on a pipe: one number per card, never split across lines.</summary>
public sealed class DemoTableTests
{
    private static IReadOnlyList<DemoCommand.DemoRow> Rows()
    {
        var now = new DateTimeOffset(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);
        var keys = new SimulationKeys();
        var set = new DemoCards(keys, now);
        var terminal = new SimulatedTerminal(keys, "hospital", now);
        terminal.InstallList(set.SignedList(now.ToUnixTimeSeconds() - 3600));
        var rows = new List<DemoCommand.DemoRow>();
        foreach (var card in set.Cards)
        {
            var outcome = terminal.Tap(card.Card, card.HoldForOperations);
            terminal.Clock.Advance(30);
            rows.Add(new DemoCommand.DemoRow(rows.Count + 1, card, outcome, outcome.Code == card.Expected));
        }

        return rows;
    }

    [Theory]
    [InlineData(80)]
    [InlineData(220)]
    public void Every_card_number_is_whole_on_one_line(int width)
    {
        var rows = Rows();
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        console.Write(DemoCommand.ResultsTable(rows, width));
        var lines = text.ToString().Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= width, $"wider than {width}: {l}"));
        var numbers = lines.Select(l => Regex.Match(l, @"^│\s*(\d+)\s*│")).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(1, rows.Count), numbers);
        Assert.Contains(lines, l => l.Contains("第十七条(一)") || l.Contains("第十七条("));
    }
}
