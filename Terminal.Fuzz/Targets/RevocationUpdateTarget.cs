using Terminal.Core.Crypto;
using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Simulated;

namespace Terminal.Fuzz.Targets;

/// <summary>
/// An update as the terminal's <see cref="RevocationStore"/> receives it: a terminal holding
/// <see cref="RevocationSamples.BaseList"/> (sequence 1) gets the input in chunks (BeginUpdate, AppendUpdate,
/// CommitUpdate: list or delta told apart by magic, trust, replay and base checks, signature from flash), then looks
/// cards up and reboots (Mount). The flash is small enough that large inputs meet "flash full".
/// </summary>
public sealed class RevocationUpdateTarget : IFuzzTarget
{
    private const int ChunkBytes = 1500;
    private const long FlashBytes = 64 * 1024;

    private readonly KeyRing _keys = FuzzKeys.Ring();
    private readonly Ed25519Verifier _verifier = new();
    private readonly SimulatedFlash _installed;
    private readonly ulong[] _probes = RevocationSamples.ProbeKeys();

    public RevocationUpdateTarget()
    {
        _installed = new SimulatedFlash(FlashBytes);
        var store = new RevocationStore(_installed, _keys, _verifier, "list");
        byte[] list = RevocationSamples.BaseList;
        if (store.BeginUpdate() != RevocationError.None || store.AppendUpdate(list, 0, list.Length) != RevocationError.None
            || store.CommitUpdate() != RevocationError.None)
        {
            throw new InvalidOperationException("the base list was not installed");
        }
    }

    public string Name => "revocation-update";

    public string Description => "revocation store update (list or delta in chunks), commit, lookups, remount";

    public IReadOnlyList<int> FieldOffsets { get; } = [5, 12, 44, 56, 60, 84 + 12, 84 + 44, 152, 156, 164, 168];

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[] data = input.ToArray();
        var flash = _installed.Clone();
        var store = new RevocationStore(flash, _keys, _verifier, "list");
        store.Mount(false);
        store.BeginUpdate();
        bool appended = true;
        for (int offset = 0; offset < data.Length && appended; offset += ChunkBytes)
        {
            appended = store.AppendUpdate(data, offset, Math.Min(ChunkBytes, data.Length - offset)) == RevocationError.None;
        }

        if (appended)
        {
            store.CommitUpdate();
        }

        Probe(store);
        var rebooted = new RevocationStore(flash.Reboot(), _keys, _verifier, "list");
        rebooted.Mount(false);
        Probe(rebooted);
    }

    private void Probe(RevocationStore store)
    {
        foreach (ulong key in _probes)
        {
            store.Lookup(key);
        }

        store.Status.StalenessAt(FuzzKeys.ListIssuedAt);
    }

    public IReadOnlyList<(string Name, byte[] Data)> Seeds()
    {
        byte[] delta = RevocationSamples.Delta();
        return
        [
            ("newer-list", RevocationSamples.NextList),
            ("delta-1-to-2", delta),
            ("replayed-same-list", RevocationSamples.BaseList),
            ("tampered-list", Tamper(RevocationSamples.NextList, 700)),
            ("tampered-delta", Tamper(delta, RevocationDeltaHeader.Length + 3)),
            ("not-a-list", "RTRX this is not a list"u8.ToArray()),
            ("magic-only", "RTRL"u8.ToArray()),
        ];
    }

    private static byte[] Tamper(byte[] data, int at)
    {
        var copy = (byte[])data.Clone();
        copy[at] ^= 0x20;
        return copy;
    }
}
