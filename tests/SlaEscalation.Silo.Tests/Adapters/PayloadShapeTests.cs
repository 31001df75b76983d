using System.Text.Json;
using System.Text.Json.Nodes;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Silo.Adapters;
using SlaEscalation.Silo.Adapters.Zendesk.CatchUp;
using static SlaEscalation.Testing.ZendeskRequests;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>
/// Each helpdesk payload we read, broken in every place in every way (<see cref="JsonMutations"/>): the mapping
/// answers with events, an ignored payload or problems that name a place in the body, and never throws. A mapping that
/// throws is a <c>500</c> to the vendor, who sends the same payload again; a catch-up page that throws stops its cursor.
/// </summary>
public sealed class PayloadShapeTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static readonly SlaConfiguration Configuration = ConfigurationDocument.ParseYaml("""
        teams:
          support-eu: { zone: Europe/Berlin }
        connections:
          zd: { kind: zendesk, teams: { "77": support-eu }, agents: { "9001": dieter }, statuses: { "360000123456": on_hold } }
          ic: { kind: intercom, statuses: { "4242": on_hold }, teams: { "5123456": support-eu }, agents: { "814860": alice } }
          jsm: { kind: jira, statuses: { "Waiting for customer": pending }, teams: { "Get IT help": support-eu }, agents: { "acc-agent": bob } }
        """).Value!;

    private const string JiraFields = """{"summary":"VPN down","priority":{"name":"Highest"},"status":{"name":"Waiting for customer","statusCategory":{"key":"indeterminate"}},"assignee":{"accountId":"acc-agent"},"reporter":{"accountId":"acc-customer"},"labels":["vip"],"customfield_10010":{"requestType":{"name":"Get IT help"}}}""";

    public static TheoryData<string, string> Webhooks() => new()
    {
        { "zd", Created("zd-1", "101", At, groupId: "77").ToJsonString() },
        { "zd", Comment("zd-2", "101", At, staff: true).ToJsonString() },
        { "zd", Changed("status_changed", "zd-3", "101", At, "OPEN", "SOLVED").ToJsonString() },
        { "ic", """{"type":"notification_event","topic":"conversation.user.created","id":"notif_1","created_at":1795773600,"data":{"type":"notification_event_data","item":{"type":"conversation","id":"77","state":"open","priority":"priority","team_assignee_id":5123456,"admin_assignee_id":814860,"tags":{"type":"tag.list","tags":[{"type":"tag","name":"vip"}]}}}}""" },
        { "ic", """{"type":"notification_event","topic":"ticket.state.updated","id":"notif_2","created_at":1795773600,"data":{"type":"notification_event_data","item":{"type":"ticket","id":"77","ticket_attributes":{"_default_title_":"Refund stuck"},"ticket_state":{"type":"ticket_state","id":"4242","category":"in_progress","internal_label":"Escalated"}}}}""" },
        { "jsm", $$$"""{"timestamp":1795773600000,"webhookEvent":"jira:issue_created","issue":{"id":"10042","key":"SUP-12","fields":{{{JiraFields}}}}}""" },
        { "jsm", $$$"""{"timestamp":1795773600000,"webhookEvent":"jira:issue_updated","issue":{"id":"10042","key":"SUP-12","fields":{{{JiraFields}}}},"changelog":{"id":"555","items":[{"field":"priority"},{"field":"status"},{"field":"labels"}]}}""" },
        { "jsm", $$$"""{"timestamp":1795773600000,"webhookEvent":"comment_created","issue":{"id":"10042","key":"SUP-12","fields":{{{JiraFields}}}},"comment":{"id":"900","author":{"accountId":"acc-agent","accountType":"atlassian"},"jsdPublic":true}}""" },
    };

    [Theory]
    [MemberData(nameof(Webhooks))]
    public void A_webhook_broken_anywhere_maps_to_events_or_named_problems_and_never_throws(string connection, string sample)
    {
        var mapping = Configuration.Connections[connection];
        var adapter = HelpdeskAdapters.For(mapping.Kind)!;
        Assert.NotEmpty(MapOrThrow(adapter, mapping, JsonNode.Parse(sample)).Events);

        var thrown = JsonMutations.Of(JsonNode.Parse(sample)!)
            .Select(m => (m.Name, Error: Record.Exception(() => MapOrThrow(adapter, mapping, m.Payload))))
            .Where(m => m.Error is not null)
            .Select(m => $"{m.Name}: {m.Error!.GetType().Name}: {m.Error.Message}")
            .ToList();

        Assert.True(thrown.Count == 0, $"{thrown.Count} broken payloads threw:\n{string.Join('\n', thrown)}");
    }

    public static TheoryData<string> ExportItems() =>
    [
        """
        {"id":5001,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","timestamp":1777885200,"via":{"channel":"web"},"event_type":"Audit","child_events":[
          {"id":5002,"event_type":"Create","field_name":"priority","value":"high"},
          {"id":5003,"event_type":"Create","field_name":"status","value":"new"},
          {"id":5004,"event_type":"Create","field_name":"group_id","value":77},
          {"id":5006,"event_type":"Create","field_name":"requester_id","value":900},
          {"id":5008,"event_type":"Create","field_name":"tags","value":["vip"]},
          {"id":5009,"event_type":"Change","field_name":"custom_status_id","value":360000123456,"previous_value":1},
          {"id":6001,"event_type":"Comment","author_id":900,"public":true,"body":"help","audit_id":5001}]}
        """,
        """
        {"id":5101,"ticket_id":"101","timestamp":1777885260,"event_type":"Audit","child_events":[
          {"id":5102,"event_type":"Change","field_name":"status","value":"pending","previous_value":"open"},
          {"id":5103,"event_type":"Change","field_name":"assignee_id","value":9001,"previous_value":null},
          {"id":6002,"event_type":"Comment","author_id":9001,"public":false,"body":"asked","audit_id":5101}]}
        """,
    ];

    [Theory]
    [MemberData(nameof(ExportItems))]
    public void A_catch_up_export_item_broken_anywhere_maps_to_events_or_nothing_and_never_throws(string item)
    {
        var sample = JsonNode.Parse(item)!;
        var mapping = Configuration.Connections["zd"];
        Assert.NotEmpty(Export(mapping, sample).Events);

        var thrown = JsonMutations.Of(sample)
            .Select(m => (m.Name, Error: Record.Exception(() => Export(mapping, m.Payload))))
            .Where(m => m.Error is not null)
            .Select(m => $"{m.Name}: {m.Error!.GetType().Name}: {m.Error.Message}")
            .ToList();

        Assert.True(thrown.Count == 0, $"{thrown.Count} broken payloads threw:\n{string.Join('\n', thrown)}");
    }

    private static AdapterMapping MapOrThrow(IHelpdeskAdapter adapter, HelpdeskConnection connection, JsonNode? payload)
    {
        var mapped = adapter.Map(connection, JsonSerializer.SerializeToElement(payload));
        Assert.All(mapped.Problems, p => Assert.NotNull(p.Pointer));
        return mapped;
    }

    private static AdapterMapping Export(HelpdeskConnection connection, JsonNode? item)
    {
        var element = JsonSerializer.SerializeToElement(item);
        var requester = ZendeskExportMapping.HasComment(element) ? ZendeskExportMapping.Requester(element) : null;
        return ZendeskExportMapping.Map(connection, element, requester ?? (ZendeskExportMapping.TicketId(element) is null ? null : "900"));
    }
}
