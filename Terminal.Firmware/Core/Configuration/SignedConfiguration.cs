using Terminal.Core.Binary;
using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Core.Signing;

namespace Terminal.Core.Configuration
{
    /// <summary>Why a signed configuration envelope was refused.</summary>
    public enum SignedConfigurationError
    {
        None = 0,
        /// <summary>Shorter than its header, or the stated lengths do not add up to the message's length.</summary>
        Truncated = 1,
        BadMagic = 2,
        UnsupportedVersion = 3,
        /// <summary>Larger than the bound the caller set (the session's MaxConfigBytes).</summary>
        TooLarge = 4,
        /// <summary>The terminal id length is 0 or above 32, or the text is empty or above the parser's limit.</summary>
        BadField = 5,
        /// <summary>Addressed to another terminal.</summary>
        WrongTerminal = 6,
        UnknownKey = 7,
        /// <summary>Signed by a trusted key of another usage (card-issuer, list-signer, firmware-signer).</summary>
        WrongKeyUsage = 8,
        /// <summary>The config-signer key was not valid on the envelope's issue day.</summary>
        KeyNotValid = 9,
        BadSignature = 10,
    }

    /// <summary>
    /// A configuration pushed over MQTT: the rp-device-config/1 text in an envelope bound to one terminal and signed by a
    /// trusted config-signer key (layout: README.md beside this file). <see cref="Verify"/> checks structure, terminal,
    /// key and signature with the same signed-file check as revocation lists; never throws. Whether the text parses and
    /// is newer than the active configuration is <see cref="Persistence.ConfigurationStore.Install"/>'s to decide.
    /// </summary>
    public sealed class SignedConfiguration
    {
        public const int FormatVersion = 1;
        public const int HeaderLength = 16;
        public const int SignatureLength = SignedFile.SignatureLength;
        public const int MaxTerminalIdLength = 32;

        /// <summary>"RPCS": ResidenceTerminal configuration, signed.</summary>
        public static readonly byte[] Magic = new byte[] { (byte)'R', (byte)'P', (byte)'C', (byte)'S' };

        /// <summary>Key id of the signer (16-bit, as in the configuration's key list).</summary>
        public uint KeyId { get; private set; }

        /// <summary>When the platform signed it (Unix seconds, UTC); the key must be valid on that Beijing day.</summary>
        public long IssuedAt { get; private set; }

        public int TerminalIdLength { get; private set; }

        /// <summary>Where the rp-device-config/1 text starts in the message.</summary>
        public int TextOffset { get; private set; }

        public int TextLength { get; private set; }

        /// <summary>Bytes covered by the signature (header, terminal id, text).</summary>
        public int SignedLength { get { return TextOffset + TextLength; } }

        /// <summary>Total length of an envelope with these field lengths.</summary>
        public static int EnvelopeLength(int terminalIdLength, int textLength)
        {
            return HeaderLength + terminalIdLength + textLength + SignatureLength;
        }

        /// <summary>Reads and checks the header of data[0..length); nothing is trusted yet.</summary>
        public SignedConfigurationError ParseHeader(byte[] data, int length, int maxBytes)
        {
            KeyId = 0;
            IssuedAt = 0;
            TerminalIdLength = 0;
            TextOffset = 0;
            TextLength = 0;
            if (data == null || length < 0 || length > data.Length)
            {
                return SignedConfigurationError.Truncated;
            }

            if (length > maxBytes)
            {
                return SignedConfigurationError.TooLarge;
            }

            switch (HeaderPreamble.Check(data, 0, length, HeaderLength, Magic, FormatVersion))
            {
                case SignedFileStatus.Ok: break;
                case SignedFileStatus.BadMagic: return SignedConfigurationError.BadMagic;
                case SignedFileStatus.UnsupportedVersion: return SignedConfigurationError.UnsupportedVersion;
                default: return SignedConfigurationError.Truncated;
            }

            int idLength = data[5];
            uint textLength = LittleEndian.ReadUInt32(data, 12);
            if (idLength == 0 || idLength > MaxTerminalIdLength || textLength == 0 || textLength > DeviceConfigurationParser.MaxLength)
            {
                return SignedConfigurationError.BadField;
            }

            if (length != EnvelopeLength(idLength, (int)textLength))
            {
                return SignedConfigurationError.Truncated;
            }

            KeyId = LittleEndian.ReadUInt16(data, 6);
            IssuedAt = LittleEndian.ReadUInt32(data, 8);
            TerminalIdLength = idLength;
            TextOffset = HeaderLength + idLength;
            TextLength = (int)textLength;
            return SignedConfigurationError.None;
        }

        /// <summary>
        /// Header, addressee (must be <paramref name="terminalId"/>), signer (a <see cref="KeyUsage.ConfigSigner"/> key
        /// of <paramref name="trustedKeys"/> valid on the issue day) and the Ed25519 signature over everything before it.
        /// </summary>
        public SignedConfigurationError Verify(byte[] data, int length, int maxBytes, string terminalId, KeyRing trustedKeys, ISignatureVerifier verifier)
        {
            SignedConfigurationError header = ParseHeader(data, length, maxBytes);
            if (header != SignedConfigurationError.None)
            {
                return header;
            }

            if (!IsAddressedTo(data, terminalId))
            {
                return SignedConfigurationError.WrongTerminal;
            }

            TrustedKey key;
            switch (trustedKeys.Check(KeyId, KeyUsage.ConfigSigner, CivilDate.BeijingDayOf(IssuedAt), out key))
            {
                case KeyCheck.Trusted: break;
                case KeyCheck.WrongUsage: return SignedConfigurationError.WrongKeyUsage;
                case KeyCheck.NotValidOnDate: return SignedConfigurationError.KeyNotValid;
                default: return SignedConfigurationError.UnknownKey;
            }

            return SignedFile.Verify(data, SignedLength, SignedLength, key.PublicKey, verifier) == SignedFileStatus.Ok
                ? SignedConfigurationError.None
                : SignedConfigurationError.BadSignature;
        }

        /// <summary>The terminal id field equals terminalId (ASCII, compared byte by byte: no string is built from untrusted bytes).</summary>
        public bool IsAddressedTo(byte[] data, string terminalId)
        {
            if (terminalId == null || terminalId.Length != TerminalIdLength)
            {
                return false;
            }

            for (int i = 0; i < TerminalIdLength; i++)
            {
                if (data[HeaderLength + i] != terminalId[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A short English reason for logs and the refusal counter.</summary>
        public static string Describe(SignedConfigurationError error)
        {
            switch (error)
            {
                case SignedConfigurationError.None: return "ok";
                case SignedConfigurationError.Truncated: return "truncated or lengths do not add up";
                case SignedConfigurationError.BadMagic: return "not a signed configuration (magic)";
                case SignedConfigurationError.UnsupportedVersion: return "unsupported envelope version";
                case SignedConfigurationError.TooLarge: return "larger than the configuration message limit";
                case SignedConfigurationError.BadField: return "terminal id or text length out of range";
                case SignedConfigurationError.WrongTerminal: return "addressed to another terminal";
                case SignedConfigurationError.UnknownKey: return "signed by an unknown key";
                case SignedConfigurationError.WrongKeyUsage: return "signed by a key that is not a config-signer";
                case SignedConfigurationError.KeyNotValid: return "config-signer key not valid on the issue day";
                default: return "bad signature";
            }
        }
    }
}
