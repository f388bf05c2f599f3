using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Core.Update;
using Terminal.Drivers.Storage;
using Terminal.Tests.Support;
using Terminal.Tools.Crypto;
using Terminal.Tools.Firmware;
using Terminal.Tools.Provisioning;

namespace Terminal.Tests.Update;

/// <summary>Keys, policy and signed bundles for the update tests (BouncyCastle signs; the terminal's code verifies).</summary>
internal static class UpdateFixtures
{
    public const uint FirmwareKeyId = 20;

    /// <summary>The size of the first of the three test assemblies unless a test asks for another.</summary>
    public const int DefaultAssemblySize = 300;

    public const string Hardware = "rt-esp32-rc522-v1";
    public const uint BootstrapVersion = 3;
    public const string EntryType = "Terminal.App.Application";

    public static readonly byte[] FirmwareSeed = RevocationFixtures.Seed(121);
    public static readonly long IssuedAt = RevocationFixtures.IssuedAt;

    public static readonly DateOnly FirmwareKeyFrom = new(2025, 1, 1), FirmwareKeyUntil = new(2030, 12, 31);

    /// <summary>The firmware signer as a line of a terminal's configuration (how a provisioned terminal trusts it).</summary>
    public static ConfigKey FirmwareConfigKey() =>
        new("firmware-signer", (int)FirmwareKeyId, Ed25519Signing.PublicKeyOf(FirmwareSeed), FirmwareKeyFrom, FirmwareKeyUntil);

    /// <summary>The revocation ring (list signers 7 and 8, card issuer 1) plus firmware signer 20.</summary>
    public static KeyRing Ring()
    {
        var ring = RevocationFixtures.Ring();
        int from = CivilDate.FromYmd(FirmwareKeyFrom.Year, FirmwareKeyFrom.Month, FirmwareKeyFrom.Day).DayNumber;
        int until = CivilDate.FromYmd(FirmwareKeyUntil.Year, FirmwareKeyUntil.Month, FirmwareKeyUntil.Day).DayNumber;
        ring.Add(new TrustedKey(FirmwareKeyId, KeyUsage.FirmwareSigner, Ed25519Signing.PublicKeyOf(FirmwareSeed), from, until));
        return ring;
    }

    public static UpdatePolicy Policy(bool singleSlot = false, long maxBundleBytes = 1024 * 1024) => new()
    {
        HardwareId = Hardware,
        BootstrapVersion = BootstrapVersion,
        MaxTrialBoots = 3,
        SingleSlot = singleSlot,
        MaxBundleBytes = maxBundleBytes,
    };

    public static UpdateSlots Slots(IFileStore flash, bool singleSlot = false) => new(flash, Ring(), new BouncyCastleSignatureVerifier(), Policy(singleSlot));

    /// <summary>Three small assemblies whose bytes depend on the version (so a mix-up is visible).</summary>
    public static BundleInput[] Assemblies(ulong version, int size = DefaultAssemblySize) =>
        new[] { "Terminal.Drivers.pe", "Terminal.Firmware.pe", "Terminal.App.pe" }
            .Select((name, i) => new BundleInput(name, Enumerable.Range(0, size + i * 37).Select(b => (byte)(b * 7 + i * 13 + (int)version * 101)).ToArray()))
            .ToArray();

    public static BundleParameters Parameters(ulong version, uint keyId = FirmwareKeyId, string hardware = Hardware, uint minBootstrap = 2) =>
        new(version, minBootstrap, hardware, EntryType, keyId, IssuedAt + (long)version * 60);

    public static byte[] Bundle(ulong version, uint keyId = FirmwareKeyId, byte[]? seed = null, string hardware = Hardware, uint minBootstrap = 2, int size = DefaultAssemblySize) =>
        FirmwareBundleBuilder.Build(Assemblies(version, size), Parameters(version, keyId, hardware, minBootstrap), seed ?? FirmwareSeed);

    /// <summary>Streams a bundle into the staging slot in chunks (in order) and completes it.</summary>
    public static UpdateError Stage(UpdateSlots slots, byte[] bundle, ulong announcedVersion, int chunk = 256)
    {
        var error = slots.BeginStaging(announcedVersion, bundle.Length);
        for (int offset = 0; offset < bundle.Length && error == UpdateError.None; offset += chunk)
        {
            error = slots.WriteStaging(offset, bundle, offset, Math.Min(chunk, bundle.Length - offset));
        }

        return error == UpdateError.None ? slots.CompleteStaging(announcedVersion, new BundleManifest()) : error;
    }

    /// <summary>Loads every assembly of the booted bundle the way the loader does; returns them or fails the test.</summary>
    public static byte[][] LoadBooted(UpdateSlots slots)
    {
        var decision = slots.Booted!;
        Assert.NotNull(decision.Manifest);
        var loaded = new byte[decision.Manifest!.AssemblyCount][];
        for (int i = 0; i < loaded.Length; i++)
        {
            var buffer = new byte[decision.Manifest.Assemblies[i].Size];
            Assert.Equal(UpdateError.None, slots.ReadAssembly(i, buffer));
            loaded[i] = buffer;
        }

        return loaded;
    }

    /// <summary>
    /// Crash-consistency check: the booted bundle is version (1 or 2), every assembly loads hash-checked and is byte for
    /// byte that version's own (built with size), never a mix.
    /// </summary>
    public static void CheckBootedIs(UpdateSlots slots, ulong version, int size, Reliability.CutPoint point)
    {
        Reliability.CrashConsistency.Check(version == 1 || version == 2, point, () => "booted version " + version);
        var loaded = LoadBooted(slots);
        var expected = Assemblies(version, size);
        Reliability.CrashConsistency.Check(loaded.Length == expected.Length, point, () => loaded.Length + " assemblies loaded");
        for (int i = 0; i < loaded.Length; i++)
        {
            Reliability.CrashConsistency.Check(expected[i].Content.AsSpan().SequenceEqual(loaded[i]), point, () => "assembly " + i + " is not version " + version + "'s");
        }
    }

    /// <summary>The assemblies of version, as the loader must see them.</summary>
    public static void AssertIsVersion(byte[][] loaded, ulong version)
    {
        var expected = Assemblies(version);
        Assert.Equal(expected.Length, loaded.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Content, loaded[i]);
        }
    }
}
