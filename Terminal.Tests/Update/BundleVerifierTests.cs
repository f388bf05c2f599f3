using Terminal.Core.Crypto;
using Terminal.Core.Update;
using Terminal.Drivers.Storage.Host;
using Terminal.Tests.Support;
using Terminal.Tools.Crypto;

namespace Terminal.Tests.Update;

public sealed class BundleVerifierTests
{
    private static UpdateError Verify(byte[] bundle, ISignatureVerifier? verifier = null) =>
        new BundleVerifier(UpdateFixtures.Ring(), verifier ?? new BouncyCastleSignatureVerifier()).Verify(new MemoryFile(bundle), new BundleManifest());

    [Fact]
    public void A_bundle_signed_by_the_firmware_key_verifies_with_the_terminals_own_ed25519_too()
    {
        Assert.Equal(UpdateError.None, Verify(UpdateFixtures.Bundle(1)));
        Assert.Equal(UpdateError.None, Verify(UpdateFixtures.Bundle(1), new Ed25519Verifier()));
    }

    [Fact]
    public void A_bundle_signed_by_a_list_signer_or_card_issuer_key_is_refused_for_its_usage()
    {
        Assert.Equal(UpdateError.WrongKeyUsage, Verify(UpdateFixtures.Bundle(1, RevocationFixtures.ListKeyId, RevocationFixtures.ListSeed)));
        Assert.Equal(UpdateError.WrongKeyUsage, Verify(UpdateFixtures.Bundle(1, RevocationFixtures.CardKeyId, RevocationFixtures.CardSeed)));
        Assert.Equal(UpdateError.UnknownKey, Verify(UpdateFixtures.Bundle(1, 99)));
        // The firmware key id with another private key: the signature does not hold.
        Assert.Equal(UpdateError.BadSignature, Verify(UpdateFixtures.Bundle(1, UpdateFixtures.FirmwareKeyId, RevocationFixtures.ListSeed)));
    }

    [Fact]
    public void A_key_outside_its_validity_window_is_refused()
    {
        var parameters = UpdateFixtures.Parameters(1) with { IssuedAt = new DateTimeOffset(2031, 6, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() };
        byte[] bundle = Terminal.Tools.Firmware.FirmwareBundleBuilder.Build(UpdateFixtures.Assemblies(1), parameters, UpdateFixtures.FirmwareSeed);
        Assert.Equal(UpdateError.KeyNotValidOnIssueDate, Verify(bundle));
    }

    [Fact]
    public void One_flipped_bit_anywhere_in_manifest_signature_or_any_assembly_is_refused()
    {
        byte[] bundle = UpdateFixtures.Bundle(1);
        var manifest = new BundleManifest();
        Assert.Equal(UpdateError.None, manifest.Parse(bundle, bundle.Length));
        var positions = new List<int>();
        for (int i = 0; i < manifest.ManifestLength; i++)
        {
            positions.Add(i); // every byte of body and signature
        }

        foreach (var a in manifest.Assemblies)
        {
            positions.AddRange(new[] { (int)a.Offset, (int)a.Offset + a.Size / 2, (int)a.Offset + a.Size - 1 });
        }

        int checkedBits = 0;
        foreach (int position in positions)
        {
            foreach (int bit in position < manifest.ManifestLength ? new[] { position % 8 } : new[] { 0, 7 })
            {
                byte[] flipped = (byte[])bundle.Clone();
                flipped[position] ^= (byte)(1 << bit);
                Assert.NotEqual(UpdateError.None, Verify(flipped));
                checkedBits++;
            }
        }

        Assert.True(checkedBits > manifest.ManifestLength);
    }

    [Fact]
    public void Length_disagreements_are_refused()
    {
        byte[] bundle = UpdateFixtures.Bundle(1);
        Assert.Equal(UpdateError.Truncated, Verify(bundle[..^1]));
        Assert.Equal(UpdateError.LengthMismatch, Verify(bundle.Concat(new byte[] { 0 }).ToArray()));
    }

    [Fact]
    public void Policy_refuses_other_hardware_a_newer_bootstrap_an_old_version_and_an_oversized_bundle_with_a_reason()
    {
        var policy = UpdateFixtures.Policy();
        BundleManifest Parse(byte[] b)
        {
            var m = new BundleManifest();
            Assert.Equal(UpdateError.None, m.Parse(b, b.Length));
            return m;
        }

        Assert.Equal(UpdateError.None, BundleVerifier.CheckPolicy(Parse(UpdateFixtures.Bundle(5)), policy, 4));
        Assert.Equal(UpdateError.WrongHardware, BundleVerifier.CheckPolicy(Parse(UpdateFixtures.Bundle(5, hardware: "rt-esp32s3-pn532")), policy, 4));
        Assert.Equal(UpdateError.BootstrapTooOld, BundleVerifier.CheckPolicy(Parse(UpdateFixtures.Bundle(5, minBootstrap: UpdateFixtures.BootstrapVersion + 1)), policy, 4));
        Assert.Equal(UpdateError.None, BundleVerifier.CheckPolicy(Parse(UpdateFixtures.Bundle(5, minBootstrap: UpdateFixtures.BootstrapVersion)), policy, 4));
        Assert.Equal(UpdateError.NotNewer, BundleVerifier.CheckPolicy(Parse(UpdateFixtures.Bundle(5)), policy, 5));
        policy.MaxBundleBytes = 1000;
        Assert.Equal(UpdateError.DoesNotFit, BundleVerifier.CheckFits(Parse(UpdateFixtures.Bundle(5)), policy));
        Assert.Equal(UpdateError.None, BundleVerifier.CheckPolicy(Parse(UpdateFixtures.Bundle(5)), policy, 4)); // size limits downloads, not booting
    }
}
