using System.Globalization;

namespace Terminal.Benchmarks;

/// <summary>One process's open files, resident memory (now and peak) and CPU seconds, from /proc (Linux).</summary>
internal static class ProcessUsage
{
    public static string Of(int pid)
    {
        try
        {
            int fds = Directory.GetFileSystemEntries("/proc/" + pid + "/fd").Length;
            var status = File.ReadAllLines("/proc/" + pid + "/status");
            // /proc/pid/stat: fields 14 and 15 (utime, stime) in clock ticks (100/s on Linux), after the ")" of the name.
            var stat = File.ReadAllText("/proc/" + pid + "/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double cpu = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            return "fds " + fds + " rss " + Megabytes(status, "VmRSS:") + " MB (peak " + Megabytes(status, "VmHWM:") + ") cpu "
                + cpu.ToString("0.0", CultureInfo.InvariantCulture) + " s";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return "(pid " + pid + " gone)";
        }
    }

    private static string Megabytes(string[] status, string key)
    {
        var line = status.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line == null ? "?" : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture);
    }
}
