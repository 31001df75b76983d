using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SlaEscalation.Testing;
using static SlaEscalation.Silo.Tests.Configuration.ConfigurationHttp;

namespace SlaEscalation.Silo.Tests.Configuration;

/// <summary>The configuration API of the real executable in embedded mode, over HTTP.</summary>
public sealed class ConfigurationApiTests(EmbeddedSiloFixture fixture) : IClassFixture<EmbeddedSiloFixture>
{
    private const string Berlin = """{"zone":"Europe/Berlin","windows":{"mon-fri":[["08:00","18:00"]]}}""";

    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task A_valid_calendar_is_stored_under_the_next_version_and_read_back()
    {
        var before = await VersionAsync(Http);

        using var put = await PutAsync(Http, "/v1/calendars/put-berlin", Berlin);
        using var get = await Http.GetAsync(new Uri("/v1/calendars/put-berlin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal($"\"{before + 1}\"", put.Headers.ETag?.ToString());
        var answer = await put.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($$"""{"version":{{before + 1}},"part":"calendar","id":"put-berlin","changed":true}""", answer.GetRawText());
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(Berlin, await get.Content.ReadAsStringAsync());
        Assert.Equal($"\"{before + 1}\"", get.Headers.ETag?.ToString());
    }

    [Theory]
    [InlineData("""{"zone":"Mars/Olympus","windows":{"mon":[["09:00","25:00"]]}}""", new[] { "/windows/mon/0", "/zone" })]
    [InlineData("""{"zone":"UTC","windows":{"mon":[["09:00","13:00"],["12:00","17:00"]]}}""", new[] { "/windows" })]
    [InlineData("""{"zone":"UTC","windows":{"mon":[["09:00","17:00"]]},"colour":"red"}""", new[] { "/colour" })]
    public async Task An_invalid_calendar_gets_a_400_naming_each_path_and_changes_nothing(string body, string[] paths)
    {
        var before = await VersionAsync(Http);

        using var response = await PutAsync(Http, "/v1/calendars/invalid", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(paths, await ErrorPathsAsync(response));
        Assert.Equal(before, await VersionAsync(Http));
        using var get = await Http.GetAsync(new Uri("/v1/calendars/invalid", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task A_policy_naming_an_unknown_calendar_gets_a_400_at_its_path()
    {
        using var response = await PutAsync(Http, "/v1/policies",
            """[{"id":"eu","targets":{"high":{"first_reply":{"target":"PT4H","calendar":"no-such-calendar"}}}}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            """[{"pointer":"/policies/0/targets/high/first_reply/calendar","detail":"unknown calendar 'no-such-calendar'"}]""",
            problem.GetProperty("errors").GetRawText());
        Assert.Equal("Invalid policies: nothing changed", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_team_whose_tracker_names_a_connection_of_another_kind_gets_a_400_at_its_pointer()
    {
        using var connection = await PutAsync(Http, "/v1/connections/put-slack-not-jira", """{"kind":"slack"}""");
        Assert.Equal(HttpStatusCode.OK, connection.StatusCode);
        var before = await VersionAsync(Http);

        using var response = await PutAsync(Http, "/v1/teams/put-tracker-kind",
            """{"zone":"UTC","members":["eng-1"],"tracker":{"kind":"jira","connection":"put-slack-not-jira","project":"ENG"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(
            """[{"pointer":"/teams/put-tracker-kind/tracker/connection","detail":"connection 'put-slack-not-jira' is a slack connection, not a jira one"}]""",
            problem.GetProperty("errors").GetRawText());
        Assert.Equal(before, await VersionAsync(Http));
    }

    [Fact]
    public async Task A_put_whose_if_match_names_an_older_version_gets_a_412_and_changes_nothing()
    {
        using var first = await PutAsync(Http, "/v1/calendars/if-match", Berlin);
        var version = await VersionAsync(Http);

        using var stale = await PutAsync(Http, "/v1/calendars/if-match", Berlin.Replace("18:00", "17:00", StringComparison.Ordinal), $"\"{version - 1}\"");
        using var current = await PutAsync(Http, "/v1/calendars/if-match", Berlin.Replace("18:00", "16:00", StringComparison.Ordinal), $"\"{version}\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{version}\"", stale.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal($"\"{version + 1}\"", current.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task A_reader_key_may_read_the_configuration_but_not_change_it()
    {
        using var reader = new HttpClient { BaseAddress = Http.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ReaderKey);

        using var put = await PutAsync(reader, "/v1/calendars/reader", Berlin);
        using var get = await reader.GetAsync(new Uri("/v1/configuration", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("lacks the scope this endpoint needs: config:write", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/v1/configuration")]
    [InlineData("GET", "/v1/policies")]
    [InlineData("PUT", "/v1/teams/anonymous")]
    [InlineData("DELETE", "/v1/runbooks/anonymous")]
    public async Task Without_a_key_every_configuration_endpoint_answers_401(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = Http.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)) { Content = method == "PUT" ? Json("{}") : null };

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem_saying_where()
    {
        using var response = await PutAsync(Http, "/v1/teams/malformed", "{\n  \"members\": [\"ann\",");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("", error.GetProperty("pointer").GetString());
        var message = error.GetProperty("detail").GetString();
        Assert.StartsWith("JSON syntax error at line 2", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_one_mebibyte_gets_a_413_problem()
    {
        var body = "[" + new string(' ', 1024 * 1024) + "]";

        using var response = await PutAsync(Http, "/v1/routing", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_a_415_problem()
    {
        using var content = new StringContent("zone: UTC", Encoding.UTF8, "text/plain");

        using var response = await Http.PutAsync(new Uri("/v1/calendars/text", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_history_lists_a_change_with_the_key_name_and_the_part_before_and_after()
    {
        using var first = await PutAsync(Http, "/v1/teams/history-team", """{"members":["ann"],"zone":"UTC"}""");
        using var second = await PutAsync(Http, "/v1/teams/history-team", """{"members":["ann","ben"],"zone":"UTC"}""");
        var version = await VersionAsync(Http);

        var page = await Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/configuration/history?limit=1", UriKind.Relative));

        var change = Assert.Single(page.GetProperty("changes").EnumerateArray());
        Assert.Equal(version, change.GetProperty("version").GetInt64());
        Assert.Equal("test-operator", change.GetProperty("actor").GetString());
        Assert.Equal("team", change.GetProperty("part").GetString());
        Assert.Equal("history-team", change.GetProperty("id").GetString());
        Assert.Equal("""{"members":["ann"],"zone":"UTC"}""", change.GetProperty("before").GetRawText());
        Assert.Equal("""{"members":["ann","ben"],"zone":"UTC"}""", change.GetProperty("after").GetRawText());
        Assert.Equal(version, page.GetProperty("nextBefore").GetInt64());
    }

    [Fact]
    public async Task A_calendar_a_policy_uses_cannot_be_deleted_until_the_policy_goes()
    {
        using var calendar = await PutAsync(Http, "/v1/calendars/in-use", Berlin);
        using var policies = await PutAsync(Http, "/v1/policies",
            """[{"id":"uses-it","targets":{"high":{"first_reply":{"target":"PT4H","calendar":"in-use"}}}}]""");
        Assert.Equal(HttpStatusCode.OK, policies.StatusCode);

        using var refused = await Http.DeleteAsync(new Uri("/v1/calendars/in-use", UriKind.Relative));
        using var cleared = await PutAsync(Http, "/v1/policies", "[]");
        using var deleted = await Http.DeleteAsync(new Uri("/v1/calendars/in-use", UriKind.Relative));
        using var missing = await Http.DeleteAsync(new Uri("/v1/calendars/in-use", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["/policies/0/targets/high/first_reply/calendar"], await ErrorPathsAsync(refused));
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
