using System.Net;
using System.Text.RegularExpressions;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Board;

/// <summary>
/// A board visitor without a browser: a cookie-keeping HTTP client on one silo, posting forms with the anti-forgery
/// token their page gave, as the page's form would.
/// </summary>
public sealed partial class BoardClient : IDisposable
{
    private readonly CookieContainer cookies = new();
    private readonly HttpClient http;

    public BoardClient(SiloProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        http = new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = silo.Http.BaseAddress };
    }

    /// <summary>The cookies this visitor sends to the board, as a <c>Cookie</c> header carries them.</summary>
    public string BoardCookies => cookies.GetCookieHeader(new Uri(http.BaseAddress!, "/board/"));

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(new Uri(path, UriKind.Relative));

    public Task<string> GetStringAsync(string path) => http.GetStringAsync(new Uri(path, UriKind.Relative));

    /// <summary>Signs in with the operator key through the sign-in page.</summary>
    public Task<HttpResponseMessage> SignInAsync() =>
        PostFormAsync("/board/sign-in", "/board/sign-in", ("key", SiloProcess.OperatorKey), ("returnUrl", "/board"));

    /// <summary>Reads the anti-forgery token from <paramref name="page"/> and posts the fields with it to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string page, string action, params (string Name, string Value)[] fields)
    {
        var html = await GetStringAsync(page);
        var token = Token().Match(html) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"{page} has no anti-forgery token");
        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", WebUtility.HtmlDecode(token)), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        return await http.PostAsync(new Uri(action, UriKind.Relative), form);
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
