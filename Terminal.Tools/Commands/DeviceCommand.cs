using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Terminal.Core.App;
using Terminal.Core.Configuration;
using Terminal.Core.Crypto;
using Terminal.Core.Time;
using Terminal.Core.Update;
using Terminal.Tools.Firmware;
using Terminal.Tools.Keys;
using Terminal.Tools.Provisioning;

namespace Terminal.Tools.Commands;

/// <summary>
/// `device provision`: a terminal's configuration file (rp-device-config/1), optionally the factory application bundle
/// for slot A (checked against the configuration's firmware-signer keys), and the nanoff command that uploads them.
/// </summary>
public static class DeviceCommand
{
    public static Command Create()
    {
        var device = new Command("device", "Provision terminals: write the device configuration and the command that uploads it to a board, or sign one to push over MQTT.\n" +
                                           "Example: device provision --help");
        device.Subcommands.Add(CreateProvision());
        device.Subcommands.Add(CreateSignConfig());
        return device;
    }

    private static Command CreateProvision()
    {
        var terminalId = new Option<string>("--terminal-id") { Description = "terminal id: 1-32 of A-Z a-z 0-9 - _ (an MQTT topic level)", Required = true };
        var region = new Option<string>("--region") { Description = "6-digit GB/T 2260 code of the region the terminal reports to", Required = true };
        var servicePoint = new Option<string>("--service-point") { Description = "free text naming the desk (shown in usage events)", DefaultValueFactory = _ => "" };
        var profile = new Option<string>("--profile") { Description = "service profile (第二十二条): " + string.Join(", ", DemoCommand.Profiles), Required = true };
        profile.AcceptOnlyFromAmong(DemoCommand.Profiles);
        var wifiSsid = new Option<string>("--wifi-ssid") { Description = "Wi-Fi network name", DefaultValueFactory = _ => "" };
        var wifiPassword = new Option<string?>("--wifi-password") { Description = "Wi-Fi password (or environment variable RP_WIFI_PASSWORD)" };
        var broker = new Option<string?>("--broker") { Description = "MQTT broker URL: mqtts://host[:8883] (TLS, needs --ca) or mqtt://host[:1883]; omit for an offline terminal" };
        var ca = new Option<string?>("--ca") { Description = "CA certificate the broker's certificate must chain to (PEM or DER); pinned in the configuration" };
        var clientCert = new Option<string?>("--client-cert") { Description = "client certificate (PEM), for certificate authentication; needs --client-key" };
        var clientKey = new Option<string?>("--client-key") { Description = "client certificate's private key (PEM)" };
        var username = new Option<string?>("--username") { Description = "MQTT username, for password authentication" };
        var password = new Option<string?>("--password") { Description = "MQTT password (or environment variable RP_MQTT_PASSWORD)" };
        var issuerKeys = new Option<string[]>("--issuer-key") { Description = "trusted card-issuer key file (public; repeatable)", Required = true };
        var listKeys = new Option<string[]>("--list-key") { Description = "trusted list-signer key file (public; repeatable)", Required = true };
        var firmwareKeys = new Option<string[]>("--firmware-key") { Description = "trusted firmware-signer key file (public; repeatable)" };
        var configKeys = new Option<string[]>("--config-key") { Description = "trusted config-signer key file (public; repeatable): lets the platform push signed configurations" };
        var macMasters = new Option<string[]>("--mac-master") { Description = "regional-mac secret file (repeatable, for rotation)", Required = true };
        var readMaster = new Option<string>("--sector-read-master") { Description = "sector-read-master secret file (key A of every card sector)", Required = true };
        var sequence = new Option<int>("--sequence") { Description = "configuration version (≥ 0); a pushed configuration must be newer", DefaultValueFactory = _ => 1 };
        var clockStale = new Option<int>("--clock-stale-hours") { Description = "hours without SNTP before the clock counts as stale (1..8760)", DefaultValueFactory = _ => 72 };
        var displayIdle = new Option<int>("--display-idle-seconds") { Description = "seconds a verdict stays on the OLED before the idle screen returns (1..3600)", DefaultValueFactory = _ => Terminal.Core.Configuration.DeviceConfiguration.DefaultDisplayIdleSeconds };
        var outFile = new Option<string>("--out") { Description = "configuration file to write (mode 0600); <stem>.deploy.json for nanoff is written beside it", Required = true };
        var port = new Option<string?>("--port") { Description = "serial port of the board (COM5, /dev/ttyUSB0) for the printed upload command" };
        var devicePath = new Option<string>("--device-path") { Description = "where the firmware reads the configuration on the board", DefaultValueFactory = _ => NanoffDeployment.DefaultDevicePath };
        var date = new Option<string?>("--date") { Description = "provisioning day (Beijing, yyyy-mm-dd) to check key validity against (default: today)" };
        var bundle = new Option<string?>("--bundle")
        {
            Description = "signed application bundle (.rtfw) for slot A: verified against this configuration's firmware-signer keys as the bootstrap would, " +
                          "written beside the configuration as " + UpdateSlots.SlotName(0) + " and uploaded with it",
        };
        var command = new Command("provision", "Write a terminal's configuration (rp-device-config/1, parsed back before it is written), optionally the factory application " +
            "bundle for slot A (--bundle, verified first), and print the nanoff command that uploads them.\n" +
            "Example: device provision --terminal-id HB420100-0001 --region 420100 --profile hospital --wifi-ssid desk-net --wifi-password secret " +
            "--broker mqtts://mqtt.example.cn:8883 --ca ca.pem --username t0001 --password pw " +
            "--issuer-key keys/card-issuer-1.public.json --list-key keys/list-signer-2.public.json --mac-master keys/regional-mac-1.secret.json " +
            "--sector-read-master keys/sector-read-master-1.secret.json --firmware-key keys/firmware-signer-20.public.json --bundle fw-12.rtfw " +
            "--out config/HB420100-0001.config.txt --port COM5");
        foreach (var o in new Option[] { terminalId, region, servicePoint, profile, wifiSsid, wifiPassword, broker, ca, clientCert, clientKey, username, password,
                     issuerKeys, listKeys, firmwareKeys, configKeys, macMasters, readMaster, sequence, clockStale, displayIdle, outFile, port, devicePath, date, bundle })
        {
            command.Options.Add(o);
        }

        CommandRunner.SetAction(command, (p, output, _) =>
        {
            var today = p.GetValue(date) is string d
                ? KeyFile.ParseDate(d) ?? throw new InputException("--date: expected yyyy-mm-dd")
                : CivilDate.BeijingDayOf(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            var keys = new List<ConfigKey>();
            var publicIds = new Dictionary<uint, string>();
            void AddPublic(string option, KeyUsage usage)
            {
                foreach (string path in p.GetValue<string[]>(option) ?? [])
                {
                    var key = KeyRoles.Signing(path, usage, option, needPrivate: false);
                    KeyRoles.RequireShortId(option, path, key.KeyId);
                    KeyRoles.RequireValidOn(option, path, key.KeyId, key.ValidFrom, key.ValidUntil, today, "provisioning day");
                    if (!publicIds.TryAdd(key.KeyId, key.UsageName))
                    {
                        throw new InputException(option + " " + path + ": key id " + key.KeyId + " is already used by a " + publicIds[key.KeyId] +
                                                 " key; a terminal's key ring needs distinct ids for its public keys");
                    }

                    keys.Add(new ConfigKey(key.UsageName, (int)key.KeyId, key.PublicKey, ToDateOnly(key.ValidFrom), ToDateOnly(key.ValidUntil)));
                }
            }

            AddPublic("--issuer-key", KeyUsage.CardIssuer);
            AddPublic("--list-key", KeyUsage.ListSigner);
            AddPublic("--firmware-key", KeyUsage.FirmwareSigner);
            AddPublic("--config-key", KeyUsage.ConfigSigner);
            var macIds = new HashSet<uint>();
            foreach (string path in p.GetValue(macMasters) ?? [])
            {
                var mac = KeyRoles.Secret(path, SecretUsage.RegionalMac, "--mac-master");
                KeyRoles.RequireShortId("--mac-master", path, mac.KeyId);
                KeyRoles.RequireValidOn("--mac-master", path, mac.KeyId, mac.ValidFrom, mac.ValidUntil, today, "provisioning day");
                if (!macIds.Add(mac.KeyId))
                {
                    throw new InputException("--mac-master " + path + ": regional-mac key id " + mac.KeyId + " given twice");
                }

                keys.Add(new ConfigKey(mac.UsageName, (int)mac.KeyId, mac.Secret, ToDateOnly(mac.ValidFrom), ToDateOnly(mac.ValidUntil)));
            }

            string readPath = p.GetValue(readMaster)!;
            var read = KeyRoles.Secret(readPath, SecretUsage.SectorReadMaster, "--sector-read-master");
            KeyRoles.RequireValidOn("--sector-read-master", readPath, read.KeyId, read.ValidFrom, read.ValidUntil, today, "provisioning day");

            string id = p.GetValue(terminalId)!;
            string regionCode = p.GetValue(region)!;
            if (regionCode.Length != 6 || !regionCode.All(char.IsAsciiDigit))
            {
                throw new InputException("--region: expected a 6-digit GB/T 2260 code such as 420100");
            }

            CommandRunner.CheckRange("--sequence", p.GetValue(sequence), 0, int.MaxValue);
            CommandRunner.CheckRange("--clock-stale-hours", p.GetValue(clockStale), 1, 24 * 365);
            CommandRunner.CheckRange("--display-idle-seconds", p.GetValue(displayIdle), 1, 3600);

            var (brokerHost, brokerPort, tls) = ParseBroker(p.GetValue(broker));
            byte[]? caDer = p.GetValue(ca) is string caPath ? ReadCertificateDer(caPath) : null;
            if (tls && brokerHost.Length > 0 && caDer is null)
            {
                throw new InputException("--broker " + p.GetValue(broker) + ": mqtts needs --ca (the terminal pins the broker's CA)");
            }

            string? certPath = p.GetValue(clientCert), keyPath = p.GetValue(clientKey);
            if ((certPath is null) != (keyPath is null))
            {
                throw new InputException("--client-cert and --client-key go together");
            }

            byte[]? certPem = certPath is null ? null : ReadPem(certPath, "--client-cert", "CERTIFICATE");
            byte[]? keyPem = keyPath is null ? null : ReadPem(keyPath, "--client-key", "PRIVATE KEY");
            string? pass = p.GetValue(password) ?? Environment.GetEnvironmentVariable("RP_MQTT_PASSWORD");
            if (p.GetValue(username) is not null && string.IsNullOrEmpty(pass))
            {
                throw new InputException("--username needs --password (or RP_MQTT_PASSWORD)");
            }

            var settings = new DeviceSettings
            {
                TerminalId = id,
                Region = regionCode,
                ServicePoint = p.GetValue(servicePoint)!,
                Profile = p.GetValue(profile)!,
                WifiSsid = p.GetValue(wifiSsid)!,
                WifiPassword = p.GetValue(wifiPassword) ?? Environment.GetEnvironmentVariable("RP_WIFI_PASSWORD") ?? "",
                BrokerHost = brokerHost,
                BrokerPort = brokerPort,
                BrokerTls = tls,
                CaCertificateDer = caDer,
                ClientCertificate = certPem,
                ClientKey = keyPem,
                MqttUsername = p.GetValue(username) ?? "",
                MqttPassword = p.GetValue(username) is null ? "" : pass!,
                Keys = keys,
                SectorReadMaster = read.Secret,
                ClockStaleAfterHours = p.GetValue(clockStale),
                DisplayIdleSeconds = p.GetValue(displayIdle),
                Sequence = p.GetValue(sequence),
            };

            byte[] bytes;
            try
            {
                bytes = DeviceConfigurationText.Write(settings);
            }
            catch (ArgumentException e)
            {
                throw new InputException(e.Message);
            }

            // Parsed back with the firmware's own parser before anything is written: what the board would refuse is refused here.
            var parsed = new DeviceConfiguration();
            var problem = new ConfigError();
            if (!DeviceConfigurationParser.Parse(bytes, bytes.Length, parsed, problem))
            {
                throw new InputException("the terminal would refuse this configuration: " + problem);
            }

            // The factory application is checked before anything is written: a bundle the bootstrap would not adopt
            // would leave the board in recovery at its first power-on.
            string? bundlePath = p.GetValue(bundle);
            byte[]? bundleBytes = null;
            BundleManifest? manifest = null;
            if (bundlePath is not null)
            {
                bundleBytes = CommandRunner.ReadInput(bundlePath);
                manifest = VerifyFactoryBundle(bundlePath, bundleBytes, parsed);
            }

            string configPath = Path.GetFullPath(p.GetValue(outFile)!);
            string deployPath = DeploymentPath(configPath);
            string configDevicePath = p.GetValue(devicePath)!;
            var deployed = new List<DeployedFile> { new(configPath, configDevicePath) };
            string? slotPath = bundleBytes is null ? null : Path.Combine(Path.GetDirectoryName(configPath)!, UpdateSlots.SlotName(0));
            if (slotPath is not null)
            {
                deployed.Add(new DeployedFile(slotPath, NanoffDeployment.Beside(configDevicePath, UpdateSlots.SlotName(0))));
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
                KeyFile.WriteOwnerOnly(configPath, bytes);
                if (slotPath is not null)
                {
                    File.WriteAllBytes(slotPath, bundleBytes!);
                }

                File.WriteAllText(deployPath, NanoffDeployment.DeploymentJson(deployed, p.GetValue(port)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(configPath + ": " + e.Message);
            }

            output.WriteLine("wrote " + configPath + " (" + bytes.Length + " bytes, mode 0600, holds secrets)");
            output.WriteLine("  terminal " + parsed.TerminalId + ", region " + parsed.Region + ", profile " + parsed.Profile + " (" + parsed.Policy.Service + "), " +
                             parsed.Keys.Count + " keys, sequence " + parsed.Sequence + ", broker " +
                             (parsed.BrokerHost.Length == 0 ? "none (offline)" : parsed.BrokerHost + ":" + parsed.BrokerPort + (parsed.BrokerTls ? " TLS" : " PLAIN (no TLS)")));
            if (slotPath is not null)
            {
                output.WriteLine("wrote " + slotPath + " (application bundle version " + manifest!.Version + ", " + manifest.AssemblyCount + " assemblies, " + bundleBytes!.Length +
                                 " bytes, verified with firmware-signer key " + manifest.KeyId + ")");
            }

            output.WriteLine("wrote " + deployPath + " (nanoff file deployment -> " + string.Join(", ", deployed.Select(f => f.DevicePath)) + ")");
            output.WriteLine("upload to a board running nanoFramework:");
            output.WriteLine("  " + NanoffDeployment.UploadCommand(deployPath, p.GetValue(port)));
            output.WriteLine("or flash the firmware and upload in one go:");
            output.WriteLine("  " + NanoffDeployment.FlashAndUploadCommand(deployPath, p.GetValue(port)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateSignConfig()
    {
        var config = new Option<string>("--config") { Description = "configuration file (rp-device-config/1, as `device provision` writes it); its terminal_id is the addressee", Required = true };
        var key = new Option<string>("--key") { Description = "private config-signer key file (one the terminal trusts now)", Required = true };
        var outFile = new Option<string>("--out") { Description = "signed envelope to write (mode 0600: the configuration holds secrets)", Required = true };
        var issuedAt = new Option<string?>("--issued-at") { Description = "signing time, Unix seconds or ISO-8601 (default: now); the key must be valid on that Beijing day" };
        var command = new Command("sign-config", "Sign a configuration for one terminal, to publish (QoS 1) on rp/v1/{region}/{terminal}/config; it takes effect at the terminal's next boot.\n" +
            "Example: device sign-config --config config/HB420100-0001.config.txt --key keys/config-signer-30.private.json --out HB420100-0001.config.signed");
        command.Options.Add(config);
        command.Options.Add(key);
        command.Options.Add(outFile);
        command.Options.Add(issuedAt);
        CommandRunner.SetAction(command, (p, output, _) =>
        {
            string keyPath = p.GetValue(key)!;
            var signer = KeyRoles.Signing(keyPath, KeyUsage.ConfigSigner, "--key", needPrivate: true);
            KeyRoles.RequireShortId("--key", keyPath, signer.KeyId);
            long at = p.GetValue(issuedAt) is string t ? CommandRunner.ParseTime(t, "--issued-at") : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (at < 0 || at > uint.MaxValue)
            {
                throw new InputException("--issued-at: out of range for the envelope (1970..2106)");
            }

            KeyRoles.RequireValidOn("--key", keyPath, signer.KeyId, signer.ValidFrom, signer.ValidUntil, CivilDate.BeijingDayOf(at), "signing day");
            string configPath = p.GetValue(config)!;
            byte[] text = CommandRunner.ReadInput(configPath);
            var parsed = new DeviceConfiguration();
            var problem = new ConfigError();
            if (!DeviceConfigurationParser.Parse(text, text.Length, parsed, problem))
            {
                throw new InputException("--config " + configPath + ": the terminal would refuse this configuration: " + problem);
            }

            if (!parsed.Keys.Cast<ConfiguredKey>().Any(k => k.Usage == "config-signer"))
            {
                throw new InputException("--config " + configPath + ": it holds no config-signer key; once installed the terminal could not be reconfigured remotely");
            }

            byte[] envelope;
            try
            {
                envelope = SignedConfigurationWriter.Sign(text, parsed.TerminalId, signer, at);
            }
            catch (ArgumentException e)
            {
                throw new InputException("--config " + configPath + ": " + e.Message);
            }

            string outPath = p.GetValue(outFile)!;
            try
            {
                KeyFile.WriteOwnerOnly(outPath, envelope);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(outPath + ": " + e.Message);
            }

            output.WriteLine("wrote " + outPath + " (" + envelope.Length + " bytes, mode 0600): configuration sequence " + parsed.Sequence + " for terminal " +
                             parsed.TerminalId + ", signed by config-signer key " + signer.KeyId);
            output.WriteLine("  publish it (QoS 1) on rp/v1/" + parsed.Region + "/" + parsed.TerminalId + "/config; the terminal installs it and uses it from its next boot");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The bootstrap's adoption check for a factory bundle (no boot state yet: the highest slot that verifies is adopted)
    /// against this configuration's keys and the hardware and bootstrap version of the bootstrap this tool ships with.
    /// Throws <see cref="InputException"/> with the reason.
    /// </summary>
    private static BundleManifest VerifyFactoryBundle(string path, byte[] bytes, DeviceConfiguration configuration)
    {
        var problem = new ConfigError();
        var ring = ConfiguredKeys.BuildKeyRing(configuration, problem) ?? throw new InputException("the terminal would refuse this configuration: " + problem);
        var manifest = new BundleManifest();
        var bootstrap = new BootOptions();
        var result = BundleCheck.Verify(ring, bytes, bootstrap.HardwareId, bootstrap.BootstrapVersion, 0, manifest);
        if (result != UpdateError.None)
        {
            throw new InputException("--bundle " + path + ": " + BundleCheck.Explain(result, manifest, bootstrap.HardwareId, bootstrap.BootstrapVersion, "this configuration") +
                                     (result == UpdateError.UnknownKey ? " (add its public key with --firmware-key)" : ""));
        }

        return manifest;
    }

    public static string DeploymentPath(string configPath)
    {
        string name = Path.GetFileName(configPath);
        int dot = name.IndexOf('.');
        return Path.Combine(Path.GetDirectoryName(configPath)!, (dot > 0 ? name[..dot] : name) + ".deploy.json");
    }

    private static DateOnly ToDateOnly(CivilDate date) => DateOnly.ParseExact(date.ToString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static (string Host, int Port, bool Tls) ParseBroker(string? url)
    {
        if (url is null)
        {
            return ("", 8883, true);
        }

        int schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        string scheme = schemeEnd > 0 ? url[..schemeEnd].ToLowerInvariant() : "";
        if (scheme is not ("mqtt" or "mqtts"))
        {
            throw new InputException("--broker: expected mqtts://host[:port] or mqtt://host[:port], not " + url);
        }

        string rest = url[(schemeEnd + 3)..].TrimEnd('/');
        string host = rest;
        int port = scheme == "mqtts" ? 8883 : 1883;
        int colon = rest.LastIndexOf(':');
        if (colon >= 0)
        {
            host = rest[..colon];
            if (!int.TryParse(rest[(colon + 1)..], out port) || port is < 1 or > 65535)
            {
                throw new InputException("--broker: port " + rest[(colon + 1)..] + " is out of range (1..65535)");
            }
        }

        if (host.Length == 0 || host.Any(c => c is '/' or ' ' or '@'))
        {
            throw new InputException("--broker: expected a host name in " + url);
        }

        return (host, port, scheme == "mqtts");
    }

    private static byte[] ReadCertificateDer(string path)
    {
        byte[] bytes = CommandRunner.ReadInput(path);
        try
        {
            string text = Encoding.ASCII.GetString(bytes);
            using var certificate = text.Contains("-----BEGIN CERTIFICATE-----")
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadCertificate(bytes);
            return certificate.RawData;
        }
        catch (CryptographicException e)
        {
            throw new InputException("--ca " + path + ": not a PEM or DER certificate (" + e.Message.TrimEnd('.') + ")");
        }
    }

    private static byte[] ReadPem(string path, string option, string label)
    {
        byte[] bytes = CommandRunner.ReadInput(path);
        string text = Encoding.ASCII.GetString(bytes);
        if (!text.Contains("-----BEGIN ") || !text.Contains(label))
        {
            throw new InputException(option + " " + path + ": expected a PEM file with a " + label + " block");
        }

        return bytes;
    }
}
