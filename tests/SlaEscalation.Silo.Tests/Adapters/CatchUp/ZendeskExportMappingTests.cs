using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Silo.Adapters;
using SlaEscalation.Silo.Adapters.Zendesk.CatchUp;
using static SlaEscalation.Testing.ZendeskRequests;

namespace SlaEscalation.Silo.Tests.Adapters.CatchUp;

/// <summary>The export's audits map under the connection's mapping to the very events the webhook gives, ids included.</summary>
public sealed class ZendeskExportMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static readonly HelpdeskConnection Connection = ConfigurationDocument.ParseYaml("""
        teams:
          support-eu: { zone: Europe/Berlin }
          support-us: { zone: America/New_York }
        policies:
          - id: default
            targets:
              urgent: { first_reply: { target: PT1H, calendar: 24x7 } }
        connections:
          zd-eu:
            kind: zendesk
            priorities: { high: urgent }
            statuses: { "360000123456": on_hold }
            teams: { "77": support-eu, "78": support-us }
            agents: { "31": dieter }
            defaults: { priority: low, status: pending }
        """).Value!.Connections["zd-eu"];

    private static readonly ZendeskAdapter Adapter = new();

    private static IReadOnlyList<MappedEvent> Export(string json, string? requester = null)
    {
        using var document = JsonDocument.Parse(json);
        return ZendeskExportMapping.Map(Connection, document.RootElement, requester).Events;
    }

    private static IReadOnlyList<MappedEvent> Webhook(params JsonObject[] payloads) =>
        [.. payloads.SelectMany(p => Adapter.Map(Connection, JsonSerializer.SerializeToElement(p)).Events)];

    private static JsonObject Staffed(JsonObject comment, string authorId, string commentId)
    {
        comment["event"]!["comment"]!["author"]!["id"] = authorId;
        comment["event"]!["comment"]!["id"] = commentId;
        return comment;
    }

    [Fact]
    public void A_ticket_created_with_its_description_maps_as_the_webhooks_creation_and_requester_comment()
    {
        var created = Payload("created", "uuid-1", "101", At.AddTicks(1234567), new JsonObject
        {
            ["priority"] = "HIGH", ["status"] = "NEW", ["group_id"] = "77", ["assignee_id"] = "31", ["requester_id"] = "900",
            ["subject"] = "Printer on fire", ["tags"] = new JsonArray("vip"), ["via"] = new JsonObject { ["channel"] = "web" },
        });
        var description = Staffed(Comment("uuid-2", "101", At, staff: false), "900", "6001");

        var export = Export("""
            {"id":5001,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","via":{"channel":"web"},"event_type":"Audit","child_events":[
              {"id":5002,"event_type":"Create","field_name":"priority","value":"high"},
              {"id":5003,"event_type":"Create","field_name":"status","value":"new"},
              {"id":5004,"event_type":"Create","field_name":"group_id","value":77},
              {"id":5005,"event_type":"Create","field_name":"assignee_id","value":31},
              {"id":5006,"event_type":"Create","field_name":"requester_id","value":900},
              {"id":5007,"event_type":"Create","field_name":"subject","value":"Printer on fire"},
              {"id":5008,"event_type":"Create","field_name":"tags","value":["vip"]},
              {"id":6001,"event_type":"Comment","author_id":900,"public":true,"body":"help","audit_id":5001}]}
            """);

        var webhook = Webhook(created, description);
        Assert.Equal(2, export.Count);
        Assert.Equal(
            ["zd-eu:101 zd-eu/created ticket.created urgent new support-eu dieter 900 web vip", "zd-eu:101 zd-eu/comment:6001 ticket.comment_added requester True"],
            export.Select(Describe));
        Assert.Equal(webhook.Select(Describe), export.Select(Describe));
    }

    [Theory]
    [InlineData("""{"id":5011,"event_type":"Change","field_name":"status","value":"hold","previous_value":"open"}""", "status_changed", "open", "hold")]
    [InlineData("""{"id":5011,"event_type":"Change","field_name":"status","value":"my_custom","previous_value":"open"}""", "status_changed", "open", "my_custom")]
    [InlineData("""{"id":5011,"event_type":"Change","field_name":"custom_status_id","value":360000123456,"previous_value":1}""", "custom_status_changed", "1", "360000123456")]
    [InlineData("""{"id":5011,"event_type":"Change","field_name":"priority","value":"high","previous_value":"low"}""", "priority_changed", "low", "high")]
    [InlineData("""{"id":5011,"event_type":"Change","field_name":"priority","value":"whatever","previous_value":"low"}""", "priority_changed", "low", "whatever")]
    [InlineData("""{"id":5011,"event_type":"Change","field_name":"group_id","value":78,"previous_value":77}""", "group_assignment_changed", "77", "78")]
    [InlineData("""{"id":5011,"event_type":"Change","field_name":"assignee_id","value":"31","previous_value":null}""", "agent_assignment_changed", null, "31")]
    public void A_later_change_maps_as_the_webhooks_change_event(string child, string kind, string? previous, string current)
    {
        var export = Export($$"""{"id":5010,"ticket_id":101,"timestamp":{{At.ToUnixTimeSeconds()}},"child_events":[{{child}}]}""");

        var webhook = Webhook(Changed(kind, "uuid-9", "101", At.AddMilliseconds(420), previous, current));

        Assert.Single(export);
        Assert.Equal(webhook.Select(Describe), export.Select(Describe));
        Assert.Equal($"{kind}@{At.ToUnixTimeSeconds()}", export[0].Event.Id);
    }

    [Theory]
    [InlineData("31", true, null, "agent True")]         // a mapped agent
    [InlineData("32", true, "900", "agent True")]        // not the requester
    [InlineData("900", true, "900", "requester True")]
    [InlineData("900", false, "900", "agent False")]     // a private note is staff's
    [InlineData("32", true, null, "requester True")]     // nobody to tell by: the clock keeps running
    public void A_comment_is_the_requesters_only_when_its_author_is_the_requester(string author, bool isPublic, string? requester, string role)
    {
        var export = Export($$"""
            {"id":5010,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","child_events":[
              {"id":6010,"event_type":"Comment","author_id":{{author}},"public":{{(isPublic ? "true" : "false")}},"audit_id":5010}]}
            """, requester);

        Assert.Equal([$"zd-eu:101 zd-eu/comment:6010 ticket.comment_added {role}"], export.Select(Describe));
    }

    [Theory]
    [InlineData("""{"id":5010,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","child_events":[{"id":1,"event_type":"Change","field_name":"brand_id","value":3}]}""")]
    [InlineData("""{"id":5010,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","child_events":[{"id":1,"event_type":"Notification"}]}""")]
    [InlineData("""{"id":5010,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","child_events":[{"id":1,"event_type":"Change","field_name":"group_id","value":99}]}""")]
    [InlineData("""{"id":5010,"created_at":"2026-05-04T09:00:00Z","child_events":[{"id":1,"event_type":"Change","field_name":"status","value":"open"}]}""")]
    [InlineData("""{"id":5010,"ticket_id":101,"child_events":[{"id":1,"event_type":"Change","field_name":"status","value":"open"}]}""")]
    public void An_update_with_nothing_we_use_or_without_its_ticket_or_time_maps_to_nothing(string json)
    {
        Assert.Empty(Export(json));
    }

    [Fact]
    public void A_change_that_breaks_our_limits_is_left_out_by_name_and_the_rest_of_its_update_maps()
    {
        using var document = JsonDocument.Parse($$"""
            {"id":5010,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","child_events":[
              {"id":5011,"event_type":"Change","field_name":"status","value":"pending","previous_value":"open"},
              {"id":"{{new string('7', 250)}}","event_type":"Comment","author_id":31,"public":true}]}
            """);

        var mapping = ZendeskExportMapping.Map(Connection, document.RootElement, "900");

        Assert.Equal(["zd-eu:101 zd-eu/status_changed@1777885200 ticket.updated pending"], mapping.Events.Select(Describe));
        Assert.Equal(["/event/comment/id"], mapping.Problems.Select(p => p.Pointer));
    }

    private static string Describe(MappedEvent e) =>
        string.Join(' ', new[]
        {
            e.TicketKey, $"{e.Event.Source}/{e.Event.Id}", e.Event.Type, e.Event.Fields.Priority, e.Event.Fields.Status, e.Event.Fields.Team,
            e.Event.Fields.Assignee, e.Event.Fields.Requester, e.Event.Fields.Channel, e.Event.Fields.Subject is null ? null : string.Join(',', e.Event.Fields.Tags ?? []),
            e.Event.AuthorRole, e.Event.Public?.ToString(),
        }.Where(s => s is not null));
}
