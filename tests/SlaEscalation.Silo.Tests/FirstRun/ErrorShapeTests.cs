using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SlaEscalation.Silo.Tests.Configuration;

namespace SlaEscalation.Silo.Tests.FirstRun;

/// <summary>
/// Every API family answers a bad request with the same <c>errors</c>: an array of objects, each with a
/// <c>detail</c> sentence and exactly one of <c>pointer</c> (into the body) or <c>parameter</c>.
/// </summary>
public sealed class ErrorShapeTests(EmbeddedSiloFixture fixture) : IClassFixture<EmbeddedSiloFixture>
{
    private const string Escalation = "esc_aaaaaaaaaaaaaaaaaaaa";
    private const string Task = "task_aaaaaaaaaaaaaaaaaaaa";

    public static TheoryData<string, string, string, string?, string, string[]> Requests => new()
    {
        // family, method, path, body, body's media type, the places named (pointers start with '/', or are "")
        { "events", "POST", "/v1/events", """[{"specversion":"0.3","id":"e1","source":"zendesk","type":"ticket.created","subject":"zendesk:1","time":"2026-05-01T09:30:00Z","data":{"priority":"urgent"}}]""", "application/cloudevents-batch+json", ["/0/specversion"] },
        { "escalation command", "POST", $"/v1/escalations/{Escalation}/handoff", """{"to":"robot:1"}""", "application/json", ["/reason", "/to"] },
        { "escalation query", "GET", "/v1/escalations?state=closed&limit=0", null, "", ["limit", "state"] },
        { "task command", "PATCH", $"/v1/tasks/{Task}", """{"status":"finished","colour":"red"}""", "application/json", ["/colour"] },
        { "task id", "GET", "/v1/tasks/nope", null, "", ["id"] },
        { "configuration part", "PUT", "/v1/teams/shape", """{"members":"ann","colour":1}""", "application/json", ["/colour", "/members", "/zone"] },
        { "configuration query", "GET", "/v1/configuration/history?limit=0&before=0", null, "", ["before", "limit"] },
        { "configuration query words", "GET", "/v1/configuration/history?limit=ten&before=last", null, "", ["before", "limit"] },
        { "audit", "GET", "/v1/audit?limit=0&action=deleted", null, "", ["action", "limit"] },
        { "digests", "GET", "/v1/digests/support/yesterday", null, "", ["date"] },
        { "tickets", "GET", "/v1/tickets?sla=late", null, "", ["sla"] },
        { "tickets limit", "GET", "/v1/tickets?sla=breached&limit=ten", null, "", ["limit"] },
        { "escalations limit", "GET", "/v1/escalations?limit=ten", null, "", ["limit"] },
        { "operations", "PUT", "/v1/ops/clock-probes/probe-1", """{"dueInSeconds":0}""", "application/json", ["/dueInSeconds"] },
        { "operations body", "PUT", "/v1/ops/clock-probes/probe-1", """{"dueInSeconds":""", "application/json", [""] },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_bad_request_lists_its_errors_as_pointer_or_parameter_with_a_detail(
        string family, string method, string path, string? body, string mediaType, string[] places)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        }

        using var response = await fixture.Silo.Http.SendAsync(request);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(HttpStatusCode.BadRequest == response.StatusCode, $"{family}: {response.StatusCode} {problem}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = problem.GetProperty("errors").EnumerateArray().ToArray();
        foreach (var error in errors)
        {
            var names = error.EnumerateObject().Select(p => p.Name).ToArray();
            Assert.True(names is ["pointer", "detail"] or ["parameter", "detail"], $"{family}: {error}");
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("detail").GetString()), family);
        }

        Assert.Equal(places, errors.Select(ConfigurationHttp.Place).Order(StringComparer.Ordinal));
    }
}
