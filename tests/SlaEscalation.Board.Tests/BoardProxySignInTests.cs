using System.Net;

namespace SlaEscalation.Board.Tests;

/// <summary>Behind an authenticating proxy: the header names the person, with the configured scopes.</summary>
public sealed class BoardProxySignInTests
{
    [Fact]
    public async Task The_trusted_header_signs_a_person_in_with_the_proxy_scopes_and_its_absence_asks_for_a_key()
    {
        var environment = SiloProcess.Environment("silo-proxy", "proxy-" + Guid.NewGuid().ToString("N")[..6], null);
        environment["Board__TrustedUserHeader"] = "X-User";
        environment["Board__TrustedUserScopes"] = "tickets:read";
        await using var silo = await SiloProcess.StartAsync(environment);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{silo.HttpPort}") };

        using var proxied = new HttpRequestMessage(HttpMethod.Get, "/board/escalations") { Headers = { { "X-User", "dana" } } };
        using var page = await http.SendAsync(proxied);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<strong id=\"signed-in\">dana</strong>", html, StringComparison.Ordinal);

        using var digests = new HttpRequestMessage(HttpMethod.Get, "/board/digests") { Headers = { { "X-User", "dana" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(digests)).StatusCode);

        using var direct = await http.GetAsync(new Uri("/board/escalations", UriKind.Relative));
        Assert.Equal((HttpStatusCode.Redirect, "/board/sign-in"), (direct.StatusCode, direct.Headers.Location!.AbsolutePath));
    }
}
