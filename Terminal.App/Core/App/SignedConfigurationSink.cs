using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Core.Persistence;
using Terminal.Core.Reporting;

namespace Terminal.Core.App
{
    /// <summary>
    /// Installs configurations pushed on rp/v1/{region}/{terminal}/config: a <see cref="SignedConfiguration"/> for this
    /// terminal, signed by a config-signer key the terminal trusts NOW (the keys of the running configuration, so a new
    /// configuration that rotates keys is signed by an old one), whose text parses, keeps a config-signer key and
    /// builds a key ring, goes into <see cref="ConfigurationStore.Install"/> (crash-safe, refuses a sequence that is not
    /// newer). It takes effect at the next boot: <see cref="RebootRequested"/> is set and a line logged. Every refusal is
    /// logged with its reason; the session counts it in RejectedInbound. Never throws.
    /// </summary>
    public sealed class SignedConfigurationSink : IConfigurationSink
    {
        private readonly ConfigurationStore _store;
        private readonly KeyRing _trustedKeys;
        private readonly string _terminalId;
        private readonly int _maxBytes;
        private readonly IBootLog _log;
        private readonly object _storageSync;
        private readonly SignedConfiguration _envelope = new SignedConfiguration();
        private readonly ConfigError _error = new ConfigError();

        /// <summary>storageSync is held around the install (the tap thread shares the flash); log may be null.</summary>
        public SignedConfigurationSink(ConfigurationStore store, KeyRing trustedKeys, string terminalId, int maxBytes, IBootLog log, object storageSync)
        {
            _store = store;
            _trustedKeys = trustedKeys;
            _terminalId = terminalId;
            _maxBytes = maxBytes;
            _log = log;
            _storageSync = storageSync == null ? new object() : storageSync;
            LastRefusal = "";
        }

        /// <summary>A configuration was installed since boot: the device should reboot to use it.</summary>
        public bool RebootRequested { get; private set; }

        public int Installed { get; private set; }

        public int Refused { get; private set; }

        /// <summary>Sequence of the last configuration installed (0 if none since boot).</summary>
        public int InstalledSequence { get; private set; }

        /// <summary>Why the last refused configuration was refused.</summary>
        public string LastRefusal { get; private set; }

        public bool Offer(byte[] payload)
        {
            if (payload == null)
            {
                return Refuse("empty message");
            }

            SignedConfigurationError checkedEnvelope = _envelope.Verify(payload, payload.Length, _maxBytes, _terminalId, _trustedKeys, NewVerifier());
            if (checkedEnvelope != SignedConfigurationError.None)
            {
                return Refuse(SignedConfiguration.Describe(checkedEnvelope));
            }

            DeviceConfiguration candidate = new DeviceConfiguration();
            byte[] text = new byte[_envelope.TextLength];
            System.Array.Copy(payload, _envelope.TextOffset, text, 0, text.Length);
            if (!DeviceConfigurationParser.Parse(text, text.Length, candidate, _error))
            {
                return Refuse(string.Concat("text does not parse: ", _error.ToString()));
            }

            if (candidate.TerminalId != _terminalId)
            {
                return Refuse(string.Concat("text names terminal ", candidate.TerminalId));
            }

            KeyRing candidateKeys = ConfiguredKeys.BuildKeyRing(candidate, _error);
            if (candidateKeys == null)
            {
                return Refuse(_error.Message);
            }

            if (!HasConfigSigner(candidate))
            {
                // Without one the terminal could never be reconfigured remotely again.
                return Refuse("it holds no config-signer key");
            }

            bool installed;
            lock (_storageSync)
            {
                installed = _store.Install(text, 0, text.Length, _error);
            }

            if (!installed)
            {
                return Refuse(_error.ToString());
            }

            Installed++;
            InstalledSequence = candidate.Sequence;
            RebootRequested = true;
            Log(string.Concat("config: installed sequence ", candidate.Sequence.ToString(), " signed by key ", _envelope.KeyId.ToString(),
                "; takes effect at the next boot (reboot requested)"));
            return true;
        }

        /// <summary>
        /// A verifier per message, not one kept for the terminal's lifetime: pushes are rare, and a verifier holds the
        /// expanded table of the last key it used (RAM better left to the tap path).
        /// </summary>
        private static ISignatureVerifier NewVerifier()
        {
            return new Ed25519Verifier();
        }

        private static bool HasConfigSigner(DeviceConfiguration config)
        {
            for (int i = 0; i < config.Keys.Count; i++)
            {
                if (((ConfiguredKey)config.Keys[i]).Usage == "config-signer")
                {
                    return true;
                }
            }

            return false;
        }

        private bool Refuse(string reason)
        {
            Refused++;
            LastRefusal = reason;
            Log(string.Concat("config: pushed configuration refused: ", reason));
            return false;
        }

        private void Log(string line)
        {
            if (_log != null)
            {
                _log.Line(line);
            }
        }
    }
}
