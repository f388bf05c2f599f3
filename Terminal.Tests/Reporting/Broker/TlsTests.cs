using Terminal.Core.Reporting;
using Terminal.Drivers.Mqtt;
using Terminal.Drivers.Mqtt.Host;
using Terminal.Drivers.Storage.Simulated;
using Terminal.Tests.Support;
using Terminal.Tools.Platform;

namespace Terminal.Tests.Reporting.Broker;

/// <summary>TLS with CA pinning, client certificates and username/password, against the embedded broker with a test PKI.</summary>
public sealed class TlsTests
{
    private static readonly TestCertificates Pki = TestCertificates.Create();
    private static readonly TestCertificates OtherPki = TestCertificates.Create("Some Other CA");

    private static MqttConnectSettings Tls(EmbeddedBroker broker, byte[] caPem, string? serverName = null) => new()
    {
        Host = broker.Host, Port = broker.Port, ClientId = "T-tls", UseTls = true, CaCertificatePem = caPem, TlsServerName = serverName,
        ConnectTimeoutMs = 5000, OperationTimeoutMs = 5000,
    };

    private static int ConnectOnce(MqttConnectSettings settings)
    {
        using var transport = new MqttNetTransport();
        int status = transport.Connect(settings);
        if (status == MqttStatus.Ok)
        {
            transport.Disconnect();
        }

        return status;
    }

    [Fact]
    public async Task A_terminal_with_the_pinned_ca_and_its_client_certificate_reports_over_tls()
    {
        await using var rig = await BrokerRig.StartAsync(new EmbeddedBrokerOptions { ServerCertificate = Pki.Server, ClientCa = Pki.Ca }, ingest: false);
        await rig.StartIngestAsync(new IngestOptions
        {
            Host = rig.Broker.Host, Port = rig.Broker.Port, ClientId = "ingest-tls", CaCertificatePem = Pki.CaPem,
            ClientCertificatePem = Pki.ClientCertificatePem, ClientKeyPem = Pki.ClientKeyPem,
        });
        var settings = Tls(rig.Broker, Pki.CaPem);
        settings.ClientCertificatePem = Pki.ClientCertificatePem;
        settings.ClientKeyPem = Pki.ClientKeyPem;
        var terminal = rig.Terminal("HB-WH-0001", new SimulatedFlash(), settings: settings);
        for (int i = 0; i < 20; i++)
        {
            terminal.Tap(UsageEvents.Make(i));
        }

        await Eventually.True(async () => (await rig.Store!.CountAsync(default)) == 20, "20 events stored over TLS");
    }

    [Fact]
    public async Task A_server_whose_chain_does_not_end_at_the_pinned_ca_is_refused()
    {
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { ServerCertificate = Pki.Server });
        await broker.StartAsync();
        Assert.Equal(MqttStatus.Ok, ConnectOnce(Tls(broker, Pki.CaPem)));
        Assert.Equal(MqttStatus.TlsFailed, ConnectOnce(Tls(broker, OtherPki.CaPem)));
    }

    [Fact]
    public async Task A_server_certificate_for_another_name_is_refused()
    {
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { ServerCertificate = Pki.Server });
        await broker.StartAsync();
        Assert.Equal(MqttStatus.Ok, ConnectOnce(Tls(broker, Pki.CaPem, "localhost")));
        Assert.Equal(MqttStatus.TlsFailed, ConnectOnce(Tls(broker, Pki.CaPem, "platform.example.cn")));
    }

    [Fact]
    public async Task Without_a_client_certificate_a_broker_that_requires_one_refuses_the_terminal()
    {
        await using var broker = new EmbeddedBroker(new EmbeddedBrokerOptions { ServerCertificate = Pki.Server, ClientCa = Pki.Ca });
        await broker.StartAsync();
        Assert.NotEqual(MqttStatus.Ok, ConnectOnce(Tls(broker, Pki.CaPem)));
        var withOtherCert = Tls(broker, Pki.CaPem);
        withOtherCert.ClientCertificatePem = OtherPki.ClientCertificatePem;
        withOtherCert.ClientKeyPem = OtherPki.ClientKeyPem;
        Assert.NotEqual(MqttStatus.Ok, ConnectOnce(withOtherCert));
    }

    [Fact]
    public async Task Username_and_password_over_tls_are_checked_by_the_broker()
    {
        var options = new EmbeddedBrokerOptions { ServerCertificate = Pki.Server };
        options.Users["HB-WH-0001"] = "s3cret-from-provisioning";
        await using var broker = new EmbeddedBroker(options);
        await broker.StartAsync();
        var good = Tls(broker, Pki.CaPem);
        good.Username = "HB-WH-0001";
        good.Password = "s3cret-from-provisioning";
        Assert.Equal(MqttStatus.Ok, ConnectOnce(good));
        var bad = Tls(broker, Pki.CaPem);
        bad.Username = "HB-WH-0001";
        bad.Password = "guess";
        Assert.Equal(MqttStatus.Refused, ConnectOnce(bad));
        Assert.Equal(MqttStatus.Refused, ConnectOnce(Tls(broker, Pki.CaPem)));
    }

    [Fact]
    public void Tls_without_a_pinned_ca_is_refused_before_connecting()
    {
        Assert.Equal(MqttStatus.TlsFailed, ConnectOnce(new MqttConnectSettings { Host = "127.0.0.1", Port = 1, UseTls = true, ClientId = "x" }));
    }
}
