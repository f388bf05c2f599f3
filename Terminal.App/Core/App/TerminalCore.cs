using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Core.Display;
using Terminal.Core.Permits;
using Terminal.Core.Reporting;
using Terminal.Core.Revocation;
using Terminal.Core.Tap;
using Terminal.Core.Time;
using Terminal.Drivers.Reader;
using Terminal.Drivers.Reader.Keys;

namespace Terminal.Core.App
{
    /// <summary>
    /// The terminal's portable wiring: from a parsed configuration and a set of drivers to a running tap pipeline,
    /// revocation store and tier-2 worker. The device's Program.Main and the PC simulator both build the terminal
    /// through here, so the host tests exercise the same wiring the board runs.
    /// </summary>
    public sealed class TerminalCore
    {
        public const string ListFilePrefix = "list";
        public const string VerifiedCacheFile = "verified.bin";
        public const int VerifiedCacheCapacity = 128;

        private TerminalCore()
        {
        }

        public DeviceConfiguration Configuration { get; private set; }

        public KeyRing TrustedKeys { get; private set; }

        public ClockGuard Clock { get; private set; }

        public RevocationStore Revocation { get; private set; }

        /// <summary>Where the reporting session's list download (ListDownload) writes: the store's spare slot.</summary>
        public RevocationDownloadTarget ListDownloadTarget { get; private set; }

        public TapPipeline Pipeline { get; private set; }

        public TierTwoQueue TierTwo { get; private set; }

        public VerifiedCardCache VerifiedCards { get; private set; }

        /// <summary>The clerk's display (null without one): every check the sink gets, it shows.</summary>
        public ClerkScreen Screen { get; private set; }

        /// <summary>Why the revocation list could not be mounted at boot (None when a list is active).</summary>
        public RevocationError ListMountError { get; private set; }

        /// <summary>
        /// Builds the core. Returns null (with the reason in <paramref name="error"/>) only for a configuration whose keys
        /// cannot be used; a missing revocation list is not fatal (verdicts say LIST_STALE or warn, per the profile).
        /// </summary>
        public static TerminalCore Create(DeviceConfiguration config, TerminalDrivers drivers, long clockHighWaterMark, ConfigError error)
        {
            TerminalCore core = new TerminalCore();
            core.Configuration = config;
            core.TrustedKeys = ConfiguredKeys.BuildKeyRing(config, error);
            if (core.TrustedKeys == null)
            {
                return null;
            }

            int macKeys = 0;
            for (int i = 0; i < config.Keys.Count; i++)
            {
                if (((ConfiguredKey)config.Keys[i]).Usage == "regional-mac")
                {
                    macKeys++;
                }
            }

            MacMasterKey[] macMasters = new MacMasterKey[macKeys];
            int n = 0;
            for (int i = 0; i < config.Keys.Count; i++)
            {
                ConfiguredKey k = (ConfiguredKey)config.Keys[i];
                if (k.Usage == "regional-mac")
                {
                    macMasters[n++] = new MacMasterKey(k.Id, k.Key, k.ValidFrom, k.ValidUntil);
                }
            }

            // Issuer keys get their fixed-base tables once, here, so no tap ever pays for them.
            Ed25519Verifier listVerifier = new Ed25519Verifier();
            // Card signatures are only ever checked against provisioned issuer keys: never expand an unknown key on a tap.
            Ed25519Verifier cardVerifier = new Ed25519Verifier(IssuerKeyTables(config, error), false);
            if (error.IsError)
            {
                return null;
            }

            core.Clock = new ClockGuard(drivers.Clock, (long)config.ClockStaleAfterHours * 3600, clockHighWaterMark);
            core.Revocation = new RevocationStore(drivers.Storage, core.TrustedKeys, listVerifier, ListFilePrefix);
            core.ListMountError = core.Revocation.Mount(false);
            core.ListDownloadTarget = new RevocationDownloadTarget(core.Revocation);

            // A cache file that cannot be opened only costs re-verification: fall back to memory.
            core.VerifiedCards = new VerifiedCardCache(VerifiedCacheCapacity,
                drivers.Storage.Exists(VerifiedCacheFile) ? drivers.Storage.Open(VerifiedCacheFile) : drivers.Storage.Create(VerifiedCacheFile));
            // Every check goes to the outbox first (durable), then to the screen: a screen fault never costs a report.
            ITapSink sink = drivers.Sink;
            if (drivers.Screen != null)
            {
                core.Screen = drivers.Screen;
                core.Screen.Bind(config.TerminalId, core.Revocation, core.Clock, config.DisplayIdleSeconds);
                sink = new TapSinkGroup(new ITapSink[] { drivers.Sink, core.Screen });
            }

            core.TierTwo = new TierTwoQueue(new TierTwoVerifier(core.TrustedKeys, cardVerifier), core.VerifiedCards, drivers.Feedback, sink, core.Clock);

            SectorKeyDiversifier diversifier = new SectorKeyDiversifier(drivers.Hmac);
            core.Pipeline = new TapPipeline(drivers.Reader, new DiversifiedReadKeys(diversifier, config.SectorReadMaster),
                new TierOneAuthenticator(drivers.Hmac, macMasters), core.Revocation, config.Policy, core.Clock,
                drivers.Feedback, sink, core.TierTwo, core.VerifiedCards, new TapSettings());
            return core;
        }

        private static Ed25519PublicKey[] IssuerKeyTables(DeviceConfiguration config, ConfigError error)
        {
            int count = 0;
            for (int i = 0; i < config.Keys.Count; i++)
            {
                if (((ConfiguredKey)config.Keys[i]).Usage == "card-issuer")
                {
                    count++;
                }
            }

            Ed25519PublicKey[] tables = new Ed25519PublicKey[count];
            int n = 0;
            for (int i = 0; i < config.Keys.Count; i++)
            {
                ConfiguredKey k = (ConfiguredKey)config.Keys[i];
                if (k.Usage != "card-issuer")
                {
                    continue;
                }

                Ed25519PublicKey table = Ed25519PublicKey.Create(k.Key, 0);
                if (!table.IsValid)
                {
                    error.Message = string.Concat("card-issuer key ", k.Id.ToString(), " is not a valid Ed25519 public key");
                    return null;
                }

                tables[n++] = table;
            }

            return tables;
        }
    }
}
