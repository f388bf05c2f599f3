using Terminal.Fuzz.Targets;

namespace Terminal.Fuzz;

/// <summary>The registry: every harness, by name.</summary>
public static class FuzzTargets
{
    public static readonly string[] Names =
        ["card", "revocation-list", "revocation-delta", "revocation-update", "config", "signed-config", "list-announcement", "mqtt-inbound"];

    /// <summary>A new instance of the named target (targets hold per-run scratch state), or null.</summary>
    public static IFuzzTarget? Create(string name) => name switch
    {
        "card" => new CardRecordTarget(),
        "revocation-list" => new RevocationListTarget(),
        "revocation-delta" => new RevocationDeltaTarget(),
        "revocation-update" => new RevocationUpdateTarget(),
        "config" => new ConfigurationTarget(),
        "signed-config" => new SignedConfigurationTarget(),
        "list-announcement" => new ListAnnouncementTarget(),
        "mqtt-inbound" => new MqttInboundTarget(),
        _ => null,
    };

    public static IEnumerable<IFuzzTarget> All() => Names.Select(n => Create(n)!);

    /// <summary>corpus/ beside the binary (copied at build), else the source tree's Terminal.Fuzz/corpus.</summary>
    public static string CorpusRoot()
    {
        string beside = Path.Combine(AppContext.BaseDirectory, "corpus");
        if (Directory.Exists(beside))
        {
            return beside;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Terminal.Fuzz", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("no corpus/ beside " + AppContext.BaseDirectory + " nor a Terminal.Fuzz/corpus above it");
    }

    /// <summary>The committed seed files of a target, sorted by name.</summary>
    public static IReadOnlyList<(string Name, byte[] Data)> LoadCorpus(string target, string? root = null)
    {
        string dir = Path.Combine(root ?? CorpusRoot(), target);
        return Directory.GetFiles(dir).OrderBy(f => f, StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToList();
    }

    /// <summary>Writes every target's seeds into root/&lt;target&gt;/ (replacing what was there); returns the file count.</summary>
    public static int WriteCorpus(string root)
    {
        int files = 0;
        foreach (var target in All())
        {
            string dir = Path.Combine(root, target.Name);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }

            Directory.CreateDirectory(dir);
            foreach (var (name, data) in target.Seeds())
            {
                File.WriteAllBytes(Path.Combine(dir, name), data);
                files++;
            }
        }

        return files;
    }
}
