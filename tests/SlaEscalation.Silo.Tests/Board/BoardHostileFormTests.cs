using System.Net;
using System.Text.RegularExpressions;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Board;

/// <summary>
/// Forms and addresses no browser sends, at the board itself: a form that cannot be read (a NUL character in a field)
/// is refused with a 400 page that says so and does nothing; odd addresses are 4xx pages. Never a 500.
/// </summary>
public sealed partial class BoardHostileFormTests : IAsyncLifetime
{
    private SiloProcess silo = null!;
    private HttpClient browser = null!;

    public async Task InitializeAsync()
    {
        silo = await SiloProcess.StartAsync(SiloProcess.Environment("board-hostile", "board-hostile", postgres: null));
        browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = silo.Http.BaseAddress,
        };
    }

    public async Task DisposeAsync()
    {
        browser.Dispose();
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task A_form_that_cannot_be_read_is_refused_with_a_400_page_and_nothing_is_done()
    {
        using var unreadableSignIn = await PostFormAsync("/board/sign-in", "/board/sign-in", ("key", SiloProcess.OperatorKey + "\0"), ("returnUrl", "/board"));
        using var signIn = await PostFormAsync("/board/sign-in", "/board/sign-in", ("key", SiloProcess.OperatorKey), ("returnUrl", "/board"));
        using var unreadableCommand = await PostFormAsync("/board/escalations", "/board/escalations/esc_none/ack", ("note", "on it\0"));

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.Redirect, HttpStatusCode.BadRequest), (unreadableSignIn.StatusCode, signIn.StatusCode, unreadableCommand.StatusCode));
        Assert.Contains("could not be read", await unreadableCommand.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/board/digests/support/0001-01-01")]
    [InlineData("/board/digests/support/9999-12-31")]
    [InlineData("/board/digests/support/2026-02-30")]
    [InlineData("/board/tickets/%20")]
    [InlineData("/board/digests/%20/2026-12-07")]
    public async Task An_odd_address_is_a_4xx_page(string path)
    {
        using var signIn = await PostFormAsync("/board/sign-in", "/board/sign-in", ("key", SiloProcess.OperatorKey), ("returnUrl", "/board"));
        using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path}: {(int)response.StatusCode}");
    }

    /// <summary>Reads the anti-forgery token from <paramref name="page"/> and posts the fields with it, as the page's form would.</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string page, string action, params (string Name, string Value)[] fields)
    {
        var html = await browser.GetStringAsync(new Uri(page, UriKind.Relative));
        var token = Token().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"{page} has no anti-forgery token");
        var form = new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        return await browser.PostAsync(new Uri(action, UriKind.Relative), form);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
