using System.CommandLine;
using Terminal.Tools.Keys;
using Terminal.Tools.Platform;

namespace Terminal.Tools.Commands;

/// <summary>Runs a command body with the invocation's writers and turns bad input into one stderr line and exit code 2.</summary>
public static class CommandRunner
{
    public static void SetAction(Command command, Func<ParseResult, TextWriter, TextWriter, int> body)
    {
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            try
            {
                return body(parseResult, output, error);
            }
            catch (InputException e)
            {
                error.WriteLine("error: " + e.Message);
                return ExitCodes.BadInput;
            }
        });
    }

    /// <summary>
    /// Like <see cref="SetAction"/> for the commands that talk to a broker: bad input is one stderr line and exit code 2,
    /// a broker that cannot be reached or refuses is one stderr line and <see cref="ExitCodes.BrokerUnavailable"/>.
    /// </summary>
    public static void SetAsyncAction(Command command, Func<ParseResult, TextWriter, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await body(parse, parse.InvocationConfiguration.Output, cancellationToken);
            }
            catch (InputException e)
            {
                parse.InvocationConfiguration.Error.WriteLine("error: " + e.Message);
                return ExitCodes.BadInput;
            }
            catch (BrokerUnavailableException e)
            {
                parse.InvocationConfiguration.Error.WriteLine("error: " + e.Message);
                return ExitCodes.BrokerUnavailable;
            }
        });
    }

    /// <summary>Checks a numeric option against its range; otherwise <see cref="InputException"/> "OPTION: V is out of range (MIN..MAX)".</summary>
    public static long CheckRange(string option, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            throw new InputException(option + ": " + value + " is out of range (" + min + ".." + max + ")");
        }

        return value;
    }

    /// <summary>A region or terminal id as it goes into a topic level (ReportingTokens), or <see cref="InputException"/>.</summary>
    public static string TopicToken(string option, string value)
    {
        if (!Terminal.Core.Reporting.ReportingTokens.IsValid(value))
        {
            throw new InputException(option + ": '" + value + "' is not a topic token (1..32 of A-Z a-z 0-9 . _ -, starting with a letter or digit)");
        }

        return value;
    }

    /// <summary>Reads a whole input file or throws <see cref="InputException"/>.</summary>
    public static byte[] ReadInput(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path + ": " + e.Message);
        }
    }

    /// <summary>"7d", "12h", "30m", "3600s" or plain seconds.</summary>
    public static uint ParseDuration(string text, string option)
    {
        text = text.Trim();
        uint unit = 1;
        if (text.Length > 0 && char.IsLetter(text[^1]))
        {
            unit = char.ToLowerInvariant(text[^1]) switch { 'd' => 86400, 'h' => 3600, 'm' => 60, 's' => 1, _ => 0 };
            text = text[..^1];
        }

        if (unit == 0 || !uint.TryParse(text, out uint n) || (ulong)n * unit > uint.MaxValue)
        {
            throw new InputException(option + ": expected a duration such as 7d, 12h, 30m or 3600s");
        }

        return n * unit;
    }

    /// <summary>Unix seconds or an ISO 8601 time with offset (2026-03-01T08:00:00+08:00).</summary>
    public static long ParseTime(string text, string option)
    {
        if (long.TryParse(text, out long unix))
        {
            return unix;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var time))
        {
            return time.ToUnixTimeSeconds();
        }

        throw new InputException(option + ": expected Unix seconds or an ISO 8601 time such as 2026-03-01T08:00:00+08:00");
    }
}
