using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Terminal.Tests.Support;

/// <summary>A throwaway PKI for TLS tests: a CA, a server certificate for 127.0.0.1/localhost and a client certificate.</summary>
public sealed class TestCertificates
{
    private TestCertificates(X509Certificate2 ca, X509Certificate2 server, X509Certificate2 client, string clientKeyPem)
    {
        Ca = ca;
        Server = server;
        Client = client;
        ClientKeyPem = Encoding.ASCII.GetBytes(clientKeyPem);
    }

    public X509Certificate2 Ca { get; }

    /// <summary>With its private key, usable by the broker.</summary>
    public X509Certificate2 Server { get; }

    public X509Certificate2 Client { get; }

    public byte[] CaPem => Encoding.ASCII.GetBytes(Ca.ExportCertificatePem());

    public byte[] ClientCertificatePem => Encoding.ASCII.GetBytes(Client.ExportCertificatePem());

    public byte[] ClientKeyPem { get; }

    public static TestCertificates Create(string caName = "ResidenceTerminal Test CA")
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=" + caName, caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var caWithKey = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        var ca = X509CertificateLoader.LoadCertificate(caWithKey.RawData);

        var server = Issue(caWithKey, "CN=localhost", now, isServer: true, out _);
        var client = Issue(caWithKey, "CN=HB-WH-0001", now, isServer: false, out var clientKeyPem);
        return new TestCertificates(ca, server, client, clientKeyPem);
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, string subject, DateTimeOffset now, bool isServer, out string keyPem)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(isServer ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (isServer)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(issuer, now.AddDays(-1), now.AddMonths(6), serial);
        keyPem = key.ExportPkcs8PrivateKeyPem();
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
