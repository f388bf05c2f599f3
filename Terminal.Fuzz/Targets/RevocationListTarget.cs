using Terminal.Core.Crypto;
using Terminal.Core.Revocation;
using Terminal.Drivers.Storage.Host;
using Terminal.Tools.Revocation;

namespace Terminal.Fuzz.Targets;

/// <summary>
/// A full revocation list file as the terminal meets it: <see cref="RevocationList.Open"/> (what Mount does at boot
/// with a slot that may have rotted on flash) followed by lookups, the full structural
/// <see cref="RevocationListValidator"/>, and <see cref="RevocationVerifier.VerifyList"/> (trusted key + Ed25519
/// signature). Each input runs as given and with its header and block CRCs recomputed.
/// </summary>
public sealed class RevocationListTarget : IFuzzTarget
{
    private readonly KeyRing _keys = FuzzKeys.Ring();
    private readonly Ed25519Verifier _verifier = new();
    private readonly ulong[] _probes = RevocationSamples.ProbeKeys();

    public string Name => "revocation-list";

    public string Description => "revocation list open, lookups, structural validation and signature check";

    public IReadOnlyList<int> FieldOffsets { get; } = [5, 6, 36, 44, 48, 49, 50, 56, 60, 512 + 4, 1024 + 4, 512 + 6, 1024 + 6];

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[] data = input.ToArray();
        Check(data);
        Fixups.SealList(data);
        Check(data);
    }

    private void Check(byte[] data)
    {
        var file = new MemoryFile(data);
        if (RevocationList.Open(file, out var list) == RevocationError.None)
        {
            foreach (ulong key in _probes)
            {
                list.Lookup(key);
            }

            list.Status.StalenessAt(FuzzKeys.ListIssuedAt + 3600);
            list.ReadSignature(new byte[RevocationListHeader.SignatureLength]);
        }

        if (RevocationListValidator.Validate(file, out var header) == RevocationError.None)
        {
            var cursor = new RevocationListCursor(file, header);
            while (cursor.MoveNext())
            {
            }

            RevocationVerifier.VerifyList(file, _keys, _verifier, out _);
        }
    }

    public IReadOnlyList<(string Name, byte[] Data)> Seeds()
    {
        byte[] valid = RevocationSamples.BaseList;
        var tampered = (byte[])valid.Clone();
        tampered[512 + 40] ^= 0x04;
        Fixups.SealList(tampered);
        return
        [
            ("valid-seq1-120", valid),
            ("valid-seq2-block1k", RevocationSamples.Build(RevocationSamples.Entries(11, 120), 2, blockSizeLog2: 10)),
            ("valid-empty", RevocationSamples.Build([], 3)),
            ("valid-one-entry", RevocationSamples.Build(RevocationSamples.Entries(5, 1), 4)),
            ("tampered-entry-crc-resealed", tampered),
            ("truncated-header", valid[..40]),
            ("truncated-body", valid[..(valid.Length - 100)]),
            ("unsigned", RevocationListBuilder.BuildUnsigned(RevocationSamples.Entries(11, 120),
                new ListParameters(FuzzKeys.ListKeyId, 5, FuzzKeys.ListIssuedAt, 86400, 7 * 86400, RevocationSamples.Universe, 9))),
        ];
    }
}
