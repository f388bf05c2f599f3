namespace Terminal.Tests.Toolchain;

/// <summary>One device-compile project's output: its assembly and the manifest its build wrote (sources, references).</summary>
public sealed record DeviceCompileOutput(string ProjectName, string AssemblyPath, string? ComponentRoot, string? Nfproj,
    IReadOnlyList<string> Sources, IReadOnlyList<string> References, bool InterpreterOnly = false)
{
    public bool IsStub => ComponentRoot is null;

    /// <summary>Ours and shipped to a board through a .nfproj (not a stub, not the nanoCLR test path's runner or stand-in).</summary>
    public bool HasNfproj => !IsStub && !InterpreterOnly;
}

public static class DeviceCompileOutputs
{
    /// <summary>Every device-compile output under artifacts/device (components and stubs).</summary>
    public static IReadOnlyList<DeviceCompileOutput> All()
    {
        var result = new List<DeviceCompileOutput>();
        if (!Directory.Exists(RepoPaths.DeviceArtifacts))
        {
            throw new InvalidOperationException("No device-compile outputs in " + RepoPaths.DeviceArtifacts + "; build ResidenceTerminal.sln first.");
        }

        foreach (var dir in Directory.GetDirectories(RepoPaths.DeviceArtifacts).OrderBy(d => d, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            string? assembly = null, componentRoot = null, nfproj = null;
            bool interpreterOnly = false;
            var sources = new List<string>();
            var references = new List<string>();
            var manifest = Path.Combine(dir, "device-compile.manifest");
            if (!File.Exists(manifest))
            {
                continue; // not a device-compile output (e.g. left over from a renamed project)
            }

            {
                foreach (var line in File.ReadAllLines(manifest))
                {
                    var colon = line.IndexOf(':');
                    var (key, value) = (line[..colon], line[(colon + 1)..]);
                    switch (key)
                    {
                        case "assembly": assembly = Path.Combine(dir, value); break;
                        case "source": sources.Add(value); break;
                        case "reference": references.Add(value); break;
                        case "componentRoot": componentRoot = value; break;
                        case "nfproj": nfproj = value; break;
                        case "interpreterOnly": interpreterOnly = value == "true"; break;
                    }
                }
            }

            if (assembly is null || !File.Exists(assembly))
            {
                throw new InvalidOperationException("Device compile " + name + " names no built assembly in its manifest");
            }

            result.Add(new DeviceCompileOutput(name, assembly, componentRoot, nfproj, sources, references, interpreterOnly));
        }

        return result;
    }
}
