using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace SlaEscalation.Silo.Hosting;

/// <summary>
/// Optional TLS between silos (<c>Cluster__Tls__CertificatePath</c>, a PKCS #12 file with its private key, and
/// <c>Cluster__Tls__CertificatePassword</c>). Every silo of the cluster is given the same certificate, and a peer is
/// admitted only when it presents that very certificate: the silo port then refuses anyone without the cluster's
/// key, not only those the network policy keeps out.
/// </summary>
public static class SiloTls
{
    public const string CertificatePathKey = "Cluster:Tls:CertificatePath";
    public const string CertificatePasswordKey = "Cluster:Tls:CertificatePassword";

    /// <summary>
    /// The certificate the settings name, or null when TLS is not configured; throws a <see cref="StartupFailure"/>
    /// naming the key when the file cannot serve (missing, unreadable, wrong password, no private key).
    /// </summary>
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[CertificatePathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordKey]);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new StartupFailure($"{SiloSettings.Env(CertificatePathKey)} '{path}' is not a readable PKCS #12 certificate with the password in {SiloSettings.Env(CertificatePasswordKey)}: {ex.Message.TrimEnd('.')}.");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new StartupFailure($"{SiloSettings.Env(CertificatePathKey)} '{path}' holds no private key: export the certificate with its key (PKCS #12).");
        }

        return certificate;
    }

    /// <summary>Encrypts silo-to-silo traffic with <paramref name="certificate"/>, admitting only peers that present it.</summary>
    public static ISiloBuilder UseSlaTls(this ISiloBuilder silo, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var thumbprint = certificate.GetCertHash(HashAlgorithmName.SHA256);
        return silo.UseTls(certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;

            // The shared certificate is usually self-signed and names no pod address: the platform's verdict on
            // its chain and name says nothing here, its identity does.
            options.RemoteCertificateValidation = (remote, _, _) =>
                remote is not null && CryptographicOperations.FixedTimeEquals(remote.GetCertHash(HashAlgorithmName.SHA256), thumbprint);
        });
    }
}
