using Terminal.Core.Crypto;

namespace Terminal.Core.Configuration
{
    /// <summary>
    /// The configuration's keys as the terminal uses them. The bootstrap builds the ring before any application runs
    /// (its firmware-signer keys check update bundles); the application builds the same ring for cards and lists.
    /// </summary>
    public static class ConfiguredKeys
    {
        /// <summary>
        /// The configuration's public keys as a key ring (regional-mac secrets are not in it); null with the reason in
        /// error when two public keys share an id. Also how a pushed configuration's keys are checked before install.
        /// </summary>
        public static KeyRing BuildKeyRing(DeviceConfiguration config, ConfigError error)
        {
            KeyRing ring = new KeyRing();
            for (int i = 0; i < config.Keys.Count; i++)
            {
                ConfiguredKey k = (ConfiguredKey)config.Keys[i];
                if (k.Usage == "regional-mac")
                {
                    continue;
                }

                if (!ring.Add(new TrustedKey((uint)k.Id, UsageOf(k.Usage), k.Key, k.ValidFrom.DayNumber, k.ValidUntil.DayNumber)))
                {
                    error.Message = string.Concat("key id ", k.Id.ToString(), " is used for two public keys");
                    return null;
                }
            }

            return ring;
        }

        /// <summary>The usage of a public key by its configuration name (the parser admits only these four).</summary>
        public static KeyUsage UsageOf(string name)
        {
            if (name == "card-issuer")
            {
                return KeyUsage.CardIssuer;
            }

            if (name == "list-signer")
            {
                return KeyUsage.ListSigner;
            }

            return name == "config-signer" ? KeyUsage.ConfigSigner : KeyUsage.FirmwareSigner;
        }
    }
}
