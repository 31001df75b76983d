using System.Net;
using System.Text.Json.Nodes;
using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Tickets;

/// <summary>
/// One durable silo on PostgreSQL, read and written with parameters no client should send: each is a 4xx problem that
/// names what is wrong (never a 500 from PostgreSQL), and a ticket key is read the same way wherever one is taken.
/// </summary>
public sealed class TicketReadInputTests : IAsyncLifetime
{
    private SiloProcess silo = null!;

    public async Task InitializeAsync()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("ticketreads");
        silo = await SiloProcess.StartAsync(SiloProcess.Environment("ticket-reads", "ticketreads-" + Guid.NewGuid().ToString("N")[..8], database));
    }

    public async Task DisposeAsync() => await silo.DisposeAsync();

    [Theory]
    [InlineData("/v1/tickets?sla=breached&team=%00", "team")]
    [InlineData("/v1/tickets?sla=breached&after=%00", "after")]
    [InlineData("/v1/escalations?ticket=%00", "ticket")]
    [InlineData("/v1/escalations?state=open&owner=user:a%00", "owner")]
    [InlineData("/v1/audit?actor=a%00", "actor")]
    [InlineData("/v1/tickets?sla=breached&unknown=%00", "unknown")]
    public async Task A_NUL_in_a_query_parameter_is_a_400_naming_it_never_a_500_from_the_database(string path, string parameter)
    {
        var (status, problem) = await GetAsync(path);

        Assert.True(status == HttpStatusCode.BadRequest, $"{path}: {(int)status} {problem}");
        Assert.Equal([parameter], Parameters(problem));
    }

    [Theory]
    [InlineData("/v1/tickets?sla=active&after=%25%25%25", "after")]
    [InlineData("/v1/tickets?sla=active&after=nokey", "after")]
    [InlineData("/v1/escalations?ticket=nokey", "ticket")]
    [InlineData("/v1/escalations?ticket=qa:a%2Fb", "ticket")]
    public async Task Ticket_and_escalation_lists_refuse_a_team_or_key_the_rest_of_the_API_refuses(string path, string parameter)
    {
        var (status, problem) = await GetAsync(path);

        Assert.True(status == HttpStatusCode.BadRequest, $"{path}: {(int)status} {problem}");
        Assert.Equal([parameter], Parameters(problem));
    }

    [Fact]
    public async Task A_team_longer_than_a_ticket_can_hold_is_a_400_naming_team()
    {
        var (status, problem) = await GetAsync("/v1/tickets?sla=active&team=" + new string('t', 3000));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["team"], Parameters(problem));
    }

    [Fact]
    public async Task A_ticket_key_too_long_is_refused_with_the_length_limit_stated()
    {
        var (status, problem) = await GetAsync("/v1/tickets/qa:" + new string('k', 3000));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("at most 140 printable ASCII characters", (string)problem["errors"]![0]!["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qa:a/b")]
    [InlineData("qa:x/timeline")]
    public async Task A_subject_with_a_slash_is_refused_at_its_subject_since_it_could_never_be_read(string subject)
    {
        var key = subject + Guid.NewGuid().ToString("N")[..6];
        var (status, body) = await silo.Http.PostEventsAsync(new JsonArray(
            GatewayRequests.Created("qa:fine-" + Guid.NewGuid().ToString("N")[..6], "ok-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.AddMinutes(-1), source: "qa"),
            GatewayRequests.Created(key, "slash-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.AddMinutes(-1), source: "qa")));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = JsonNode.Parse(body)!["errors"]!.AsArray();
        Assert.Equal("/1/subject", (string)Assert.Single(errors)!["pointer"]!);
        Assert.Contains("no '/'", (string)errors[0]!["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ticket.created", """{"priority":"normal","assignee":""}""", "/data/assignee")]
    [InlineData("ticket.created", """{"priority":"normal","team":"  "}""", "/data/team")]
    [InlineData("ticket.updated", """{"assignee":" ","priority":"high"}""", "/data/assignee")]
    public async Task A_blank_assignee_or_team_is_refused_at_its_pointer_and_nothing_is_stored(string type, string data, string pointer)
    {
        var key = "qa:blank-" + Guid.NewGuid().ToString("N")[..8];
        var time = DateTimeOffset.UtcNow.AddMinutes(-1);

        var (status, body) = await silo.Http.PostEventsAsync(GatewayRequests.Event(key, "blank-" + Guid.NewGuid().ToString("N"), type, time, JsonNode.Parse(data)!.AsObject(), "qa"));

        Assert.True(status == HttpStatusCode.BadRequest, body);
        Assert.Equal([pointer], JsonNode.Parse(body)!["errors"]!.AsArray().Select(e => (string)e!["pointer"]!));
        var (ticket, _) = await GetAsync($"/v1/tickets/{key}");
        Assert.Equal(HttpStatusCode.NotFound, ticket);
    }

    [Fact]
    public async Task The_timeline_of_a_ticket_that_never_received_an_event_is_404_and_of_a_known_one_200()
    {
        var known = "qa:known-" + Guid.NewGuid().ToString("N")[..8];
        var (posted, body) = await silo.Http.PostEventsAsync(GatewayRequests.Created(known, "known-" + Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow.AddMinutes(-1), source: "qa"));
        Assert.True(posted == HttpStatusCode.Accepted, body);

        var (unknown, problem) = await GetAsync("/v1/tickets/qa:never-" + Guid.NewGuid().ToString("N")[..8] + "/timeline");
        var (read, _) = await GetAsync($"/v1/tickets/{known}/timeline");

        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal("Unknown ticket", (string)problem["title"]!);
        Assert.Equal(HttpStatusCode.OK, read);
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path)
    {
        using var response = await silo.Http.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)! : new JsonObject { ["raw"] = text });
    }

    private static string[] Parameters(JsonNode problem) =>
        problem["errors"] is JsonArray errors ? [.. errors.Select(e => (string?)e!["parameter"] ?? "pointer:" + (string?)e["pointer"])] : [problem.ToJsonString()];
}
