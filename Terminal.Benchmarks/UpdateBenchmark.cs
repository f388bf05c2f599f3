using System.Diagnostics;
using Terminal.Core.Crypto;
using Terminal.Core.Reporting;
using Terminal.Core.Time;
using Terminal.Core.Update;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tools.Crypto;
using Terminal.Tools.Firmware;

namespace Terminal.Benchmarks;

/// <summary>
/// The update path on the host with the terminal's own code: a bundle of the real application (the net10.0 build of
/// Terminal.App, about the size of its device .pe; the bootstrap is never in a bundle) announced, delivered in
/// 4 KiB chunks through the shared resumable download into the spare slot of a simulated flash, verified from flash
/// (portable Ed25519 + streaming SHA-512, counted in field multiplications), staged, trial-booted, every assembly read
/// back hash-checked, and confirmed. flash_bytes_both_slots is what two slots of this bundle take.
/// </summary>
public sealed class UpdateBenchmark : IBenchmark
{
    public string Name => "update";

    public string Description => "bundle download in chunks, verification from flash, switch and trial boot: bytes, chunks, field mults, host seconds";

    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Run(string[] args)
    {
        const int chunkBytes = UpdateDelivery.MaxChunkBytes;
        var seed = Ed25519Signing.NewPrivateSeed();
        var ring = new KeyRing();
        ring.Add(new TrustedKey(20, KeyUsage.FirmwareSigner, Ed25519Signing.PublicKeyOf(seed), CivilDate.FromYmd(2025, 1, 1).DayNumber, CivilDate.FromYmd(2030, 12, 31).DayNumber));
        long issuedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8)).ToUnixTimeSeconds();
        BundleInput[] inputs = [new BundleInput(Terminal.App.Application.AssemblyName + ".pe", File.ReadAllBytes(typeof(Terminal.App.Application).Assembly.Location))];
        byte[] v1 = FirmwareBundleBuilder.Build(inputs, new BundleParameters(1, 1, "rt-esp32-rc522-v1", Terminal.App.Application.EntryType, 20, issuedAt), seed);
        byte[] v2 = FirmwareBundleBuilder.Build(inputs, new BundleParameters(2, 1, "rt-esp32-rc522-v1", Terminal.App.Application.EntryType, 20, issuedAt), seed);
        var policy = new UpdatePolicy { HardwareId = "rt-esp32-rc522-v1", BootstrapVersion = 1, MaxBundleBytes = 672 * 1024 };
        var flash = new SimulatedFlash(3 * 1024 * 1024);
        flash.WriteAllBytes(UpdateSlots.SlotName(0), v1);

        // A fresh verifier per boot, as on the device: the key's table is expanded once per boot.
        var stopwatch = Stopwatch.StartNew();
        var slots = new UpdateSlots(flash, ring, new Ed25519Verifier(), policy);
        if (slots.DecideBoot().Kind != BootKind.Active)
        {
            throw new InvalidOperationException("version 1 did not boot");
        }

        var target = new BundleDownloadTarget(slots);
        var download = new ListDownload(flash, UpdateDelivery.ProgressName, target, chunkBytes);
        var announcement = new ListAnnouncement { Sequence = 2, TotalBytes = v2.Length, ChunkBytes = chunkBytes };
        if (download.OnAnnouncement(announcement) != ListDownloadResult.Started)
        {
            throw new InvalidOperationException("announcement refused: " + target.LastError);
        }

        long multsBefore = Ed25519.FieldMultiplications;
        int chunks = announcement.ChunkCount;
        ListDownloadResult last = ListDownloadResult.Ignored;
        for (int i = 0; i < chunks; i++)
        {
            last = download.OnChunk(2, i, v2.AsSpan(i * chunkBytes, Math.Min(chunkBytes, v2.Length - i * chunkBytes)).ToArray());
        }

        long stagingMults = Ed25519.FieldMultiplications - multsBefore;
        if (last != ListDownloadResult.Completed)
        {
            throw new InvalidOperationException("bundle refused: " + target.LastError);
        }

        var rebooted = new UpdateSlots(flash, ring, new Ed25519Verifier(), policy);
        var decision = rebooted.DecideBoot();
        if (decision.Kind != BootKind.Trial)
        {
            throw new InvalidOperationException("version 2 not on trial: " + decision.Reason);
        }

        for (int i = 0; i < decision.Manifest!.AssemblyCount; i++)
        {
            if (rebooted.ReadAssembly(i, new byte[decision.Manifest.Assemblies[i].Size]) != UpdateError.None)
            {
                throw new InvalidOperationException("assembly " + i + " did not read back");
            }
        }

        if (rebooted.ConfirmHealthy() != UpdateError.None)
        {
            throw new InvalidOperationException("confirmation failed");
        }

        double seconds = stopwatch.Elapsed.TotalSeconds;
        return
        [
            [
                Program.Pair("bundle_bytes", v2.Length), Program.Pair("chunks", chunks), Program.Pair("verify_field_mults", stagingMults),
                Program.Pair("host_seconds", seconds), Program.Pair("flash_bytes_both_slots", 2L * v2.Length),
            ],
        ];
    }
}
