using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using SlaEscalation.Contracts.Escalations;

namespace SlaEscalation.Silo.Tests.Escalations;

/// <summary>
/// Commands on a live escalation and its task over HTTP, on two silos and PostgreSQL: bad ones get a 4xx problem and
/// change nothing anywhere (the grain, the index, the ticket's timeline); good ones reach all three.
/// </summary>
public sealed class EscalationCommandInputTests(EscalationCommandSilos silos) : IClassFixture<EscalationCommandSilos>
{
    private static readonly HttpMethod Patch = new("PATCH");

    [Fact]
    public async Task A_NUL_in_a_hand_off_reason_gets_400_naming_reason_and_changes_nothing()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var before = await silos.SettledSnapshotAsync(escalation);

        var problem = await SendAsync(HttpMethod.Post, $"/v1/escalations/{escalation.Id}/handoff", """{"to":"user:bob","reason":"a\u0000b"}""");

        Assert.Equal(HttpStatusCode.BadRequest, problem.Status);
        Assert.StartsWith("/reason: must not contain control characters", Assert.Single(problem.Errors), StringComparison.Ordinal);
        Assert.Equal(before, await silos.SnapshotAsync(escalation));
    }

    [Fact]
    public async Task A_by_longer_than_the_audit_actor_column_gets_400_on_every_command_and_changes_nothing()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var before = await silos.SettledSnapshotAsync(escalation);
        var by = new string('b', 201);

        foreach (var (method, path, body) in new[]
        {
            (HttpMethod.Post, $"/v1/escalations/{escalation.Id}/handoff", $$"""{"to":"user:bob","reason":"x","by":"{{by}}"}"""),
            (HttpMethod.Post, $"/v1/escalations/{escalation.Id}/ack", $$"""{"by":"{{by}}"}"""),
            (HttpMethod.Post, $"/v1/escalations/{escalation.Id}/resolve", $$"""{"by":"{{by}}"}"""),
            (Patch, $"/v1/tasks/{escalation.TaskIds[0]}", $$"""{"status":"done","by":"{{by}}"}"""),
        })
        {
            var problem = await SendAsync(method, path, body);

            Assert.True(problem.Status == HttpStatusCode.BadRequest, $"{method} {path}: {problem}");
            Assert.Equal(["/by: must be at most 200 characters, not 201"], problem.Errors);
            Assert.Equal(before, await silos.SnapshotAsync(escalation));
        }
    }

    [Fact]
    public async Task A_resolve_whose_index_row_is_refused_answers_200_and_the_row_catches_up_once_the_index_takes_it()
    {
        var escalation = await silos.LiveEscalationAsync(Key());
        var ticket = Uri.EscapeDataString(escalation.TicketKey);
        await using var database = NpgsqlDataSource.Create(silos.Database);
        var constraint = "held_open_" + escalation.Id;
        await ExecuteAsync(database, $"ALTER TABLE sla_escalations ADD CONSTRAINT {constraint} CHECK (escalation_id <> '{escalation.Id}' OR state = 'open') NOT VALID");
        try
        {
            using var resolve = await silos.A.Http.PostAsJsonAsync($"/v1/escalations/{escalation.Id}/resolve", new { by = "carol" });

            Assert.True(resolve.StatusCode == HttpStatusCode.OK, await resolve.Content.ReadAsStringAsync());
            Assert.Equal("resolved", (await resolve.Content.ReadFromJsonAsync<EscalationView>())!.State);
            Assert.Equal(["open"], await IndexedStatesAsync(ticket));
        }
        finally
        {
            await ExecuteAsync(database, $"ALTER TABLE sla_escalations DROP CONSTRAINT {constraint}");
        }

        // The grain's reminder retries the row (every 5 s) until it is in.
        var giveUp = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!(await IndexedStatesAsync(ticket)).SequenceEqual(["resolved"]))
        {
            Assert.True(DateTimeOffset.UtcNow < giveUp, "the index row never caught up with the resolved escalation");
            await Task.Delay(250);
        }
    }

    private static string Key() => "cmd:" + Guid.NewGuid().ToString("N")[..12];

    private async Task<string[]> IndexedStatesAsync(string ticket)
    {
        var page = (await silos.B.Http.GetFromJsonAsync<JsonObject>($"/v1/escalations?ticket={ticket}"))!;
        return [.. page["escalations"]!.AsArray().Select(e => (string)e!["state"]!)];
    }

    private static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<Problem> SendAsync(HttpMethod method, string path, string body, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        using var response = await silos.A.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{method} {path} {body}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(text)!["errors"]?.AsArray().Select(e => (string)e!).ToArray() ?? [];
        return new Problem(response.StatusCode, errors, text);
    }

    /// <summary>A refused command's answer: its status, its named problems (<c>errors</c>), and the whole body.</summary>
    private sealed record Problem(HttpStatusCode Status, string[] Errors, string Body);
}
