using System.Diagnostics;
using System.Net.Sockets;

namespace Terminal.Tests.Interop;

/// <summary>Helpers to run the external servers of the interop suite.</summary>
public static class ExternalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The full path of an installed program, or a failure telling how to install it (the suite must not skip).</summary>
    public static string Require(string program, string debianPackage, params string[] extraDirectories)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/usr/local/sbin", "/usr/local/bin"]).Concat(extraDirectories)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
        if (path == null)
        {
            Assert.Fail(program + " is not installed: the interop suite needs it (apt-get update && apt-get install -y " + debianPackage + ")");
        }

        return path!;
    }

    public static Process Start(string fileName, IEnumerable<string> arguments, string? runAsUser = null)
    {
        var info = new ProcessStartInfo(runAsUser == null ? fileName : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAsUser != null)
        {
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(runAsUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + fileName);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs to completion; fails the test with its output when the exit code is not 0.</summary>
    public static void Run(string fileName, IEnumerable<string> arguments, string? runAsUser = null)
    {
        var info = new ProcessStartInfo(runAsUser == null ? fileName : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (runAsUser != null)
        {
            foreach (var a in new[] { "-u", runAsUser, "--", fileName })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            Assert.Fail(fileName + " " + string.Join(' ', arguments) + " exited " + process.ExitCode + ":\n" + output.Result + error.Result);
        }
    }

    public static async Task WaitForPortAsync(int port, Process process, string what, int timeoutMs = 20_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < deadline)
        {
            if (process.HasExited)
            {
                Assert.Fail(what + " exited with code " + process.ExitCode + " before listening on port " + port);
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        Assert.Fail(what + " did not listen on port " + port + " within " + timeoutMs + " ms");
    }

    /// <summary>SIGTERM (a clean shutdown: Mosquitto writes its persistence file), then waits.</summary>
    public static void Terminate(Process process, int timeoutMs = 10_000)
    {
        if (process.HasExited)
        {
            return;
        }

        Run("kill", ["-TERM", process.Id.ToString()]);
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(true);
            process.WaitForExit();
        }
    }
}
