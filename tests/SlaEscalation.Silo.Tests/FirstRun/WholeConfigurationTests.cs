using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SlaEscalation.Silo.Tests.Configuration;
using SlaEscalation.Testing;
using static SlaEscalation.Silo.Tests.Configuration.ConfigurationHttp;

namespace SlaEscalation.Silo.Tests.FirstRun;

/// <summary>
/// <c>PUT /v1/configuration</c> and YAML bodies on the real executable: the whole configuration kept in git is
/// applied in one call, in JSON or YAML, validated whole.
/// </summary>
public sealed class WholeConfigurationTests(EmbeddedSiloFixture fixture) : IClassFixture<EmbeddedSiloFixture>
{
    private static readonly string ExampleYaml = RepositoryFile("deploy", "config", "example.yaml");

    private const string OneTeam = """{"teams":{"solo":{"members":["ann"],"zone":"UTC"}}}""";

    private HttpClient Http => fixture.Silo.Http;

    [Fact]
    public async Task A_whole_json_document_replaces_everything_and_removes_what_it_leaves_out()
    {
        using var team = await PutAsync(Http, "/v1/teams/left-out", """{"members":["bob"],"zone":"UTC"}""");
        var before = await VersionAsync(Http);

        using var put = await PutAsync(Http, "/v1/configuration", OneTeam);
        var configuration = await Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/configuration", UriKind.Relative));
        using var leftOut = await Http.GetAsync(new Uri("/v1/teams/left-out", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal($"\"{before + 1}\"", put.Headers.ETag?.ToString());
        Assert.Equal($$"""{"version":{{before + 1}},"part":"document","id":null,"changed":true}""", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
        Assert.Equal(OneTeam, configuration.GetProperty("document").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, leftOut.StatusCode);
    }

    [Fact]
    public async Task The_same_document_again_changes_nothing()
    {
        using var first = await PutAsync(Http, "/v1/configuration", OneTeam);
        var version = await VersionAsync(Http);

        using var again = await PutAsync(Http, "/v1/configuration", OneTeam);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal($$"""{"version":{{version}},"part":"document","id":null,"changed":false}""", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetRawText());
        Assert.Equal(version, await VersionAsync(Http));
    }

    [Fact]
    public async Task A_whole_yaml_document_is_applied_as_the_json_it_reads_as()
    {
        using var put = await SendAsync(HttpMethod.Put, "/v1/configuration", await File.ReadAllTextAsync(ExampleYaml), "application/yaml");
        var policies = await Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/policies", UriKind.Relative));
        var team = await Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/teams/support-us", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(["enterprise-urgent", "enterprise", "eu-business", "default"], policies.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(["alice", "bob", "carol"], team.GetProperty("members").EnumerateArray().Select(m => m.GetString()));
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("text/yaml")]
    [InlineData("application/x-yaml; charset=utf-8")]
    public async Task A_yaml_part_is_stored_as_the_json_it_reads_as(string contentType)
    {
        using var put = await SendAsync(HttpMethod.Put, "/v1/calendars/yaml-berlin", "zone: Europe/Berlin\nwindows:\n  mon-fri: [[\"08:00\", \"18:00\"]]\n", contentType);
        using var get = await Http.GetAsync(new Uri("/v1/calendars/yaml-berlin", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("""{"zone":"Europe/Berlin","windows":{"mon-fri":[["08:00","18:00"]]}}""", await get.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Yaml_that_does_not_read_gets_a_400_saying_where_and_changes_nothing()
    {
        var before = await VersionAsync(Http);

        using var response = await SendAsync(HttpMethod.Put, "/v1/configuration", "teams:\n  solo: [ann\n", "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal("", error.GetProperty("pointer").GetString());
        Assert.StartsWith("YAML syntax error at line ", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await VersionAsync(Http));
    }

    [Fact]
    public async Task An_invalid_document_gets_a_400_naming_every_error_by_pointer_and_changes_nothing()
    {
        using var seeded = await PutAsync(Http, "/v1/configuration", OneTeam);
        var before = await VersionAsync(Http);

        using var response = await PutAsync(Http, "/v1/configuration", """
            {
              "calendars": {"mars": {"zone": "Mars/Olympus", "windows": {"mon": [["09:00", "17:00"]]}}},
              "policies": [{"id": "p", "targets": {"high": {"first_reply": {"target": "PT4H", "calendar": "nowhere"}}}}],
              "routing": [{"id": "r", "when": {}, "team": "nobody"}],
              "colour": "red"
            }
            """);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid document: nothing changed", problem.GetProperty("title").GetString());
        Assert.Equal(
            ["/calendars/mars/zone", "/colour", "/policies/0/targets/high/first_reply/calendar", "/routing/0/team"],
            problem.GetProperty("errors").EnumerateArray().Select(Place).Order(StringComparer.Ordinal));
        Assert.Equal(before, await VersionAsync(Http));
        Assert.Equal(OneTeam, (await Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/configuration", UriKind.Relative))).GetProperty("document").GetRawText());
    }

    [Fact]
    public async Task A_document_whose_if_match_names_an_older_version_gets_a_412_and_changes_nothing()
    {
        using var first = await PutAsync(Http, "/v1/configuration", OneTeam);
        var version = await VersionAsync(Http);

        using var stale = await PutAsync(Http, "/v1/configuration", "{}", $"\"{version - 1}\"");
        var unchanged = await VersionAsync(Http);
        using var current = await PutAsync(Http, "/v1/configuration", "{}", $"\"{version}\"");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal($"\"{version}\"", stale.Headers.ETag?.ToString());
        Assert.Equal(version, unchanged);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal($"\"{version + 1}\"", current.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task A_whole_document_is_in_the_history_and_the_audit_trail_as_a_document_change()
    {
        using var put = await PutAsync(Http, "/v1/configuration", """{"teams":{"audited":{"members":["cy"],"zone":"UTC"}}}""");
        var version = await VersionAsync(Http);

        var history = await Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/configuration/history?limit=1", UriKind.Relative));
        var audit = await Http.GetFromJsonAsync<JsonElement>(new Uri("/v1/audit?action=config_changed&limit=1000", UriKind.Relative));

        var change = Assert.Single(history.GetProperty("changes").EnumerateArray());
        Assert.Equal((version, "test-operator", "document"), (change.GetProperty("version").GetInt64(), change.GetProperty("actor").GetString(), change.GetProperty("part").GetString()));
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("causedBy").GetString() == $"config-v{version}/document");
        Assert.Equal("""{"teams":{"audited":{"members":["cy"],"zone":"UTC"}}}""", entry.GetProperty("after").GetRawText());
    }

    [Fact]
    public async Task A_reader_key_may_not_replace_the_whole_document()
    {
        using var reader = new HttpClient { BaseAddress = Http.BaseAddress };
        reader.DefaultRequestHeaders.Add("X-Api-Key", SiloProcess.ReaderKey);

        using var put = await PutAsync(reader, "/v1/configuration", "{}");

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
    }

    private static string RepositoryFile(params string[] parts) =>
        Path.Combine([Path.GetDirectoryName(SiloExecutable.Path)!, "..", "..", "..", "..", "..", .. parts]);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string body, string contentType)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await Http.SendAsync(request);
    }
}
