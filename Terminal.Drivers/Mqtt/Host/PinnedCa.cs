using System;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Terminal.Drivers.Mqtt.Host
{
    /// <summary>
    /// CA pinning for TLS on the host: a server certificate is accepted only when its chain builds to exactly the pinned
    /// CA certificate (the system trust store is not consulted) and it names the expected host. Shared by the terminal
    /// transport and the platform ingest.
    /// </summary>
    public static class PinnedCa
    {
        public static X509Certificate2 FromPem(byte[] pem)
        {
            return X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(pem));
        }

        public static bool Accepts(X509Certificate2 pinnedCa, X509Certificate certificate, SslPolicyErrors errors)
        {
            if (certificate == null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(pinnedCa);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var server = new X509Certificate2(certificate);
            if (!chain.Build(server))
            {
                return false;
            }

            var root = chain.ChainElements[chain.ChainElements.Count - 1].Certificate;
            return root.RawDataMemory.Span.SequenceEqual(pinnedCa.RawDataMemory.Span);
        }

        /// <summary>A client certificate with its key, usable by SslStream on every platform (round-trip through PKCS#12).</summary>
        public static X509Certificate2 ClientCertificate(byte[] certificatePem, byte[] keyPem)
        {
            using var ephemeral = X509Certificate2.CreateFromPem(
                System.Text.Encoding.ASCII.GetString(certificatePem), System.Text.Encoding.ASCII.GetString(keyPem));
            return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }
    }
}
