using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Contracts.Tickets;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace SlaEscalation.Silo.Tests.Adapters.CatchUp;

/// <summary>
/// One story per ticket delivered twice, by signed webhooks and by the export the catch-up reads, in both orders, on a
/// real silo: each change is stored once, because both paths derive the same event id.
/// </summary>
public sealed class ZendeskCatchUpDuplicateTests : IAsyncLifetime
{
    private const string ExportPath = "/api/v2/incremental/ticket_events.json";
    private const string Secret = AdapterSiloFixture.Secret;

    // Whole seconds, as the export gives them; the webhook's nanoseconds are cut to the second for the id anyway.
    private readonly DateTimeOffset start = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-20).ToUnixTimeSeconds());
    private WireMockServer zendesk = null!;

    public Task InitializeAsync()
    {
        zendesk = WireMockServer.Start();

        // Until the test says otherwise the export has nothing new, and its cursor stays where it is.
        Stub(10, """{"ticket_events":[],"count":0,"end_time":0,"end_of_stream":true}""");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        zendesk.Stop();
        zendesk.Dispose();
        return Task.CompletedTask;
    }

    private void Stub(int priority, string body) =>
        zendesk.Given(WireMock.RequestBuilders.Request.Create().WithPath(ExportPath).UsingGet()).AtPriority(priority)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

    /// <summary>The settings that give <paramref name="connection"/> a catch-up against the stub, every 5 seconds.</summary>
    private Dictionary<string, string> CatchUp(string connection) => new()
    {
        [$"Adapters__{connection}__ApiToken"] = "zd-token-dup-0123456789",
        [$"Adapters__{connection}__Email"] = "admin@example.com",
        [$"Adapters__{connection}__BaseUrl"] = zendesk.Url!,
        [$"Adapters__{connection}__CatchUpEvery"] = "00:00:05",
    };

    /// <summary>A ticket's creation, its move to pending a minute later and an agent's public reply, as Zendesk webhooks.</summary>
    private JsonObject[] Webhooks(string ticketId, string commentId)
    {
        var created = ZendeskRequests.Created($"wh-{ticketId}-1", ticketId, start, "HIGH", groupId: "100");
        var pending = ZendeskRequests.Changed("status_changed", $"wh-{ticketId}-2", ticketId, start.AddMinutes(1), "NEW", "PENDING");
        var reply = ZendeskRequests.Comment($"wh-{ticketId}-3", ticketId, start.AddMinutes(2), staff: true);
        reply["event"]!["comment"]!["id"] = commentId;
        reply["event"]!["comment"]!["author"]!["id"] = "9001";
        return [created, pending, reply];
    }

    /// <summary>The same story as the export's audits.</summary>
    private string Audits(long ticketId, long commentId) => $$"""
        {"id":{{ticketId}}01,"ticket_id":{{ticketId}},"created_at":"{{start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","via":{"channel":"web_form"},"event_type":"Audit","child_events":[
          {"id":{{ticketId}}02,"event_type":"Create","field_name":"priority","value":"high"},
          {"id":{{ticketId}}03,"event_type":"Create","field_name":"status","value":"new"},
          {"id":{{ticketId}}04,"event_type":"Create","field_name":"group_id","value":100},
          {"id":{{ticketId}}05,"event_type":"Create","field_name":"requester_id","value":7001},
          {"id":{{ticketId}}06,"event_type":"Create","field_name":"subject","value":"Printer on fire"},
          {"id":{{ticketId}}07,"event_type":"Create","field_name":"tags","value":["vip"]}]},
        {"id":{{ticketId}}11,"ticket_id":{{ticketId}},"created_at":"{{start.AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","event_type":"Audit","child_events":[
          {"id":{{ticketId}}12,"event_type":"Change","field_name":"status","value":"pending","previous_value":"new"}]},
        {"id":{{ticketId}}21,"ticket_id":{{ticketId}},"created_at":"{{start.AddMinutes(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","event_type":"Audit","child_events":[
          {"id":{{commentId}},"event_type":"Comment","author_id":9001,"public":true,"body":"We are on it.","audit_id":{{ticketId}}21}]}
        """;

    [Fact]
    public async Task A_token_whose_connection_is_not_zendesk_reads_nothing_and_says_why()
    {
        await using var silo = await AdapterSiloFixture.StartAsync(postgres: null, CatchUp("intercom"));
        using (var connection = new StringContent("""{"kind": "intercom"}""", System.Text.Encoding.UTF8, "application/json"))
        {
            (await silo.Http.PutAsync(new Uri("/v1/connections/intercom", UriKind.Relative), connection)).EnsureSuccessStatusCode();
        }

        await Eventually.TrueAsync(
            () => silo.Output.Contains("The Zendesk catch-up of intercom has an API token but no zendesk connection", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "a pass that finds no zendesk connection", pace: TimeSpan.FromMilliseconds(250));

        Assert.Empty(zendesk.LogEntries);
    }

    [Fact]
    public async Task A_change_delivered_by_webhook_and_by_export_in_either_order_is_stored_once()
    {
        await using var silo = await AdapterSiloFixture.StartAsync(postgres: null, CatchUp("zendesk-eu"));
        using var anonymous = new HttpClient { BaseAddress = silo.Http.BaseAddress };

        // Ticket 801: the webhooks first.
        foreach (var payload in Webhooks("801", "80121"))
        {
            Assert.Equal((HttpStatusCode.Accepted, """{"accepted":1,"duplicates":0}"""),
                await anonymous.PostZendeskAsync("zendesk-eu", payload, Secret, DateTimeOffset.UtcNow));
        }

        // Then the export, which also holds ticket 802, whose webhooks come after it.
        var endTime = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds();
        Stub(1, $$"""{"ticket_events":[{{Audits(801, 80121)}},{{Audits(802, 80221)}}],"count":6,"end_time":{{endTime}},"end_of_stream":true}""");
        var fromExport = await Eventually.ValueAsync(
            () => silo.Http.GetFromJsonAsync<TicketView>(new Uri("/v1/tickets/zendesk-eu:802", UriKind.Relative)),
            t => t?.EventCount == 3 && t.Status == "pending", TimeSpan.FromSeconds(60), "ticket 802 from the export",
            t => $"{t?.Status} with {t?.EventCount} events; Zendesk saw {zendesk.LogEntries.Count()} requests", pace: TimeSpan.FromMilliseconds(250),
            retryOn: ex => ex is HttpRequestException { StatusCode: HttpStatusCode.NotFound });
        await Eventually.TrueAsync(
            () => zendesk.LogEntries.Any(e => e.RequestMessage.Query!["start_time"][0] == endTime.ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(30), "a pass after the page that held both tickets", pace: TimeSpan.FromMilliseconds(250));

        foreach (var payload in Webhooks("802", "80221"))
        {
            Assert.Equal((HttpStatusCode.Accepted, """{"accepted":0,"duplicates":1}"""),
                await anonymous.PostZendeskAsync("zendesk-eu", payload, Secret, DateTimeOffset.UtcNow));
        }

        var webhookFirst = await silo.Http.GetFromJsonAsync<TicketView>(new Uri("/v1/tickets/zendesk-eu:801", UriKind.Relative));
        var exportFirst = await silo.Http.GetFromJsonAsync<TicketView>(new Uri("/v1/tickets/zendesk-eu:802", UriKind.Relative));
        Assert.Equal((3, "pending", "high"), (webhookFirst!.EventCount, webhookFirst.Status, webhookFirst.Priority));
        Assert.Equal((3, "pending", "high"), (exportFirst!.EventCount, exportFirst.Status, exportFirst.Priority));
        Assert.Equal(fromExport!.Owner, exportFirst.Owner);
    }
}
