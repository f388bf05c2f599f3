using System.Collections;
using Terminal.Core.Rules;
using Terminal.Core.Time;

namespace Terminal.Core.Configuration
{
    /// <summary>A key as the configuration file states it; boot turns these into the trusted key rings.</summary>
    public sealed class ConfiguredKey
    {
        /// <summary>card-issuer, list-signer, firmware-signer, config-signer (Ed25519 public keys) or regional-mac (secret).</summary>
        public string Usage;
        public int Id;
        public byte[] Key;
        public CivilDate ValidFrom;
        public CivilDate ValidUntil;
    }

    /// <summary>
    /// Everything a terminal is provisioned with (`Terminal.Tools device provision` writes it; the device reads it from
    /// I:\ at boot). Text format and field list: README.md beside this file.
    /// </summary>
    public sealed class DeviceConfiguration
    {
        public const string FormatName = "rp-device-config/1";

        public string TerminalId = "";
        /// <summary>GB/T 2260 code of the region the terminal reports to (topic rp/v1/{region}/{terminalId}).</summary>
        public string Region = "";
        public string ServicePoint = "";
        /// <summary>Name of the active service profile (第二十二条).</summary>
        public string Profile = "";
        /// <summary>The active profile, resolved from <see cref="ProfileDefinitions"/> or the firmware defaults.</summary>
        public ServicePolicy Policy = new ServicePolicy();
        /// <summary>Profile lines given in the file (override the defaults of the same name).</summary>
        public ArrayList ProfileDefinitions = new ArrayList();

        public string WifiSsid = "";
        public string WifiPassword = "";

        public string BrokerHost = "";
        public int BrokerPort = 8883;
        public bool BrokerTls = true;
        /// <summary>DER bytes of the CA certificate the broker's certificate must chain to (pinned).</summary>
        public byte[] CaCertificate;
        /// <summary>Client certificate and private key (PEM bytes), if the broker authenticates terminals by certificate.</summary>
        public byte[] ClientCertificate;
        public byte[] ClientKey;
        public string MqttUsername = "";
        public string MqttPassword = "";

        /// <summary>ConfiguredKey entries: trusted public keys and regional MAC masters.</summary>
        public ArrayList Keys = new ArrayList();

        /// <summary>Master from which per-card MIFARE sector read keys are diversified.</summary>
        public byte[] SectorReadMaster;

        /// <summary>After this many hours without an SNTP synchronisation the clock counts as stale.</summary>
        public int ClockStaleAfterHours = 72;

        /// <summary>Seconds a verdict stays on the clerk's display before the idle screen returns (display_idle_seconds).</summary>
        public int DisplayIdleSeconds = DefaultDisplayIdleSeconds;

        public const int DefaultDisplayIdleSeconds = 8;

        /// <summary>Monotonic configuration version: a pushed configuration must be newer.</summary>
        public int Sequence;

        /// <summary>Run the self-test at every boot, as if the self-test button were held.</summary>
        public bool SelfTestAtBoot;
    }
}
