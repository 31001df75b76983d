using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Grains.Tickets;
using SlaEscalation.Silo.Adapters;
using static SlaEscalation.Testing.ZendeskRequests;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>Zendesk ticket events, in the documented payload shape, to canonical events and to clocks.</summary>
public sealed class ZendeskMappingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static readonly SlaConfiguration Configuration = ConfigurationDocument.ParseYaml("""
        teams:
          support-eu: { zone: Europe/Berlin }
          support-us: { zone: America/New_York }
        policies:
          - id: default
            targets:
              high: { first_reply: { target: PT1H, calendar: 24x7 }, resolution: { target: PT8H, calendar: 24x7 } }
              urgent: { first_reply: { target: PT1H, calendar: 24x7 }, resolution: { target: PT4H, calendar: 24x7 } }
        connections:
          zendesk-eu:
            kind: zendesk
            statuses: { "360000123456": on_hold }
            teams: { "100": support-eu, "200": support-us }
            agents: { "9001": dieter }
        """).Value!;

    private static readonly ZendeskAdapter Adapter = new();

    private static AdapterMapping Map(JsonNode payload)
    {
        using var document = JsonDocument.Parse(payload.ToJsonString());
        return Adapter.Map(Configuration.Connections["zendesk-eu"], document.RootElement);
    }

    private static JsonObject With(JsonObject payload, Action<JsonObject> change)
    {
        change(payload);
        return payload;
    }

    private static TicketEventRecord Single(JsonNode payload)
    {
        var mapping = Map(payload);
        Assert.Empty(mapping.Problems);
        var mapped = Assert.Single(mapping.Events);
        Assert.Equal("zendesk-eu:1042", mapped.TicketKey);
        return mapped.Event;
    }

    public static TheoryData<string, JsonObject, string, TicketFields, string?, bool?> Cases => new()
    {
        { "created", Created("e1", "1042", T0, "HIGH", groupId: "100"), TicketEventTypes.Created,
            new TicketFields("Printer on fire", "7001", null, null, "high", "web_form", ["vip"], "support-eu", null, "new"), null, null },
        { "public agent reply", Comment("e2", "1042", T0, staff: true), TicketEventTypes.CommentAdded, TicketFields.None, "agent", true },
        { "requester reply", Comment("e3", "1042", T0, staff: false), TicketEventTypes.CommentAdded, TicketFields.None, "requester", true },
        { "private note", Comment("e4", "1042", T0, staff: true, isPublic: false), TicketEventTypes.CommentAdded, TicketFields.None, "agent", false },
        { "priority change", Changed("priority_changed", "e5", "1042", T0, "HIGH", "URGENT"), TicketEventTypes.Updated, new TicketFields(Priority: "urgent"), null, null },
        { "unmapped priority", Changed("priority_changed", "e6", "1042", T0, "HIGH", null), TicketEventTypes.Updated, new TicketFields(Priority: "normal"), null, null },
        { "reassignment across groups", Changed("group_assignment_changed", "e7", "1042", T0, "100", "200"), TicketEventTypes.Updated, new TicketFields(Team: "support-us"), null, null },
        { "agent assignment", Changed("agent_assignment_changed", "e8", "1042", T0, null, "9001"), TicketEventTypes.Updated, new TicketFields(Assignee: "dieter"), null, null },
        { "pause by status", Changed("status_changed", "e9", "1042", T0, "OPEN", "PENDING"), TicketEventTypes.Updated, new TicketFields(Status: "pending"), null, null },
        { "on hold", Changed("status_changed", "e10", "1042", T0, "OPEN", "HOLD"), TicketEventTypes.Updated, new TicketFields(Status: "on_hold"), null, null },
        { "solve", Changed("status_changed", "e11", "1042", T0, "OPEN", "SOLVED"), TicketEventTypes.Updated, new TicketFields(Status: "solved"), null, null },
        { "reopen", Changed("status_changed", "e12", "1042", T0, "SOLVED", "OPEN"), TicketEventTypes.Updated, new TicketFields(Status: "open"), null, null },
        { "mapped custom status", Changed("custom_status_changed", "e13", "1042", T0, "1", "360000123456"), TicketEventTypes.Updated, new TicketFields(Status: "on_hold"), null, null },
        { "spam", Payload("marked_as_spam", "e14", "1042", T0), TicketEventTypes.Updated, new TicketFields(Status: "closed"), null, null },
        { "merged", Payload("merged", "e15", "1042", T0), TicketEventTypes.Updated, new TicketFields(Status: "closed"), null, null },
        { "soft deleted", Payload("soft_deleted", "e16", "1042", T0), TicketEventTypes.Updated, new TicketFields(Status: "closed"), null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_zendesk_event_becomes_one_canonical_event(string story, JsonObject payload, string type, TicketFields fields, string? role, bool? isPublic)
    {
        var record = Single(payload);

        Assert.False(string.IsNullOrEmpty(story));
        Assert.Equal((type, role, isPublic), (record.Type, record.AuthorRole, record.Public));
        Assert.Equal(fields with { Tags = null }, record.Fields with { Tags = null });
        Assert.Equal(fields.Tags ?? [], record.Fields.Tags ?? []);
        Assert.Equal(("zendesk-eu", T0), (record.Source, record.Time));
        Assert.Equal(ExpectedId(payload), record.Id);
    }

    /// <summary>What both the webhook and the export carry: a creation once, a comment by its id, a change by its second.</summary>
    private static string ExpectedId(JsonObject payload) => payload["type"]!.GetValue<string>()["zen:event-type:ticket.".Length..] switch
    {
        "created" => "created",
        "comment_added" => "comment:" + payload["event"]!["comment"]!["id"]!.GetValue<string>(),
        var kind => $"{kind}@1795773600",
    };

    [Fact]
    public void The_event_id_is_the_same_for_a_change_redelivered_within_its_second_and_not_the_webhooks_own()
    {
        var first = Single(Changed("status_changed", "uuid-1", "1042", T0.AddMilliseconds(120), "OPEN", "PENDING"));
        var again = Single(Changed("status_changed", "uuid-2", "1042", T0.AddMilliseconds(980), "OPEN", "PENDING"));
        var later = Single(Changed("status_changed", "uuid-3", "1042", T0.AddSeconds(1), "PENDING", "OPEN"));

        Assert.Equal(("status_changed@1795773600", "status_changed@1795773600", "status_changed@1795773601"), (first.Id, again.Id, later.Id));
    }

    [Fact]
    public void A_status_change_under_a_mapped_custom_status_takes_the_mapped_status()
    {
        var payload = Changed("status_changed", "e1", "1042", T0, "OPEN", "OPEN");
        payload["detail"]!["custom_status"] = "360000123456";

        Assert.Equal("on_hold", Single(payload).Fields.Status);
    }

    [Theory]
    [InlineData("zen:event-type:ticket.brand_changed")]
    [InlineData("zen:event-type:ticket.custom_status_changed")]      // a custom status the mapping does not name
    [InlineData("zen:event-type:ticket.group_assignment_changed")]   // a group the mapping does not name
    [InlineData("zen:event-type:user.created")]
    public void An_event_the_mapping_does_not_use_is_ignored(string type)
    {
        var payload = Changed("x", "e1", "1042", T0, "1", "999");
        payload["type"] = type;

        var mapping = Map(payload);

        Assert.Equal((0, 1, 0), (mapping.Events.Count, mapping.Ignored, mapping.Problems.Count));
    }

    [Fact]
    public void A_malformed_payload_names_every_bad_field()
    {
        var payload = Comment("e1", new string('9', 140), T0, staff: true);
        payload["time"] = "yesterday";
        payload["event"]!["comment"]!.AsObject().Remove("is_public");

        var mapping = Map(payload);

        Assert.Empty(mapping.Events);
        Assert.Equal(["/detail/id", "/time"], mapping.Problems.Select(p => p.Pointer).Order(StringComparer.Ordinal));
        var noFlag = Comment("e1", "1042", T0, staff: true);
        noFlag["event"]!["comment"]!.AsObject().Remove("is_public");
        Assert.Equal(["/event/comment/is_public"], Map(noFlag).Problems.Select(p => p.Pointer));
        var noId = Comment("e1", "1042", T0, staff: true);
        noId["event"]!["comment"]!.AsObject().Remove("id");
        Assert.Equal(["/event/comment/id"], Map(noId).Problems.Select(p => p.Pointer));
    }

    public static TheoryData<string, JsonObject, string, string> WrongTypes => new()
    {
        { "priority as a number", With(Created("w1", "1042", T0), p => p["detail"]!["priority"] = 3), "/detail/priority", "priority must be a string, not a number" },
        { "subject as an object", With(Created("w2", "1042", T0), p => p["detail"]!["subject"] = new JsonObject { ["text"] = "x" }), "/detail/subject", "subject must be a string, not an object" },
        { "group as an array", With(Created("w3", "1042", T0), p => p["detail"]!["group_id"] = new JsonArray("100")), "/detail/group_id", "group_id must be a string or a number, not an array" },
        { "new priority as a boolean", With(Changed("priority_changed", "w4", "1042", T0, "HIGH", "URGENT"), p => p["event"]!["current"] = true), "/event/current", "current must be a string, not a boolean" },
        { "channel as a number", With(Created("w5", "1042", T0), p => p["detail"]!["via"]!["channel"] = 4), "/detail/via/channel", "channel must be a string, not a number" },
        { "via as a string", With(Created("w6", "1042", T0), p => p["detail"]!["via"] = "web"), "/detail/via", "via must be an object, not a string" },
        { "time as a number", With(Created("w7", "1042", T0), p => p["time"] = 1764237600), "/time", "time must be a string, not a number" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void A_mapped_field_of_the_wrong_json_type_is_named_with_the_type_found_instead_of_defaulted(string story, JsonObject payload, string pointer, string detail)
    {
        var mapping = Map(payload);

        Assert.True(mapping.IsMalformed, story);
        var problem = Assert.Single(mapping.Problems);
        Assert.Equal((pointer, detail), (problem.Pointer, problem.Detail));
    }

    [Fact]
    public void A_ticket_story_gives_the_clocks_zendesk_would()
    {
        JsonObject[] story =
        [
            Created("s1", "1042", T0, "HIGH", groupId: "100"),
            Comment("s2", "1042", T0.AddMinutes(5), staff: false),                          // the requester's description
            Comment("s3", "1042", T0.AddMinutes(20), staff: true, isPublic: false),         // a private note stops nothing
            Comment("s4", "1042", T0.AddMinutes(30), staff: true),                          // first reply
            Changed("priority_changed", "s5", "1042", T0.AddMinutes(40), "HIGH", "URGENT"),
            Changed("group_assignment_changed", "s6", "1042", T0.AddMinutes(45), "100", "200"),
            Changed("status_changed", "s7", "1042", T0.AddHours(1), "OPEN", "PENDING"),     // resolution pauses
            Changed("status_changed", "s8", "1042", T0.AddHours(2), "PENDING", "OPEN"),
            Changed("status_changed", "s9", "1042", T0.AddHours(3), "OPEN", "SOLVED"),
            Changed("status_changed", "s10", "1042", T0.AddHours(4), "SOLVED", "OPEN"),      // reopen resumes it
        ];

        // Delivered out of order, as Zendesk may: the clocks follow the events' times.
        var events = story.Reverse().Select(p => Single(p)).Select(TicketEventMapping.ToDomain).ToList();
        var evaluation = SlaEngine.Evaluate(Configuration, events, Instant.FromDateTimeOffset(T0.AddHours(4.5)));

        Assert.Equal("default", evaluation.PolicyId);
        var firstReply = evaluation.Metrics.Single(m => m.Metric == SlaMetric.FirstReply);
        Assert.Equal((MetricState.Achieved, Instant.FromDateTimeOffset(T0.AddMinutes(30))), (firstReply.State, firstReply.AchievedAt!.Value));
        var resolution = evaluation.Metrics.Single(m => m.Metric == SlaMetric.Resolution);
        Assert.Equal((MetricState.Active, Duration.FromMinutes(150), Duration.FromHours(4)), (resolution.State, resolution.Elapsed, resolution.Target.Target));
        Assert.Equal("support-us", evaluation.Ticket.Team);
    }
}
