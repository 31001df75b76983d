using System.Net;
using SlaEscalation.Silo.Board;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Board;

/// <summary>
/// Forms and addresses no browser sends, at the board itself: a form that cannot be read (a NUL character in a field)
/// is refused with a 400 page that says so and does nothing; odd addresses are 4xx pages. Never a 500.
/// </summary>
public sealed class BoardHostileFormTests : IAsyncLifetime
{
    private SiloProcess silo = null!;
    private BoardClient browser = null!;

    public async Task InitializeAsync()
    {
        silo = await SiloProcess.StartAsync(SiloProcess.Environment("board-hostile", "board-hostile", postgres: null));
        browser = new BoardClient(silo);
    }

    public async Task DisposeAsync()
    {
        browser.Dispose();
        await silo.DisposeAsync();
    }

    [Fact]
    public async Task A_form_that_cannot_be_read_is_refused_with_a_400_page_and_nothing_is_done()
    {
        using var unreadableSignIn = await browser.PostFormAsync("/board/sign-in", "/board/sign-in", ("key", SiloProcess.OperatorKey + "\0"), ("returnUrl", "/board"));
        using var signIn = await browser.SignInAsync();
        using var unreadableCommand = await browser.PostFormAsync("/board/escalations", "/board/escalations/esc_none/ack", ("note", "on it\0"));

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
        using var signIn = await browser.SignInAsync();
        using var response = await browser.GetAsync(path);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path}: {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/board?team=%00")]
    [InlineData("/board/escalations?team=%00")]
    [InlineData("/board?team=Not%20A%20Team")]
    [InlineData("/board/escalations?team=" + "tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt")]
    [InlineData("/board/escalations?owner=user:ann&x=%00")]
    public async Task A_bad_team_filter_or_a_NUL_in_the_query_is_a_400_page_not_a_list(string path)
    {
        using var signIn = await browser.SignInAsync();
        using var response = await browser.GetAsync(path);

        Assert.Equal((HttpStatusCode.BadRequest, "text/html"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Matches("No such team|Address refused", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("team:nosuchteam", "unknown-team")]
    [InlineData("user:a b", "invalid-hand-off")]
    [InlineData("user:a:b", "invalid-hand-off")]
    public async Task A_hand_off_to_an_owner_that_cannot_exist_returns_with_a_notice_and_does_nothing(string to, string notice)
    {
        using var signIn = await browser.SignInAsync();
        using var handOff = await browser.PostFormAsync("/board/escalations", "/board/escalations/esc_aaaaaaaaaaaaaaaaaaaa/handoff",
            ("to", to), ("reason", "because"), ("returnTo", "/board/escalations"));

        Assert.Equal(HttpStatusCode.Redirect, handOff.StatusCode);
        Assert.Equal("/board/escalations", handOff.Headers.Location?.OriginalString);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(BoardNotice.Describe(notice)!), await browser.GetStringAsync("/board/escalations"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/board/nope")]
    [InlineData("/board/tickets/helpdesk:1/extra")]
    [InlineData("/board/assets/nope.js")]
    public async Task An_unknown_board_path_is_the_boards_own_404_page(string path)
    {
        using var signIn = await browser.SignInAsync();
        using var response = await browser.GetAsync(path);

        Assert.Equal((HttpStatusCode.NotFound, "text/html"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
        Assert.Contains("No such page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_path_stays_a_json_404()
    {
        using var response = await silo.Http.GetAsync(new Uri("/v1/nope", UriKind.Relative));

        Assert.Equal((HttpStatusCode.NotFound, "application/problem+json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task Sign_out_ends_the_session_so_a_copied_cookie_no_longer_opens_the_board()
    {
        using var signIn = await browser.SignInAsync();
        var copied = browser.BoardCookies;
        using var replay = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = silo.Http.BaseAddress };
        async Task<HttpStatusCode> ReplayAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/board/escalations", UriKind.Relative));
            request.Headers.Add("Cookie", copied);
            using var response = await replay.SendAsync(request);
            return response.StatusCode;
        }

        var before = await ReplayAsync();
        using var signOut = await browser.PostFormAsync("/board/escalations", "/board/sign-out");
        var after = await ReplayAsync();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.Redirect), (before, signOut.StatusCode, after));
    }

    [Fact]
    public async Task A_commands_notice_is_shown_once_and_not_again_on_reload()
    {
        using var signIn = await browser.SignInAsync();
        using var command = await browser.PostFormAsync("/board/escalations", "/board/escalations/esc_aaaaaaaaaaaaaaaaaaaa/ack", ("returnTo", "/board/escalations"));
        var back = command.Headers.Location!.OriginalString;

        var first = await browser.GetStringAsync(back);
        var reload = await browser.GetStringAsync(back);

        Assert.Equal((HttpStatusCode.Redirect, true, false), (command.StatusCode, first.Contains("No such escalation; nothing was done.", StringComparison.Ordinal),
            reload.Contains("No such escalation; nothing was done.", StringComparison.Ordinal)));
    }
}
