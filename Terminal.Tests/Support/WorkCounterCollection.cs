namespace Terminal.Tests.Support;

/// <summary>
/// Process-wide instrumentation counters (Ed25519.FieldMultiplications, Sha512.BlocksCompressed, Crc32.BytesProcessed)
/// are moved by almost every test that taps a card, boots a terminal or verifies a signature, often on background
/// threads. Every test class that reads an exact count joins this collection, which runs with no other test in
/// parallel, so its counts are exact.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkCounterCollection
{
    public const string Name = "Process-wide work counters";
}
