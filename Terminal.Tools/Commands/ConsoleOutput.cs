using Spectre.Console;

namespace Terminal.Tools.Commands;

/// <summary>
/// Spectre.Console on a command's output writer. Tables always; progress only when that writer is the real console
/// attached to a terminal, so logs, pipes and tests get plain lines and no control codes.
/// </summary>
public static class ConsoleOutput
{
    public static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static IAnsiConsole For(TextWriter output)
    {
        bool interactive = IsInteractive(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!interactive)
        {
            console.Profile.Width = 220; // a log or a pipe: no terminal width to fit, keep each row on one line
        }

        return console;
    }

    public static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string column in header)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).NoWrap());
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        For(output).Write(table);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress reporter (steps done of <paramref name="total"/>): a Spectre progress
    /// bar on an interactive terminal, nothing otherwise.
    /// </summary>
    public static T WithProgress<T>(TextWriter output, string description, int total, Func<Action<int>, T> work)
    {
        if (!IsInteractive(output))
        {
            return work(_ => { });
        }

        T result = default!;
        AnsiConsole.Progress().AutoClear(true).Start(context =>
        {
            var task = context.AddTask(Markup.Escape(description), maxValue: Math.Max(1, total));
            result = work(done => task.Value = done);
        });
        return result;
    }
}
