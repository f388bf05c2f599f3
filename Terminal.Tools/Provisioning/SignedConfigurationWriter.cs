using System.Buffers.Binary;
using System.Text;
using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Tools.Crypto;
using Terminal.Tools.Keys;

namespace Terminal.Tools.Provisioning;

/// <summary>Writes the signed configuration envelope the terminal's <see cref="SignedConfiguration"/> checks (layout: Core/Configuration/README.md).</summary>
public static class SignedConfigurationWriter
{
    /// <summary>Signs <paramref name="text"/> for <paramref name="terminalId"/> with a private config-signer key.</summary>
    public static byte[] Sign(byte[] text, string terminalId, KeyFile signer, long issuedAt)
    {
        if (signer.Usage != KeyUsage.ConfigSigner || signer.PrivateSeed is null)
        {
            throw new ArgumentException("a private config-signer key is needed");
        }

        return Sign(text, terminalId, signer.KeyId, signer.PrivateSeed, issuedAt);
    }

    /// <summary>The envelope with any key (tests sign with the wrong usage on purpose).</summary>
    public static byte[] Sign(byte[] text, string terminalId, uint keyId, byte[] privateSeed, long issuedAt)
    {
        byte[] id = Encoding.ASCII.GetBytes(terminalId);
        if (id.Length is 0 or > SignedConfiguration.MaxTerminalIdLength)
        {
            throw new ArgumentException("terminal id must be 1.." + SignedConfiguration.MaxTerminalIdLength + " characters");
        }

        if (text.Length is 0 or > DeviceConfigurationParser.MaxLength)
        {
            throw new ArgumentException("configuration text must be 1.." + DeviceConfigurationParser.MaxLength + " bytes");
        }

        if (keyId > ushort.MaxValue || issuedAt < 0 || issuedAt > uint.MaxValue)
        {
            throw new ArgumentException("key id or issue time out of range");
        }

        byte[] envelope = new byte[SignedConfiguration.EnvelopeLength(id.Length, text.Length)];
        SignedConfiguration.Magic.CopyTo(envelope, 0);
        envelope[4] = SignedConfiguration.FormatVersion;
        envelope[5] = (byte)id.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(envelope.AsSpan(6), (ushort)keyId);
        BinaryPrimitives.WriteUInt32LittleEndian(envelope.AsSpan(8), (uint)issuedAt);
        BinaryPrimitives.WriteUInt32LittleEndian(envelope.AsSpan(12), (uint)text.Length);
        id.CopyTo(envelope, SignedConfiguration.HeaderLength);
        text.CopyTo(envelope, SignedConfiguration.HeaderLength + id.Length);
        int signed = envelope.Length - SignedConfiguration.SignatureLength;
        Ed25519Signing.Sign(privateSeed, envelope, 0, signed).CopyTo(envelope, signed);
        return envelope;
    }
}
