using CsCheck;
using Terminal.Core.Update;
using Terminal.Tools.Firmware;

namespace Terminal.Tests.Update;

public sealed class BundleManifestTests
{
    [Fact]
    public void A_built_bundle_parses_back_to_its_fields_and_offsets()
    {
        byte[] bundle = UpdateFixtures.Bundle(7);
        var manifest = new BundleManifest();
        Assert.Equal(UpdateError.None, manifest.Parse(bundle, Math.Min(bundle.Length, BundleManifest.MaxManifestBytes)));
        Assert.Equal(7UL, manifest.Version);
        Assert.Equal(UpdateFixtures.FirmwareKeyId, manifest.KeyId);
        Assert.Equal(2U, manifest.MinBootstrapVersion);
        Assert.Equal(UpdateFixtures.Hardware, manifest.HardwareId);
        Assert.Equal(UpdateFixtures.EntryType, manifest.EntryType);
        Assert.Equal(UpdateFixtures.IssuedAt + 7 * 60, manifest.IssuedAt);
        Assert.Equal(bundle.Length, manifest.BundleLength);
        var inputs = UpdateFixtures.Assemblies(7);
        Assert.Equal(inputs.Length, manifest.AssemblyCount);
        for (int i = 0; i < inputs.Length; i++)
        {
            var a = manifest.Assemblies[i];
            Assert.Equal(inputs[i].Name, a.Name);
            Assert.Equal(inputs[i].Content.Length, a.Size);
            Assert.Equal(System.Security.Cryptography.SHA512.HashData(inputs[i].Content), a.Sha512);
            Assert.Equal(inputs[i].Content, bundle.AsSpan((int)a.Offset, a.Size).ToArray());
        }

        Assert.Equal(1, manifest.IndexOf("Terminal.Firmware.pe"));
        Assert.Equal(-1, manifest.IndexOf("missing.pe"));
    }

    [Fact]
    public void Every_truncation_of_the_manifest_is_refused_without_throwing()
    {
        byte[] bundle = UpdateFixtures.Bundle(1);
        var manifest = new BundleManifest();
        Assert.Equal(UpdateError.None, manifest.Parse(bundle, bundle.Length));
        int manifestLength = manifest.ManifestLength;
        for (int count = 0; count < manifestLength; count++)
        {
            Assert.NotEqual(UpdateError.None, new BundleManifest().Parse(bundle, count));
        }
    }

    [Theory]
    [InlineData(0, 0x58, UpdateError.BadMagic)]
    [InlineData(4, 2, UpdateError.UnsupportedFormat)]
    [InlineData(5, 0, UpdateError.BadField)]
    [InlineData(5, 17, UpdateError.BadField)]
    [InlineData(7, 0x7F, UpdateError.BadField)]
    public void Header_fields_out_of_bounds_are_refused_with_a_reason(int offset, byte value, UpdateError expected)
    {
        byte[] bundle = UpdateFixtures.Bundle(1);
        bundle[offset] = value;
        Assert.Equal(expected, new BundleManifest().Parse(bundle, bundle.Length));
    }

    [Fact]
    public void Version_zero_a_bad_name_character_a_zero_size_and_a_count_that_disagrees_with_the_body_are_refused()
    {
        byte[] good = UpdateFixtures.Bundle(1);
        var manifest = new BundleManifest();
        Assert.Equal(UpdateError.None, manifest.Parse(good, good.Length));

        byte[] zeroVersion = (byte[])good.Clone();
        Array.Clear(zeroVersion, 12, 8);
        Assert.Equal(UpdateError.BadField, new BundleManifest().Parse(zeroVersion, zeroVersion.Length));

        byte[] slash = (byte[])good.Clone();
        slash[BundleManifest.FixedLength + 1] = (byte)'/'; // first character of the hardware id
        Assert.Equal(UpdateError.BadField, new BundleManifest().Parse(slash, slash.Length));

        int firstSize = BundleManifest.FixedLength + 1 + UpdateFixtures.Hardware.Length + 1 + UpdateFixtures.EntryType.Length + 1 + "Terminal.Drivers.pe".Length;
        byte[] zeroSize = (byte[])good.Clone();
        Array.Clear(zeroSize, firstSize, 4);
        Assert.Equal(UpdateError.BadField, new BundleManifest().Parse(zeroSize, zeroSize.Length));

        byte[] fewer = (byte[])good.Clone();
        fewer[5] = 2; // two assemblies declared, three in the body
        Assert.Equal(UpdateError.LengthMismatch, new BundleManifest().Parse(fewer, fewer.Length));

        byte[] more = (byte[])good.Clone();
        more[5] = 4;
        Assert.Equal(UpdateError.BadField, new BundleManifest().Parse(more, more.Length));
    }

    [Fact]
    public void Duplicate_assembly_names_are_refused_by_the_builder_and_the_parser()
    {
        var inputs = UpdateFixtures.Assemblies(1);
        inputs[2] = inputs[2] with { Name = inputs[0].Name };
        Assert.Throws<ArgumentException>(() => FirmwareBundleBuilder.Build(inputs, UpdateFixtures.Parameters(1), UpdateFixtures.FirmwareSeed));

        var manifest = new BundleManifest { Version = 1, HardwareId = "hw", EntryType = "A.B" };
        var one = new BundleAssembly { Name = "x.pe", Size = 1 };
        var two = new BundleAssembly { Name = "x.pe", Size = 1 };
        manifest.SetAssemblies(new[] { one, two });
        byte[] body = manifest.EncodeBody()!;
        byte[] withSignature = body.Concat(new byte[64]).ToArray();
        Assert.Equal(UpdateError.BadField, new BundleManifest().Parse(withSignature, withSignature.Length));
    }

    [Fact]
    public void The_encoder_refuses_fields_out_of_bounds_and_the_largest_manifest_fits_the_bound()
    {
        var manifest = new BundleManifest { Version = 1, HardwareId = "hw", EntryType = "A.B" };
        Assert.Null(manifest.EncodeBody()); // no assemblies
        manifest.SetAssemblies(Enumerable.Range(0, BundleManifest.MaxAssemblies)
            .Select(i => new BundleAssembly { Name = (i.ToString("D2") + new string('n', BundleManifest.MaxNameLength)).Substring(0, BundleManifest.MaxNameLength), Size = 1 }).ToArray());
        manifest.HardwareId = new string('h', BundleManifest.MaxHardwareIdLength);
        manifest.EntryType = new string('e', BundleManifest.MaxEntryTypeLength);
        byte[]? body = manifest.EncodeBody();
        Assert.NotNull(body);
        Assert.True(body!.Length + BundleManifest.SignatureLength <= BundleManifest.MaxManifestBytes);
        manifest.HardwareId = new string('h', BundleManifest.MaxHardwareIdLength + 1);
        Assert.Null(manifest.EncodeBody());
    }

    [Fact]
    public void Random_and_mutated_bytes_never_make_the_parser_throw()
    {
        byte[] good = UpdateFixtures.Bundle(1);
        Gen.Select(Gen.Int[0, 600], Gen.Int[0, 255], Gen.Int[1, 4]).Sample((position, value, count) =>
        {
            byte[] bytes = (byte[])good.Clone();
            for (int i = 0; i < count; i++)
            {
                bytes[(position + i * 31) % 700] = (byte)value;
            }

            var manifest = new BundleManifest();
            var error = manifest.Parse(bytes, bytes.Length);
            if (error == UpdateError.None)
            {
                Assert.True(manifest.ManifestLength <= BundleManifest.MaxManifestBytes);
            }
        }, iter: 5000);
        Gen.Byte.Array[0, 3000].Sample(bytes => { new BundleManifest().Parse(bytes, bytes.Length); }, iter: 2000);
        Assert.Equal(UpdateError.BadField, new BundleManifest().Parse(null!, 0));
        Assert.Equal(UpdateError.BadField, new BundleManifest().Parse(good, good.Length + 1));
    }
}
