using CsCheck;
using Terminal.Core.App;
using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Core.Persistence;
using Terminal.Tests.Boot;
using Terminal.Tools.Crypto;
using Terminal.Tools.Provisioning;
using Terminal.Tools.Simulation;

namespace Terminal.Tests.Configuration;

/// <summary>
/// The signed configuration envelope (signed on the host with BouncyCastle through the Tools writer, verified by the
/// core's own Ed25519) and <see cref="SignedConfigurationSink"/> over the crash-safe <see cref="ConfigurationStore"/>.
/// </summary>
public sealed class SignedConfigurationTests
{
    private const int MaxBytes = 8192;
    private readonly BootRig _rig = new BootRig().Provision();
    private readonly List<string> _log = new();
    private readonly long _now = BootRig.Now.ToUnixTimeSeconds();

    private KeyRing ActiveRing()
    {
        var error = new ConfigError();
        var active = new ConfigurationStore(_rig.Flash).Load(error);
        Assert.True(active != null, error.ToString());
        return ConfiguredKeys.BuildKeyRing(active!, error)!;
    }

    private SignedConfigurationSink Sink() =>
        new(new ConfigurationStore(_rig.Flash), ActiveRing(), BootRig.TerminalId, MaxBytes, new BootRig.ListLog(_log), null);

    private byte[] Text(int sequence, string servicePoint = "急诊", string terminalId = BootRig.TerminalId) =>
        DeviceConfigurationText.Write(_rig.Settings(sequence: sequence) with { ServicePoint = servicePoint, TerminalId = terminalId });

    private byte[] Envelope(int sequence, string servicePoint = "急诊") =>
        SignedConfigurationWriter.Sign(Text(sequence, servicePoint), BootRig.TerminalId, BootRig.ConfigKeyId, _rig.ConfigSeed, _now);

    private DeviceConfiguration Active()
    {
        var error = new ConfigError();
        var active = new ConfigurationStore(_rig.Flash).Load(error);
        Assert.True(active != null, error.ToString());
        return active!;
    }

    [Fact]
    public void A_host_signed_envelope_verifies_in_the_core_and_is_installed_for_the_next_boot()
    {
        byte[] envelope = Envelope(2);
        var parsed = new SignedConfiguration();
        Assert.Equal(SignedConfigurationError.None, parsed.Verify(envelope, envelope.Length, MaxBytes, BootRig.TerminalId, ActiveRing(), new Ed25519Verifier()));
        Assert.Equal((uint)BootRig.ConfigKeyId, parsed.KeyId);
        Assert.Equal(_now, parsed.IssuedAt);
        Assert.Equal(Text(2), envelope.Skip(parsed.TextOffset).Take(parsed.TextLength).ToArray());

        var sink = Sink();
        Assert.True(sink.Offer(envelope), sink.LastRefusal);
        Assert.True(sink.RebootRequested);
        Assert.Equal(2, sink.InstalledSequence);
        Assert.Contains(_log, l => l.Contains("installed sequence 2", StringComparison.Ordinal) && l.Contains("next boot", StringComparison.Ordinal));
        Assert.Equal(2, Active().Sequence);
        Assert.Equal("急诊", Active().ServicePoint);
        Assert.False(_rig.Flash.Exists(ConfigurationStore.ActiveFileName)); // the technician's file is superseded
    }

    [Theory]
    [InlineData(6)] // key id
    [InlineData(9)] // issue time
    [InlineData(SignedConfiguration.HeaderLength + 3)] // terminal id
    [InlineData(200)] // text
    [InlineData(-1)] // last byte of the signature
    [InlineData(-40)] // signature
    public void A_tampered_byte_is_refused_and_the_active_configuration_stays(int position)
    {
        byte[] envelope = Envelope(2);
        envelope[position < 0 ? envelope.Length + position : position] ^= 0x01;
        var sink = Sink();
        Assert.False(sink.Offer(envelope));
        Assert.False(sink.RebootRequested);
        Assert.Equal(1, sink.Refused);
        Assert.Contains(_log, l => l.StartsWith("config: pushed configuration refused: ", StringComparison.Ordinal));
        Assert.Equal(1, Active().Sequence);
        Assert.True(_rig.Flash.Exists(ConfigurationStore.ActiveFileName));
    }

    [Fact]
    public void Keys_of_other_usages_cannot_sign_a_configuration()
    {
        var ring = ActiveRing();
        foreach (var (id, seed) in new[] { (SimulationKeys.IssuerKeyId, _rig.Keys.IssuerSeed), (SimulationKeys.ListKeyId, _rig.Keys.ListSeed) })
        {
            byte[] envelope = SignedConfigurationWriter.Sign(Text(2), BootRig.TerminalId, (uint)id, seed, _now);
            Assert.Equal(SignedConfigurationError.WrongKeyUsage,
                new SignedConfiguration().Verify(envelope, envelope.Length, MaxBytes, BootRig.TerminalId, ring, new Ed25519Verifier()));
            var sink = Sink();
            Assert.False(sink.Offer(envelope));
            Assert.Equal("signed by a key that is not a config-signer", sink.LastRefusal);
        }

        byte[] stranger = SignedConfigurationWriter.Sign(Text(2), BootRig.TerminalId, 31, Ed25519Signing.NewPrivateSeed(), _now);
        Assert.Equal(SignedConfigurationError.UnknownKey, new SignedConfiguration().Verify(stranger, stranger.Length, MaxBytes, BootRig.TerminalId, ring, new Ed25519Verifier()));

        // The right key outside its validity window (valid from a year before the rig's day).
        byte[] backdated = SignedConfigurationWriter.Sign(Text(2), BootRig.TerminalId, BootRig.ConfigKeyId, _rig.ConfigSeed, _now - 3L * 365 * 86400);
        Assert.Equal(SignedConfigurationError.KeyNotValid, new SignedConfiguration().Verify(backdated, backdated.Length, MaxBytes, BootRig.TerminalId, ring, new Ed25519Verifier()));
        Assert.Equal(1, Active().Sequence);
    }

    [Fact]
    public void A_configuration_for_another_terminal_is_refused()
    {
        const string Other = "HB420100-OTHER";
        byte[] forOther = SignedConfigurationWriter.Sign(Text(2, terminalId: Other), Other, BootRig.ConfigKeyId, _rig.ConfigSeed, _now);
        var sink = Sink();
        Assert.False(sink.Offer(forOther));
        Assert.Equal("addressed to another terminal", sink.LastRefusal);

        // Addressed here, but the signed text names another terminal.
        byte[] mismatched = SignedConfigurationWriter.Sign(Text(2, terminalId: Other), BootRig.TerminalId, BootRig.ConfigKeyId, _rig.ConfigSeed, _now);
        Assert.False(sink.Offer(mismatched));
        Assert.Equal("text names terminal " + Other, sink.LastRefusal);
        Assert.Equal(1, Active().Sequence);
    }

    [Fact]
    public void A_replayed_or_older_sequence_is_refused()
    {
        var sink = Sink();
        byte[] three = Envelope(3);
        Assert.True(sink.Offer(three), sink.LastRefusal);
        Assert.False(sink.Offer(three));
        Assert.Contains("sequence 3 is not newer than the active configuration's 3", sink.LastRefusal);
        Assert.False(sink.Offer(Envelope(2, "older")));
        Assert.Contains("sequence 2 is not newer", sink.LastRefusal);
        Assert.Equal(3, Active().Sequence);
        Assert.Equal(1, sink.Installed);
        Assert.Equal(2, sink.Refused);
    }

    [Fact]
    public void Oversized_malformed_and_unparsable_messages_are_refused()
    {
        var sink = Sink();
        byte[] good = Envelope(2);
        Assert.False(sink.Offer(null!));
        Assert.False(sink.Offer([]));
        Assert.False(sink.Offer(good.Take(good.Length - 1).ToArray()));
        Assert.Equal("truncated or lengths do not add up", sink.LastRefusal);
        Assert.False(sink.Offer([.. good, 0]));
        Assert.False(sink.Offer(Text(2))); // the plain text, unsigned
        Assert.Equal("not a signed configuration (magic)", sink.LastRefusal);

        byte[] huge = SignedConfigurationWriter.Sign(Text(2, servicePoint: new string('x', 9000)), BootRig.TerminalId, BootRig.ConfigKeyId, _rig.ConfigSeed, _now);
        Assert.False(sink.Offer(huge));
        Assert.Equal("larger than the configuration message limit", sink.LastRefusal);

        byte[] garbled = Text(2);
        garbled[^3] ^= 0x10; // the crc32 line no longer matches: signed, but the parser refuses it
        Assert.False(sink.Offer(SignedConfigurationWriter.Sign(garbled, BootRig.TerminalId, BootRig.ConfigKeyId, _rig.ConfigSeed, _now)));
        Assert.StartsWith("text does not parse", sink.LastRefusal);

        byte[] version = (byte[])good.Clone();
        version[4] = 2;
        Assert.False(sink.Offer(version));
        Assert.Equal("unsupported envelope version", sink.LastRefusal);
        Assert.Equal(8, sink.Refused);
        Assert.Equal(1, Active().Sequence);

        Gen.Byte.Array[0, 600].Sample(bytes => Assert.False(sink.Offer(bytes)), iter: 300);
        Gen.Int[0, good.Length - 1].Select(Gen.Byte).Sample((at, value) =>
        {
            byte[] copy = (byte[])good.Clone();
            copy[at] = copy[at] == value ? (byte)(value ^ 0x80) : value;
            Assert.False(sink.Offer(copy));
        }, iter: 100);
        Assert.True(sink.Offer(good), sink.LastRefusal);
    }

    [Fact]
    public void A_configuration_without_a_config_signer_key_is_refused()
    {
        var settings = _rig.Settings(sequence: 2);
        byte[] text = DeviceConfigurationText.Write(settings with { Keys = settings.Keys.Where(k => k.Usage != "config-signer").ToList() });
        var sink = Sink();
        Assert.False(sink.Offer(SignedConfigurationWriter.Sign(text, BootRig.TerminalId, BootRig.ConfigKeyId, _rig.ConfigSeed, _now)));
        Assert.Equal("it holds no config-signer key", sink.LastRefusal);
    }

    [Fact]
    public void Key_rotation_is_signed_by_the_old_key_and_the_new_key_is_trusted_only_after_the_install()
    {
        byte[] newSeed = Ed25519Signing.NewPrivateSeed();
        var settings = _rig.Settings(sequence: 2);
        byte[] rotated = DeviceConfigurationText.Write(settings with
        {
            Keys = [.. settings.Keys.Where(k => k.Usage != "config-signer"), BootRig.ConfigKey(31, newSeed)],
        });

        // Signed by the new key, which the terminal does not trust yet: refused.
        var sink = Sink();
        Assert.False(sink.Offer(SignedConfigurationWriter.Sign(rotated, BootRig.TerminalId, 31, newSeed, _now)));
        Assert.Equal("signed by an unknown key", sink.LastRefusal);

        // Signed by the currently trusted key: installed.
        Assert.True(sink.Offer(SignedConfigurationWriter.Sign(rotated, BootRig.TerminalId, BootRig.ConfigKeyId, _rig.ConfigSeed, _now)), sink.LastRefusal);

        // After the reboot the ring is the new one: the old key is no longer trusted, the new one is.
        var afterReboot = Sink();
        Assert.False(afterReboot.Offer(Envelope(3)));
        Assert.Equal("signed by an unknown key", afterReboot.LastRefusal);
        byte[] three = DeviceConfigurationText.Write(settings with
        {
            Sequence = 3,
            Keys = [.. settings.Keys.Where(k => k.Usage != "config-signer"), BootRig.ConfigKey(31, newSeed)],
        });
        Assert.True(afterReboot.Offer(SignedConfigurationWriter.Sign(three, BootRig.TerminalId, 31, newSeed, _now)), afterReboot.LastRefusal);
        Assert.Equal(3, Active().Sequence);
    }
}
