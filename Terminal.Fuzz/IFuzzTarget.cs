namespace Terminal.Fuzz;

/// <summary>
/// One fuzz target: feeds arbitrary bytes to a portable decoder the way the terminal would. Run must never throw: the
/// portable code's contract is result codes, so any exception escaping Run is a crash (a bug to fix in the core).
/// A target builds its fixed state (keys, base list, stores) once in its constructor; every Run starts from that state.
/// </summary>
public interface IFuzzTarget
{
    /// <summary>Short name: the AFL++ argument and the corpus folder (corpus/&lt;name&gt;/).</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Offsets of length, count and size fields, where the mutator likes to put interesting integers.</summary>
    IReadOnlyList<int> FieldOffsets { get; }

    void Run(ReadOnlySpan<byte> input);

    /// <summary>Small valid and edge-case inputs, made by the real writers and encoders (the committed seed corpus).</summary>
    IReadOnlyList<(string Name, byte[] Data)> Seeds();
}
