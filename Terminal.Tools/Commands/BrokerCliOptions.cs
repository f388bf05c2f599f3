using System.CommandLine;
using Terminal.Tools.Keys;
using Terminal.Tools.Platform;

namespace Terminal.Tools.Commands;

/// <summary>The options that say how a platform command reaches the broker (one set for `platform ingest` and `firmware publish|withdraw|status`).</summary>
public sealed class BrokerCliOptions
{
    private readonly Option<string> _host = new("--host") { Description = "Broker host", DefaultValueFactory = _ => "127.0.0.1" };
    private readonly Option<int> _port = new("--port") { Description = "Broker port (8883 is usual with --ca)", DefaultValueFactory = _ => 1883 };
    private readonly Option<string?> _username = new("--username") { Description = "MQTT username" };
    private readonly Option<string?> _password = new("--password") { Description = "MQTT password (or environment variable RP_MQTT_PASSWORD)" };
    private readonly Option<FileInfo?> _ca = new("--ca") { Description = "Pinned CA certificate (PEM): enables TLS" };
    private readonly Option<FileInfo?> _clientCert = new("--client-cert") { Description = "Client certificate (PEM)" };
    private readonly Option<FileInfo?> _clientKey = new("--client-key") { Description = "Client certificate key (PEM)" };
    private readonly Option<string?> _serverName = new("--tls-server-name") { Description = "Name the broker's certificate must carry (default: --host)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _host, _port, _username, _password, _ca, _clientCert, _clientKey, _serverName })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Fills the endpoint from the command line; throws <see cref="InputException"/> for a bad port, unreadable file or half a client certificate.</summary>
    public T Read<T>(ParseResult parse, T endpoint) where T : BrokerEndpoint
    {
        int port = (int)CommandRunner.CheckRange("--port", parse.GetValue(_port), 1, 65535);
        if ((parse.GetValue(_clientCert) == null) != (parse.GetValue(_clientKey) == null))
        {
            throw new InputException("--client-cert and --client-key go together");
        }

        if (parse.GetValue(_clientCert) != null && parse.GetValue(_ca) == null)
        {
            throw new InputException("--client-cert needs --ca (client certificates are a TLS feature)");
        }

        endpoint.Host = parse.GetValue(_host)!;
        endpoint.Port = port;
        endpoint.Username = parse.GetValue(_username);
        endpoint.Password = parse.GetValue(_password) ?? Environment.GetEnvironmentVariable("RP_MQTT_PASSWORD");
        endpoint.CaCertificatePem = ReadOptional(parse.GetValue(_ca));
        endpoint.ClientCertificatePem = ReadOptional(parse.GetValue(_clientCert));
        endpoint.ClientKeyPem = ReadOptional(parse.GetValue(_clientKey));
        endpoint.TlsServerName = parse.GetValue(_serverName);
        return endpoint;
    }

    private static byte[]? ReadOptional(FileInfo? file) => file == null ? null : CommandRunner.ReadInput(file.FullName);
}
