namespace Terminal.Benchmarks;

/// <summary>One named benchmark. Run prints whatever it likes and returns the key=value pairs of its RESULT line.</summary>
public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    /// <summary>The name on the RESULT lines (the benchmark's name unless it says otherwise).</summary>
    string ResultName => Name;

    /// <summary>Runs the benchmark; each returned list is printed as one `RESULT name k=v ...` line, the last line last (a first pair keyed Program.ResultName renames its line).</summary>
    IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args);
}
