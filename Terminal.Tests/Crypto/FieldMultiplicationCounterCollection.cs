namespace Terminal.Tests.Crypto;

/// <summary>
/// Ed25519.FieldMultiplications is one process-wide counter: every test class that does field arithmetic joins this
/// collection, so those classes never run in parallel and a test can read an exact count.
/// </summary>
[CollectionDefinition(Name)]
public sealed class FieldMultiplicationCounterCollection
{
    public const string Name = "Field multiplication counter";
}
