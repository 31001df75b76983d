using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Silo.Tests.Notifications;

namespace SlaEscalation.Silo.Tests;

/// <summary>TLS between silos: on only with a certificate, and then only for peers that present the same one.</summary>
public sealed class SiloTlsTests : IDisposable
{
    private const string Password = "test-pfx-password";

    private readonly string directory = Directory.CreateTempSubdirectory("sla-tls-").FullName;

    [Fact]
    public async Task The_silo_port_completes_a_tls_handshake_only_with_the_clusters_certificate()
    {
        using var cluster = SelfSigned("sla-cluster");
        using var stranger = SelfSigned("stranger");
        var secured = await StartAsync(["--Cluster:Tls:CertificatePath=" + Pfx(cluster, "cluster.pfx"), "--Cluster:Tls:CertificatePassword=" + Password]);
        var plain = await StartAsync([]);
        try
        {
            var securedPort = secured.Services.GetRequiredService<SiloSettings>().SiloPort;
            var plainPort = plain.Services.GetRequiredService<SiloSettings>().SiloPort;

            var member = await HandshakeAsync(securedPort, cluster);
            var outsider = await HandshakeAsync(securedPort, stranger);
            var unsecured = await HandshakeAsync(plainPort, cluster);

            Assert.Equal((true, false, false), (member, outsider, unsecured));
        }
        finally
        {
            await StopAsync(secured);
            await StopAsync(plain);
        }
    }

    [Fact]
    public void A_certificate_file_that_cannot_serve_stops_start_up_naming_its_key()
    {
        using var cluster = SelfSigned("sla-cluster");
        using var publicOnly = X509CertificateLoader.LoadCertificate(cluster.RawData);
        var withoutKey = Path.Combine(directory, "public.pfx");
        File.WriteAllBytes(withoutKey, publicOnly.Export(X509ContentType.Pfx, Password));
        var good = Pfx(cluster, "cluster.pfx");

        var failures = new[]
        {
            (Path.Combine(directory, "missing.pfx"), Password),
            (good, "wrong-password"),
            (withoutKey, Password),
        }.Select(setting => Assert.Throws<StartupFailure>(() => SiloTls.Load(Settings(setting.Item1, setting.Item2))).Message).ToArray();

        Assert.All(failures, m => Assert.StartsWith("Cluster__Tls__CertificatePath '", m, StringComparison.Ordinal));
        Assert.Contains("holds no private key", failures[2], StringComparison.Ordinal);
        Assert.DoesNotContain(failures, m => m.Contains(Password, StringComparison.Ordinal));
        using var loaded = SiloTls.Load(Settings(good, Password));
        Assert.Equal(cluster.Thumbprint, loaded?.Thumbprint);
        Assert.Null(SiloTls.Load(Settings(null, null)));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static IConfiguration Settings(string? path, string? password) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SiloTls.CertificatePathKey] = path,
            [SiloTls.CertificatePasswordKey] = password,
        }).Build();

    private static Task<WebApplication> StartAsync(IEnumerable<string> settings) =>
        NotificationSilo.StartAsync("tls-" + Guid.NewGuid().ToString("N")[..8], postgres: null, settings);

    private static async Task StopAsync(WebApplication silo)
    {
        await silo.StopAsync();
        await silo.DisposeAsync();
    }

    /// <summary>
    /// Whether a TLS 1.2 handshake presenting <paramref name="certificate"/> completes (in 1.2 the server judges the
    /// client's certificate inside the handshake, so a refusal fails it).
    /// </summary>
    private static async Task<bool> HandshakeAsync(int port, X509Certificate2 certificate)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = "sla-cluster",
                    ClientCertificates = [certificate],
                    EnabledSslProtocols = SslProtocols.Tls12,
                    RemoteCertificateValidationCallback = (_, _, _, _) => true,
                },
                timeout.Token);

            // A server may judge the client's certificate only once its side of the handshake is done, and then close
            // the connection: an accepted peer's connection stays open (the silo waits for its preamble), a refused
            // one's is closed.
            using var listen = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                return await tls.ReadAsync(new byte[1], listen.Token) > 0;
            }
            catch (OperationCanceledException) when (listen.IsCancellationRequested)
            {
                return true;
            }
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            return false;
        }
    }

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private string Pfx(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
