namespace Terminal.Tests.Tap;

/// <summary>
/// The tap cost model reads process-wide instrumentation counters (Crc32.BytesProcessed, Sha512.BlocksCompressed,
/// Ed25519.FieldMultiplications) that almost every other test also moves: this collection runs with no other test in
/// parallel, so its counts are exact.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkCounterCollection
{
    public const string Name = "Process-wide work counters";
}
