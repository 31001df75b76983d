using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Connections;
using SlaEscalation.Silo.Adapters;
using SlaEscalation.Silo.Hosting;
using SlaEscalation.Silo.Tests.Escalations;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>Intercom and Jira Service Management: their signatures, computed here from the vendors' recipes, and their mappings.</summary>
public sealed class HubSignedAdapterTests
{
    private const string Secret = "client-secret-of-the-app";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
    // Jira's timestamp is the body's, in Unix milliseconds; Intercom reads no timestamp.
    private static readonly byte[] Body = Encoding.UTF8.GetBytes($$"""{"topic":"conversation.user.created","timestamp":{{Now.ToUnixTimeMilliseconds()}}}""");

    private static readonly SlaConfiguration Configuration = ConfigurationDocument.ParseYaml("""
        teams:
          support-us: { zone: America/New_York }
        connections:
          intercom: { kind: intercom, statuses: { "4242": on_hold }, teams: { "5123456": support-us }, agents: { "814860": alice } }
          jsm:
            kind: jira
            statuses: { "Waiting for customer": pending }
            teams: { "Get IT help": support-us }
            agents: { "acc-agent": bob }
        """).Value!;

    private static HeaderDictionary Signed(string value) => new() { [HubSignature.Header] = value };

    [Theory]
    [InlineData("intercom", "sha1")]
    [InlineData("jira", "sha256")]
    public void A_hub_signature_holds_only_for_its_secret_its_body_and_its_scheme(string kind, string scheme)
    {
        var adapter = HelpdeskAdapters.For(ConnectionKinds.TryParse(kind, out var k) ? k : throw new ArgumentException(kind))!;
        string Sign(string secret, byte[] body, string with) => with + "=" + Convert.ToHexStringLower(
            with == "sha1" ? HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body) : HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        byte[] altered = [.. Body, (byte)' '];

        Assert.Equal(
            [true, false, false, false, false],
            new[]
            {
                adapter.Verify(Signed(Sign(Secret, Body, scheme)), Body, Secret, Now),
                adapter.Verify(Signed(Sign("wrong-secret", Body, scheme)), Body, Secret, Now),
                adapter.Verify(Signed(Sign(Secret, Body, scheme)), altered, Secret, Now),
                adapter.Verify(Signed(Sign(Secret, Body, scheme == "sha1" ? "sha256" : "sha1")), Body, Secret, Now),
                adapter.Verify(new HeaderDictionary(), Body, Secret, Now),
            }.Select(v => v.Valid));
    }

    [Fact]
    public void A_jira_service_management_body_more_than_an_hour_old_or_five_minutes_ahead_is_refused_though_signed()
    {
        var adapter = HelpdeskAdapters.For(ConnectionKind.Jira)!;
        SignatureVerdict Verify(string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            return adapter.Verify(Signed("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), bytes))), bytes, Secret, Now);
        }

        string At(TimeSpan fromNow) => $$"""{"webhookEvent":"jira:issue_created","timestamp":{{(Now + fromNow).ToUnixTimeMilliseconds()}}}""";

        Assert.Equal(
            [
                SignatureVerdict.Accepted,
                SignatureVerdict.Accepted,
                SignatureVerdict.Refused("timestamp is 3601 s old; at most 3600 s is accepted"),
                SignatureVerdict.Refused("timestamp is 301 s ahead; at most 300 s is accepted"),
                SignatureVerdict.Refused("timestamp (Unix milliseconds) is required in the body"),
            ],
            new[]
            {
                Verify(At(-TimeSpan.FromHours(1))),
                Verify(At(TimeSpan.FromMinutes(5))),
                Verify(At(-TimeSpan.FromSeconds(3601))),
                Verify(At(TimeSpan.FromSeconds(301))),
                Verify("""{"webhookEvent":"jira:issue_created"}"""),
            });
    }

    private static AdapterMapping Map(string connection, string json)
    {
        using var document = JsonDocument.Parse(json);
        return HelpdeskAdapters.For(Configuration.Connections[connection].Kind)!.Map(Configuration.Connections[connection], document.RootElement);
    }

    private static string Intercom(string topic, string item) =>
        $$$"""{"type":"notification_event","topic":"{{{topic}}}","id":"notif_1","created_at":1795773600,"data":{"type":"notification_event_data","item":{{{item}}}}}""";

    [Theory]
    [InlineData("conversation.user.created", """{"type":"conversation","id":"77","state":"open","priority":"priority","team_assignee_id":5123456,"admin_assignee_id":null,"tags":{"type":"tag.list","tags":[{"type":"tag","name":"vip"}]}}""",
        "ticket.created", "high|open|support-us||vip", null, null)]
    [InlineData("conversation.user.replied", """{"id":"77"}""", "ticket.comment_added", "||||", "requester", true)]
    [InlineData("conversation.admin.replied", """{"id":"77"}""", "ticket.comment_added", "||||", "agent", true)]
    [InlineData("conversation.admin.noted", """{"id":"77"}""", "ticket.comment_added", "||||", "agent", false)]
    [InlineData("conversation.admin.assigned", """{"id":"77","admin_assignee_id":814860,"team_assignee_id":5123456}""", "ticket.updated", "||support-us|alice|", null, null)]
    [InlineData("conversation.admin.snoozed", """{"id":"77"}""", "ticket.updated", "|pending|||", null, null)]
    [InlineData("conversation.admin.unsnoozed", """{"id":"77"}""", "ticket.updated", "|open|||", null, null)]
    [InlineData("conversation.admin.closed", """{"id":"77"}""", "ticket.updated", "|solved|||", null, null)]
    [InlineData("ticket.state.updated", """{"id":"77","ticket_state":"waiting_on_customer"}""", "ticket.updated", "|pending|||", null, null)]
    [InlineData("ticket.state.updated", """{"type":"ticket","id":"77","ticket_state":{"type":"ticket_state","id":"88","category":"waiting_on_customer","internal_label":"Waiting on customer"}}""", "ticket.updated", "|pending|||", null, null)]
    [InlineData("ticket.state.updated", """{"type":"ticket","id":"77","ticket_state":{"type":"ticket_state","id":"4242","category":"in_progress","internal_label":"Escalated to vendor"}}""", "ticket.updated", "|on_hold|||", null, null)]
    [InlineData("ticket.state.updated", """{"type":"ticket","id":"77","ticket_state":{"type":"ticket_state","id":"90","category":"resolved","internal_label":"Resolved"}}""", "ticket.updated", "|solved|||", null, null)]
    [InlineData("ticket.created", """{"type":"ticket","id":"77","ticket_attributes":{"_default_title_":"Refund stuck"},"ticket_state":{"type":"ticket_state","id":"87","category":"submitted"},"team_assignee_id":"5123456","admin_assignee_id":"0"}""",
        "ticket.created", "normal|new|support-us||", null, null)]
    [InlineData("ticket.contact.replied", """{"type":"ticket","id":"77"}""", "ticket.comment_added", "||||", "requester", true)]
    [InlineData("ticket.admin.replied", """{"type":"ticket","id":"77"}""", "ticket.comment_added", "||||", "agent", true)]
    [InlineData("ticket.closed", """{"type":"ticket","id":"77"}""", "ticket.updated", "|solved|||", null, null)]
    public void An_intercom_notification_becomes_one_canonical_event(string topic, string item, string type, string fields, string? role, bool? isPublic)
    {
        var mapped = Assert.Single(Map("intercom", Intercom(topic, item)).Events);

        Assert.Equal(("intercom:77", "notif_1", Now), (mapped.TicketKey, mapped.Event.Id, mapped.Event.Time));
        Assert.Equal((type, fields, role, isPublic), (mapped.Event.Type, Describe(mapped.Event.Fields), mapped.Event.AuthorRole, mapped.Event.Public));
    }

    [Fact]
    public void An_intercom_tickets_subject_is_its_default_title_attribute() =>
        Assert.Equal("Refund stuck", Assert.Single(Map("intercom", Intercom("ticket.created",
            """{"type":"ticket","id":"77","ticket_attributes":{"_default_title_":"Refund stuck","_default_description_":"Since Monday"},"ticket_state":"submitted"}""")).Events).Event.Fields.Subject);

    [Fact]
    public void Intercom_topics_the_mapping_does_not_use_are_ignored() =>
        Assert.Equal((0, 1), (Map("intercom", Intercom("contact.created", """{"id":"1"}""")).Events.Count, Map("intercom", Intercom("contact.created", """{"id":"1"}""")).Ignored));

    private static string Jira(string webhookEvent, string fields, string extra = "") =>
        $$$"""{"timestamp":1795773600000,"webhookEvent":"{{{webhookEvent}}}","issue":{"id":"10042","key":"SUP-12","fields":{{{fields}}}}{{{extra}}}}""";

    private const string Fields = """{"summary":"VPN down","priority":{"name":"Highest"},"status":{"name":"Waiting for customer","statusCategory":{"key":"indeterminate"}},"assignee":{"accountId":"acc-agent"},"reporter":{"accountId":"acc-customer"},"labels":["vip"],"customfield_10010":{"requestType":{"name":"Get IT help"}}}""";

    [Theory]
    [InlineData("jira:issue_created", "", "created-10042", "ticket.created", "urgent|pending|support-us|bob|vip", null, null)]
    [InlineData("jira:issue_updated", ""","changelog":{"id":"555","items":[{"field":"priority"},{"field":"status"}]}""", "change-555", "ticket.updated", "urgent|pending|||", null, null)]
    [InlineData("comment_created", ""","comment":{"id":"900","author":{"accountId":"acc-agent"},"jsdPublic":true}""", "comment-900", "ticket.comment_added", "||||", "agent", true)]
    [InlineData("comment_created", ""","comment":{"id":"901","author":{"accountId":"acc-agent"},"jsdPublic":false}""", "comment-901", "ticket.comment_added", "||||", "agent", false)]
    [InlineData("comment_created", ""","comment":{"id":"902","author":{"accountId":"acc-customer"},"jsdPublic":true}""", "comment-902", "ticket.comment_added", "||||", "requester", true)]
    [InlineData("comment_created", ""","comment":{"id":"904","author":{"accountId":"acc-colleague","accountType":"customer"},"jsdPublic":true}""", "comment-904", "ticket.comment_added", "||||", "requester", true)]
    [InlineData("comment_created", ""","comment":{"id":"905","author":{"accountId":"acc-other-agent","accountType":"atlassian"},"jsdPublic":true}""", "comment-905", "ticket.comment_added", "||||", "agent", true)]
    public void A_jira_service_management_event_becomes_one_canonical_event(string webhookEvent, string extra, string id, string type, string fields, string? role, bool? isPublic)
    {
        var mapped = Assert.Single(Map("jsm", Jira(webhookEvent, Fields, extra)).Events);

        Assert.Equal(("jsm:10042", id, Now), (mapped.TicketKey, mapped.Event.Id, mapped.Event.Time));
        Assert.Equal((type, fields, role, isPublic), (mapped.Event.Type, Describe(mapped.Event.Fields), mapped.Event.AuthorRole, mapped.Event.Public));
    }

    [Fact]
    public void A_jira_issue_update_without_a_changelog_is_ignored_as_changing_nothing_the_mapping_uses()
    {
        var mapping = Map("jsm", Jira("jira:issue_updated", Fields, ",\"issue_event_type_name\":\"issue_commented\""));

        Assert.Equal((0, 0, 1), (mapping.Problems.Count, mapping.Events.Count, mapping.Ignored));
    }

    [Fact]
    public void A_jira_comment_without_jsd_public_is_malformed_at_its_pointer() =>
        Assert.Equal(["/comment/jsdPublic"], Map("jsm", Jira("comment_created", Fields, ""","comment":{"id":"903","author":{"accountId":"a"}}""")).Problems.Select(p => p.Pointer));

    /// <summary>
    /// What a mapping makes is stored in the ticket's state. The embedded silo's storage once wrote state as JSON with
    /// type names and read back only types it knew: a tag list of a compiler-made collection type was written, then
    /// refused on every read, and the ticket could never be loaded again (a 503 to every read and webhook).
    /// </summary>
    [Fact]
    public async Task Mapped_tags_survive_the_embedded_silos_state_storage()
    {
        await using var silo = await WalkthroughSilo.StartAsync(Now);
        var storage = silo.Services.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>()
            .Get(OrleansSiloBuilderExtensions.GrainStorageName).GrainStorageSerializer;
        string[] payloads =
        [
            Jira("jira:issue_created", Fields),
            Jira("jira:issue_updated", Fields, ""","changelog":{"id":"556","items":[{"field":"labels"}]}"""),
            Intercom("conversation.user.created", """{"type":"conversation","id":"77","priority":"priority","tags":{"type":"tag.list","tags":[{"type":"tag","name":"vip"}]}}"""),
        ];

        foreach (var payload in payloads)
        {
            var mapped = Assert.Single(Map(payload.Contains("webhookEvent", StringComparison.Ordinal) ? "jsm" : "intercom", payload).Events).Event;
            var read = storage.Deserialize<TicketEventRecord>(storage.Serialize(mapped));
            Assert.Equal(["vip"], read!.Fields.Tags);
        }
    }

    /// <summary>priority|status|team|assignee|tags: the fields the mappings set, as a reader checks them by hand.</summary>
    private static string Describe(TicketFields fields) =>
        $"{fields.Priority}|{fields.Status}|{fields.Team}|{fields.Assignee}|{string.Join(',', fields.Tags ?? [])}";
}
