using Terminal.Core.Crypto;
using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Host;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Fuzz.Targets;

/// <summary>
/// A delta file against the terminal's base list (<see cref="RevocationSamples.BaseList"/>): header parse
/// (<see cref="RevocationDeltaHeader.TryParse"/>), the delta's signature check, then — signature or not, so the fuzzer
/// reaches it — the streaming <see cref="RevocationDeltaApplier"/> into a bounded simulated flash, and validation of
/// what it wrote. Each input runs as given and with its header CRCs recomputed.
/// </summary>
public sealed class RevocationDeltaTarget : IFuzzTarget
{
    private const long FlashBytes = 2 * 1024 * 1024;

    private readonly KeyRing _keys = FuzzKeys.Ring();
    private readonly Ed25519Verifier _verifier = new();
    private readonly MemoryFile _baseFile = new(RevocationSamples.BaseList);
    private readonly RevocationListHeader _baseHeader;
    private readonly byte[] _headerBytes = new byte[RevocationDeltaHeader.Length];

    public RevocationDeltaTarget()
    {
        if (RevocationList.Open(_baseFile, out var list) != RevocationError.None)
        {
            throw new InvalidOperationException("the base list does not open");
        }

        _baseHeader = list.Header;
    }

    public string Name => "revocation-delta";

    public string Description => "revocation delta header, signature check, streaming apply onto the base list";

    public IReadOnlyList<int> FieldOffsets { get; } = [6, 12, 84 + 5, 84 + 12, 84 + 36, 84 + 44, 84 + 50, 84 + 56, 84 + 60, 152, 156, 160, 161, 164, 168];

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[] data = input.ToArray();
        Apply(data);
        Fixups.SealDelta(data);
        Apply(data);
    }

    private void Apply(byte[] data)
    {
        var deltaFile = new MemoryFile(data);
        RevocationVerifier.VerifyDelta(deltaFile, _keys, _verifier, out _);
        if (data.Length < RevocationDeltaHeader.Length)
        {
            return;
        }

        Array.Copy(data, _headerBytes, RevocationDeltaHeader.Length);
        var header = new RevocationDeltaHeader();
        if (RevocationDeltaHeader.TryParse(_headerBytes, 0, _headerBytes.Length, header) != RevocationError.None || data.Length != header.FileLength)
        {
            return;
        }

        var flash = new SimulatedFlash(FlashBytes);
        var output = flash.Create("out");
        if (RevocationDeltaApplier.Apply(deltaFile, header, _baseFile, _baseHeader, output) == RevocationError.None)
        {
            RevocationListValidator.Validate(output, out _);
        }
    }

    public IReadOnlyList<(string Name, byte[] Data)> Seeds()
    {
        byte[] delta = RevocationSamples.Delta();
        var conflicting = (byte[])delta.Clone();
        conflicting[RevocationDeltaHeader.Length] ^= 0x01; // first removal rank
        var trimmed = delta[..(delta.Length - 64)];
        return
        [
            ("valid-1-to-2", delta),
            ("valid-2-to-3-wrong-base", Terminal.Tools.Revocation.RevocationDeltaBuilder.Build(RevocationSamples.NextList,
                RevocationSamples.Build(RevocationSamples.Entries(11, 120), 3), FuzzKeys.ListKeyId, FuzzKeys.ListSeed)),
            ("corrupt-removal", conflicting),
            ("truncated-trailer", trimmed),
            ("header-only", delta[..RevocationDeltaHeader.Length]),
        ];
    }
}
