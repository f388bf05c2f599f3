namespace Terminal.Tests.Toolchain;

/// <summary>Where the repository, the device-compile outputs and the shared nanoFramework API facts are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string DeviceArtifacts => Path.Combine(Root, "artifacts", "device");

    public static string ApiFacts => Path.GetFullPath(Path.Combine(Root, "..", "shared", "nanoframework", "api"));

    public static string Stubs => Path.Combine(Root, "stubs");

    /// <summary>The real nanoFramework mscorlib.dll, restored by the device compile's PackageDownload.</summary>
    public static string RealMscorlib => Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "nanoframework.corelibrary", "1.17.11", "lib", "mscorlib.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResidenceTerminal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ResidenceTerminal.sln not found above " + AppContext.BaseDirectory);
    }
}
