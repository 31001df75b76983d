using System.Text.Json;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

namespace SlaEscalation.Silo.Tests.Adapters.CatchUp;

public sealed class ZendeskExportMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 5, 4, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<string> Map(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ZendeskExportMapping().Map("zd-eu", document.RootElement)
            .Select(e => $"{e.TicketKey} {e.Event.Type} {e.Event.Source}/{e.Event.Id} {e.Event.Time:HH:mm} " +
                         $"p={e.Event.Fields.Priority} s={e.Event.Fields.Status} team={e.Event.Fields.Team} agent={e.Event.Fields.Assignee} " +
                         $"role={e.Event.AuthorRole} public={e.Event.Public}")
            .ToArray();
    }

    [Fact]
    public void A_created_ticket_with_the_requesters_comment_is_a_created_event_and_a_requester_comment()
    {
        Assert.Equal(
            [
                "zd-eu:101 ticket.created zd-eu/5001 09:00 p=urgent s=new team=77 agent= role= public=",
                "zd-eu:101 ticket.comment_added zd-eu/6001 09:00 p= s= team= agent= role=requester public=True",
            ],
            Map("""
                {"id":5001,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","event_type":"Audit","child_events":[
                  {"id":5002,"event_type":"Create","priority":"urgent","status":"new","requester_id":900,"group_id":77},
                  {"id":6001,"event_type":"Comment","author_id":900,"public":true,"body":"help"}]}
                """));
    }

    [Theory]
    [InlineData("""{"id":5011,"event_type":"Change","status":"hold","previous_value":"open"}""", "zd-eu:101 ticket.updated zd-eu/5010 09:00 p= s=on_hold team= agent= role= public=")]
    [InlineData("""{"id":5011,"event_type":"Change","field_name":"assignee_id","value":"31"}""", "zd-eu:101 ticket.updated zd-eu/5010 09:00 p= s= team= agent=31 role= public=")]
    [InlineData("""{"id":5011,"event_type":"Change","priority":"high"}""", "zd-eu:101 ticket.updated zd-eu/5010 09:00 p=high s= team= agent= role= public=")]
    [InlineData("""{"id":6010,"event_type":"Comment","author_id":31,"public":true}""", "zd-eu:101 ticket.comment_added zd-eu/6010 09:00 p= s= team= agent= role=agent public=True")]
    [InlineData("""{"id":6010,"event_type":"Comment","author_id":900,"public":false}""", "zd-eu:101 ticket.comment_added zd-eu/6010 09:00 p= s= team= agent= role=agent public=False")]
    public void A_later_update_maps_each_change_and_comment(string child, string expected)
    {
        Assert.Equal([expected], Map($$"""{"id":5010,"ticket_id":101,"timestamp":{{At.ToUnixTimeSeconds()}},"child_events":[{{child}}]}"""));
    }

    [Theory]
    [InlineData("""{"id":5010,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","child_events":[{"id":1,"event_type":"Change","status":"my_custom"}]}""")]
    [InlineData("""{"id":5010,"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","child_events":[{"id":1,"event_type":"Notification"}]}""")]
    [InlineData("""{"ticket_id":101,"created_at":"2026-05-04T09:00:00Z","child_events":[{"id":1,"event_type":"Change","status":"open"}]}""")]
    [InlineData("""{"id":5010,"ticket_id":101,"child_events":[{"id":1,"event_type":"Change","status":"open"}]}""")]
    public void An_update_with_nothing_we_use_or_without_its_ids_and_time_maps_to_nothing(string json)
    {
        Assert.Empty(Map(json));
    }
}
