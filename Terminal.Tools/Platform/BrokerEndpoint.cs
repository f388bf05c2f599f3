using MQTTnet;
using Terminal.Drivers.Mqtt.Host;

namespace Terminal.Tools.Platform;

/// <summary>
/// Where and how a platform process reaches the broker: host and port, credentials, and TLS with a pinned CA (and
/// optionally a client certificate). One place for what the ingest and the release commands share.
/// </summary>
public class BrokerEndpoint
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1883;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Pinned CA certificate (PEM); TLS is used exactly when it is set.</summary>
    public byte[]? CaCertificatePem { get; set; }

    public byte[]? ClientCertificatePem { get; set; }
    public byte[]? ClientKeyPem { get; set; }

    /// <summary>Name the broker's certificate must carry (default: <see cref="Host"/>).</summary>
    public string? TlsServerName { get; set; }

    public override string ToString() => Host + ":" + Port + (CaCertificatePem != null ? " TLS" : "");

    /// <summary>Adds server, credentials and TLS to a client's options.</summary>
    public MqttClientOptionsBuilder Configure(MqttClientOptionsBuilder builder)
    {
        builder.WithTcpServer(Host, Port);
        if (Username != null)
        {
            builder.WithCredentials(Username, Password ?? "");
        }

        if (CaCertificatePem != null)
        {
            var pinned = PinnedCa.FromPem(CaCertificatePem);
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(TlsServerName ?? Host)
                    .WithCertificateValidationHandler(args => PinnedCa.Accepts(pinned, args.Certificate, args.SslPolicyErrors));
                if (ClientCertificatePem != null && ClientKeyPem != null)
                {
                    tls.WithClientCertificates(new[] { PinnedCa.ClientCertificate(ClientCertificatePem, ClientKeyPem) });
                }
            });
        }

        return builder;
    }
}
