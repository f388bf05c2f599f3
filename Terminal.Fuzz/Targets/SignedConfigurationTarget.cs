using System.Buffers.Binary;
using Terminal.Core.App;
using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Core.Persistence;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tools.Crypto;
using Terminal.Tools.Provisioning;

namespace Terminal.Fuzz.Targets;

/// <summary>
/// A configuration pushed over MQTT, through the terminal's own <see cref="SignedConfigurationSink"/> onto a flash that
/// holds an active configuration (sequence 1). Each input runs as given and, when its header parses, re-signed by the
/// trusted config-signer key, so that mutations of the text reach the parser and the install instead of stopping at
/// the signature.
/// </summary>
public sealed class SignedConfigurationTarget : IFuzzTarget
{
    private const int MaxBytes = 8192;
    private const long FlashBytes = 64 * 1024;
    private readonly SimulatedFlash _provisioned = new(FlashBytes);
    private readonly KeyRing _keys;

    public SignedConfigurationTarget()
    {
        _provisioned.WriteAllBytes(ConfigurationStore.ActiveFileName, DeviceConfigurationText.Write(Settings(1)));
        _keys = FuzzKeys.Ring();
        _keys.Add(new TrustedKey(FuzzKeys.ConfigKeyId, KeyUsage.ConfigSigner, FuzzKeys.ConfigPublic, FuzzKeys.ValidFrom.DayNumber, FuzzKeys.ValidUntil.DayNumber));
    }

    public string Name => "signed-config";

    public string Description => "signed configuration envelope (RPCS) through SignedConfigurationSink and ConfigurationStore.Install";

    public IReadOnlyList<int> FieldOffsets { get; } = [5, 6, 8, 12];

    public void Run(ReadOnlySpan<byte> input)
    {
        byte[] data = input.ToArray();
        Offer(data);
        var header = new SignedConfiguration();
        if (header.ParseHeader(data, data.Length, MaxBytes) == SignedConfigurationError.None)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(6), (ushort)FuzzKeys.ConfigKeyId);
            Ed25519Signing.Sign(FuzzKeys.ConfigSeed, data, 0, header.SignedLength).CopyTo(data, header.SignedLength);
            Offer(data);
        }
    }

    private void Offer(byte[] data)
    {
        var sink = new SignedConfigurationSink(new ConfigurationStore(_provisioned.Clone()), _keys, ConfigurationTarget.Settings().TerminalId, MaxBytes, null, null);
        sink.Offer(data);
    }

    public IReadOnlyList<(string Name, byte[] Data)> Seeds()
    {
        string terminal = ConfigurationTarget.Settings().TerminalId;
        byte[] newer = DeviceConfigurationText.Write(Settings(2));
        byte[] valid = SignedConfigurationWriter.Sign(newer, terminal, FuzzKeys.ConfigKeyId, FuzzKeys.ConfigSeed, FuzzKeys.ListIssuedAt);
        return
        [
            ("valid", valid),
            ("older", SignedConfigurationWriter.Sign(DeviceConfigurationText.Write(Settings(1)), terminal, FuzzKeys.ConfigKeyId, FuzzKeys.ConfigSeed, FuzzKeys.ListIssuedAt)),
            ("other-terminal", SignedConfigurationWriter.Sign(newer, "HB420100-0002", FuzzKeys.ConfigKeyId, FuzzKeys.ConfigSeed, FuzzKeys.ListIssuedAt)),
            ("list-key", SignedConfigurationWriter.Sign(newer, terminal, FuzzKeys.ListKeyId, FuzzKeys.ListSeed, FuzzKeys.ListIssuedAt)),
            ("truncated", valid[..(valid.Length / 2)]),
        ];
    }

    private static DeviceSettings Settings(int sequence)
    {
        var settings = ConfigurationTarget.Settings();
        return settings with
        {
            Sequence = sequence,
            Keys = [.. settings.Keys, new ConfigKey("config-signer", (int)FuzzKeys.ConfigKeyId, FuzzKeys.ConfigPublic, new DateOnly(2025, 1, 1), new DateOnly(2030, 12, 31))],
        };
    }
}
