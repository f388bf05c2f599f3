using System.Xml.Linq;
using Xunit.Abstractions;

namespace Terminal.Tests.Toolchain;

/// <summary>
/// Each real nanoFramework project (.nfproj) must compile exactly what its Linux device-compile twin compiles and
/// reference exactly the same assemblies, and each referenced package must be pinned in packages.config.
/// </summary>
public sealed class NfprojDriftTests(ITestOutputHelper output)
{
    public static TheoryData<string> Components()
    {
        var data = new TheoryData<string>();
        foreach (var o in DeviceCompileOutputs.All().Where(o => o.HasNfproj))
        {
            data.Add(o.ProjectName);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void Nfproj_compiles_the_same_sources_as_its_device_compile_twin(string projectName)
    {
        var twin = DeviceCompileOutputs.All().Single(o => o.ProjectName == projectName);
        var nfprojPath = Path.Combine(twin.ComponentRoot!, twin.Nfproj!);
        Assert.True(File.Exists(nfprojPath), "missing " + nfprojPath);
        var nfproj = Nfproj.Load(nfprojPath);

        var twinSources = twin.Sources.Select(s => Path.GetRelativePath(twin.ComponentRoot!, s).Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
        var missing = twinSources.Except(nfproj.Sources).OrderBy(s => s, StringComparer.Ordinal).ToList();
        var extra = nfproj.Sources.Except(twinSources).OrderBy(s => s, StringComparer.Ordinal).ToList();
        output.WriteLine($"{twin.Nfproj}: {nfproj.Sources.Count} sources, device compile: {twinSources.Count}");
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{twin.Nfproj} and {projectName} compile different sources.\n" +
            (missing.Count > 0 ? "  add to the .nfproj: " + string.Join(", ", missing.Select(m => "<Compile Include=\"" + m.Replace('/', '\\') + "\" />")) + "\n" : "") +
            (extra.Count > 0 ? "  not compiled by the device compile: " + string.Join(", ", extra) : ""));
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void Nfproj_references_the_same_assemblies_as_its_device_compile_twin(string projectName)
    {
        var twin = DeviceCompileOutputs.All().Single(o => o.ProjectName == projectName);
        var nfproj = Nfproj.Load(Path.Combine(twin.ComponentRoot!, twin.Nfproj!));
        var twinReferences = twin.References.ToHashSet(StringComparer.Ordinal);
        Assert.True(twinReferences.SetEquals(nfproj.ReferencedAssemblies),
            $"{twin.Nfproj} references [{string.Join(", ", nfproj.ReferencedAssemblies.Order())}] but {projectName} references [{string.Join(", ", twinReferences.Order())}]");
    }

    [Theory]
    [MemberData(nameof(Components))]
    public void Every_package_an_nfproj_references_is_pinned_in_its_packages_config(string projectName)
    {
        var twin = DeviceCompileOutputs.All().Single(o => o.ProjectName == projectName);
        var nfproj = Nfproj.Load(Path.Combine(twin.ComponentRoot!, twin.Nfproj!));
        var config = Path.Combine(twin.ComponentRoot!, "packages.config");
        Assert.True(File.Exists(config), "missing " + config);
        var pinned = XDocument.Load(config).Root!.Elements("package")
            .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!, StringComparer.OrdinalIgnoreCase);
        foreach (var (id, version) in nfproj.HintPathPackages)
        {
            Assert.True(pinned.TryGetValue(id, out var pinnedVersion), $"{twin.Nfproj} uses package {id} {version}, not in packages.config");
            Assert.True(pinnedVersion == version, $"{twin.Nfproj} uses {id} {version} but packages.config pins {pinnedVersion}");
        }
    }

    [Fact]
    public void Every_nfproj_in_the_repository_has_a_device_compile_twin()
    {
        var twins = DeviceCompileOutputs.All().Where(o => o.HasNfproj).Select(o => Path.GetFullPath(Path.Combine(o.ComponentRoot!, o.Nfproj!))).ToHashSet();
        var nfprojs = Directory.EnumerateFiles(RepoPaths.Root, "*.nfproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "artifacts" + Path.DirectorySeparatorChar));
        foreach (var nfproj in nfprojs)
        {
            Assert.True(twins.Contains(Path.GetFullPath(nfproj)), nfproj + " has no device-compile twin, so nothing checks it builds");
        }
    }

    [Fact]
    public void A_source_missing_from_the_nfproj_is_reported()
    {
        var dir = Directory.CreateTempSubdirectory("drift");
        var path = Path.Combine(dir.FullName, "X.nfproj");
        File.WriteAllText(path, """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <ItemGroup><Compile Include="Core\A.cs" /></ItemGroup>
              <ItemGroup><Reference Include="mscorlib, Version=1.17.11.0"><HintPath>..\packages\nanoFramework.CoreLibrary.1.17.11\lib\mscorlib.dll</HintPath></Reference></ItemGroup>
            </Project>
            """);
        var nfproj = Nfproj.Load(path);
        Assert.Equal(["Core/A.cs"], nfproj.Sources);
        Assert.Equal(["mscorlib"], nfproj.ReferencedAssemblies);
        Assert.Equal([("nanoFramework.CoreLibrary", "1.17.11")], nfproj.HintPathPackages);
        Assert.False(new HashSet<string> { "Core/A.cs", "Core/B.cs" }.SetEquals(nfproj.Sources));
    }

    [Fact]
    public void A_launcher_exe_is_not_a_compile_reference_but_its_package_must_be_pinned()
    {
        var dir = Directory.CreateTempSubdirectory("drift");
        var path = Path.Combine(dir.FullName, "T.nfproj");
        File.WriteAllText(path, """
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <ItemGroup>
                <Reference Include="nanoFramework.TestFramework"><HintPath>..\packages\nanoFramework.TestFramework.3.0.80\lib\nanoFramework.TestFramework.dll</HintPath></Reference>
                <Reference Include="nanoFramework.UnitTestLauncher"><HintPath>..\packages\nanoFramework.TestFramework.3.0.80\lib\nanoFramework.UnitTestLauncher.exe</HintPath></Reference>
              </ItemGroup>
            </Project>
            """);
        var nfproj = Nfproj.Load(path);
        Assert.Equal(["nanoFramework.TestFramework"], nfproj.ReferencedAssemblies);
        Assert.Equal([("nanoFramework.TestFramework", "3.0.80"), ("nanoFramework.TestFramework", "3.0.80")], nfproj.HintPathPackages);
    }
}

/// <summary>The parts of a .nfproj (old-style MSBuild XML) the drift test compares.</summary>
public sealed record Nfproj(HashSet<string> Sources, HashSet<string> ReferencedAssemblies, List<(string Id, string Version)> HintPathPackages)
{
    private static readonly XNamespace Ms = "http://schemas.microsoft.com/developer/msbuild/2003";

    public static Nfproj Load(string path)
    {
        var doc = XDocument.Load(path);
        var sources = doc.Descendants(Ms + "Compile").Select(e => ((string)e.Attribute("Include")!).Replace('\\', '/')).ToHashSet(StringComparer.Ordinal);
        var references = new HashSet<string>(StringComparer.Ordinal);
        var packages = new List<(string, string)>();
        foreach (var reference in doc.Descendants(Ms + "Reference"))
        {
            var hint = (string?)reference.Element(Ms + "HintPath");
            // An .exe from a package is a launcher the tooling deploys (nanoFramework.UnitTestLauncher), not a library
            // the sources compile against, so its device-compile twin has nothing to match; its package is still pinned.
            if (hint == null || !hint.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            {
                references.Add(((string)reference.Attribute("Include")!).Split(',')[0].Trim());
            }

            if (hint != null)
            {
                // ..\packages\<id>.<version>\lib\<assembly>.dll
                var parts = hint.Replace('\\', '/').Split('/');
                var folder = parts[Array.IndexOf(parts, "packages") + 1];
                var firstDigit = folder.Split('.').TakeWhile(p => !(p.Length > 0 && char.IsDigit(p[0]))).Count();
                var segments = folder.Split('.');
                packages.Add((string.Join('.', segments.Take(firstDigit)), string.Join('.', segments.Skip(firstDigit))));
            }
        }

        foreach (var projectReference in doc.Descendants(Ms + "ProjectReference"))
        {
            var referenced = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, ((string)projectReference.Attribute("Include")!).Replace('\\', '/')));
            var assemblyName = XDocument.Load(referenced).Descendants(Ms + "AssemblyName").First().Value;
            references.Add(assemblyName);
        }

        return new Nfproj(sources, references, packages);
    }
}
