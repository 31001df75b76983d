using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SlaEscalation.Silo.Tests.Configuration;

namespace SlaEscalation.Silo.Tests.Events;

/// <summary><c>POST /v1/events</c> in CloudEvents binary mode on a real embedded silo.</summary>
public sealed class BinaryModeHttpTests(EmbeddedSiloFixture fixture) : IClassFixture<EmbeddedSiloFixture>
{
    private SiloProcess Silo => fixture.Silo;

    private static HttpRequestMessage Binary(string id, string subject, string mediaType, params string[] without)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events")
        {
            Content = new StringContent("""{"priority":"urgent","team":"support"}""", Encoding.UTF8, mediaType),
        };
        var time = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in new[]
                 {
                     ("ce-specversion", "1.0"), ("ce-id", id), ("ce-source", "binary"), ("ce-type", "ticket.created"),
                     ("ce-subject", subject), ("ce-time", time),
                 }.Where(h => !without.Contains(h.Item1)))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    [Fact]
    public async Task A_binary_event_is_stored_once_and_its_structured_twin_is_a_duplicate()
    {
        using var binary = await Silo.Http.SendAsync(Binary("twin-1", "binary:1", "application/json"));
        Assert.Equal((HttpStatusCode.Accepted, """{"accepted":1,"duplicates":0}"""), (binary.StatusCode, await binary.Content.ReadAsStringAsync()));

        var structured = GatewayRequests.Created("binary:1", "twin-1", DateTimeOffset.UtcNow.AddMinutes(-1), "urgent", "support", source: "binary");
        var (status, body) = await Silo.Http.PostEventsAsync(structured);
        Assert.Equal((HttpStatusCode.Accepted, """{"accepted":0,"duplicates":1}"""), (status, body));
    }

    [Fact]
    public async Task A_binary_event_without_ce_id_is_a_400_naming_the_header_and_nothing_is_stored()
    {
        using var response = await Silo.Http.SendAsync(Binary("ignored", "binary:2", "application/json", "ce-id"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.ToJsonString();
        Assert.Equal("""[{"parameter":"ce-id","detail":"ce-id is required"}]""", errors);
        using var ticket = await Silo.Http.GetAsync(new Uri("/v1/tickets/binary:2", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, ticket.StatusCode);
    }

    [Fact]
    public async Task Binary_data_that_is_not_JSON_is_a_415()
    {
        using var response = await Silo.Http.SendAsync(Binary("plain-1", "binary:3", "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}
