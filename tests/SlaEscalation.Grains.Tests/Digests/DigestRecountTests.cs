using System.Text.Json;
using NodaTime;
using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Escalations;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>Facts rebuilt from a ticket's durable records are the facts the bus carried.</summary>
public sealed class DigestRecountTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 5, 9, 0, 0, TimeSpan.Zero);

    private static DigestTeam TeamOf(string id) => new(id, id == "ops-y" ? DateTimeZoneProviders.Tzdb["Asia/Tokyo"] : DateTimeZone.Utc, 8, Duration.FromHours(1));

    /// <summary>Created in ops-x at 09:00, moved to ops-y at 11:00, first_reply breached at 13:00 and achieved late at 14:00.</summary>
    private static TicketView Ticket(TicketOwner owner) => new(
        "zd:42", "open", "high", "all", owner, [], null, 1, 4,
        [
            new EmittedTransitionView("owner#0", T0, T0),
            new EmittedTransitionView("created#0", T0, T0),
            new EmittedTransitionView("owner#1", T0.AddHours(2), T0.AddHours(2)),
            new EmittedTransitionView("first_reply/at_risk", T0.AddHours(2), T0.AddHours(2)),
            new EmittedTransitionView("first_reply/breached", T0.AddHours(4), T0.AddHours(4)),
            new EmittedTransitionView("first_reply/achieved", T0.AddHours(5), T0.AddHours(5)),
        ]);

    [Fact]
    public void Each_fact_goes_to_the_team_that_owned_the_ticket_when_it_was_emitted_as_the_bus_said()
    {
        var owners = new[] { new TicketOwner("ops-x", null), new TicketOwner("ops-y", "kenji") };
        var facts = DigestRecount.FactsOf(Ticket(owners[1]), Trail(owners), TeamOf);

        var fromBus = new[]
        {
            DigestFacts.FromTransition(Transition("created#0", SlaTransitionTypes.TicketCreated, null, T0, owners[0]), TeamOf("ops-x"), null),
            DigestFacts.FromTransition(Transition("first_reply/breached", SlaTransitionTypes.Breached, "first_reply", T0.AddHours(4), owners[1]), TeamOf("ops-y"), null),
            DigestFacts.FromTransition(Transition("first_reply/achieved", SlaTransitionTypes.Achieved, "first_reply", T0.AddHours(5), owners[1]), TeamOf("ops-y"), false),
        };
        Assert.Equal(fromBus.Select(f => f!), facts);
        Assert.Equal(["2026-05-05", "2026-05-05", "2026-05-05"], facts.Select(f => f.Date));
        Assert.Equal(new DigestFact("zd:42/first_reply/achieved", DigestFactKinds.Achieved, "ops-y", "2026-05-05", "zd:42", T0.AddHours(5), "first_reply", "high", false), facts[2]);
    }

    [Fact]
    public void An_owner_change_not_on_the_trail_yet_is_the_current_owner_when_it_is_the_latest_and_unknown_otherwise()
    {
        // The trail holds only owner#0: owner#1 is the latest change, so the ticket's owner now is it.
        var facts = DigestRecount.FactsOf(Ticket(new TicketOwner("ops-y", "kenji")), Trail(new TicketOwner("ops-x", null)), TeamOf);
        Assert.Equal(["ops-x", "ops-y", "ops-y"], facts.Select(f => f.Team));

        // No trail at all: owner#0 is neither known nor the latest, so the creation is left for a later recount.
        var withoutTrail = DigestRecount.FactsOf(Ticket(new TicketOwner("ops-y", "kenji")), Trail(), TeamOf);
        Assert.Equal(["zd:42/first_reply/breached", "zd:42/first_reply/achieved"], withoutTrail.Select(f => f.FactId));
    }

    [Fact]
    public void A_breach_and_an_achievement_carry_the_priority_their_audit_entries_recorded_and_the_ticket_s_now_without_one()
    {
        var owners = new[] { new TicketOwner("ops-x", null), new TicketOwner("ops-y", "kenji") };

        // The breach was emitted while the ticket was urgent; its achievement's entry predates recorded priorities.
        var trail = Trail(owners, Entry(T0.AddHours(4), AuditAction.SlaBreached, "zd:42/first_reply/breached", new { metric = "first_reply", priority = "urgent" }),
            Entry(T0.AddHours(5), AuditAction.SlaAchieved, "zd:42/first_reply/achieved", new { metric = "first_reply" }));
        var facts = DigestRecount.FactsOf(Ticket(owners[1]), trail, TeamOf);

        Assert.Equal([("zd:42/created#0", "high"), ("zd:42/first_reply/breached", "urgent"), ("zd:42/first_reply/achieved", "high")], facts.Select(f => (f.FactId, f.Priority!)));
    }

    [Fact]
    public void Escalation_and_task_steps_give_the_facts_their_notices_gave_for_the_notices_team_and_day()
    {
        var owners = new[] { new TicketOwner("ops-x", null), new TicketOwner("ops-y", "kenji") };
        var notices = new[]
        {
            Notice("esc_1/L1/raised", EscalationNoticeTypes.Raised, "ops-x", T0.AddHours(1), "at_risk"),
            Notice("esc_1/L1/ack_timed_out", EscalationNoticeTypes.AcknowledgementTimedOut, "ops-x", T0.AddHours(1.5)),
            Notice("esc_1/L1/acknowledged", EscalationNoticeTypes.Acknowledged, "ops-x", T0.AddHours(2)),
            Notice("esc_1/handoff#4", EscalationNoticeTypes.HandedOff, "ops-x", T0.AddHours(2.5), "away"),
            Notice("task_1/created", EscalationNoticeTypes.TaskCreated, "ops-y", T0.AddHours(15.5), "open"),       // 00:30 on the 6th in Tokyo
            Notice("task_1/status#1", EscalationNoticeTypes.TaskStatusChanged, "ops-y", T0.AddHours(16), "in_progress"),
            Notice("task_1/status#2", EscalationNoticeTypes.TaskStatusChanged, "ops-y", T0.AddHours(17), "Done"),
        };
        var actions = new[]
        {
            AuditAction.EscalationRaised, AuditAction.EscalationUnacknowledged, AuditAction.EscalationAcknowledged, AuditAction.EscalationHandedOff,
            AuditAction.TaskCreated, AuditAction.TaskStatusChanged, AuditAction.TaskStatusChanged,
        };
        var trail = Trail(owners, [.. notices.Zip(actions, (n, action) => Entry(n.At, action, n.EscalationId, AuditedNotice.AfterData(new { level = 1 }, n)))]);

        var facts = DigestRecount.FactsOf(Ticket(owners[1]), trail, TeamOf).Where(f => f.FactId.StartsWith(DigestFacts.NoticePrefix, StringComparison.Ordinal));

        // What the bus made of the same notices, the steps a digest does not count (hand-off, a task in progress) left out.
        var fromBus = notices.Select(n => DigestFacts.FromNotice(n, TeamOf(n.Team))).OfType<DigestFact>().ToArray();
        Assert.Equal(fromBus, facts);
        Assert.Equal(
            [
                ("notice/esc_1/L1/raised", DigestFactKinds.EscalationRaised, "ops-x", "2026-05-05"),
                ("notice/esc_1/L1/ack_timed_out", DigestFactKinds.EscalationUnacknowledged, "ops-x", "2026-05-05"),
                ("notice/esc_1/L1/acknowledged", DigestFactKinds.EscalationAcknowledged, "ops-x", "2026-05-05"),
                ("notice/task_1/created", DigestFactKinds.TaskOpened, "ops-y", "2026-05-06"),
                ("notice/task_1/status#2", DigestFactKinds.TaskClosed, "ops-y", "2026-05-06"),
            ],
            facts.Select(f => (f.FactId, f.Kind, f.Team, f.Date)));
    }

    [Fact]
    public void The_note_has_the_creation_and_since_when_the_ticket_has_been_without_an_agent()
    {
        Assert.Equal(new DigestTicketNote("zd:42", T0, 1, null), DigestRecount.NoteOf(Ticket(new TicketOwner("ops-y", "kenji"))));
        Assert.Equal(new DigestTicketNote("zd:42", T0, 1, T0.AddHours(2)), DigestRecount.NoteOf(Ticket(new TicketOwner("ops-y", null))));

        var moved = Transition("owner#1", SlaTransitionTypes.OwnerChanged, null, T0.AddHours(2), new TicketOwner("ops-y", null));
        Assert.Equal(new DigestTicketNote("zd:42", T0, 1, T0.AddHours(2)), DigestFacts.NoteOf(moved));
        var first = Transition("owner#0", SlaTransitionTypes.OwnerChanged, null, T0.AddMinutes(1), new TicketOwner("ops-x", null));
        Assert.Equal(new DigestTicketNote("zd:42", T0, 0, T0), DigestFacts.NoteOf(first));
        Assert.Equal(new DigestTicketNote("zd:42", T0, -1, null), DigestFacts.NoteOf(Transition("created#0", SlaTransitionTypes.TicketCreated, null, T0, new TicketOwner("ops-x", null))));
        Assert.Null(DigestFacts.NoteOf(Transition("first_reply/breached", SlaTransitionTypes.Breached, "first_reply", T0.AddHours(4), new TicketOwner("ops-y", null))));
    }

    /// <summary>The ticket's audit chain: an <c>owner_changed</c> entry per owner (each when its change was emitted), then <paramref name="others"/>.</summary>
    private static IReadOnlyList<AuditEntry> Trail(IReadOnlyList<TicketOwner> owners, params AuditFact[] others)
    {
        var facts = owners.Select((owner, n) => Entry(
            Ticket(owner).Transitions.Single(t => t.TransitionId == $"owner#{n}").EmittedAt,
            AuditAction.OwnerChanged,
            null,
            JsonSerializer.Serialize(owner, new JsonSerializerOptions(JsonSerializerDefaults.Web))));
        var entries = new List<AuditEntry>();
        foreach (var fact in facts.Concat(others))
        {
            entries.Add(AuditChain.Next("zd:42", entries.Count == 0 ? null : AuditChainHead.Of(entries[^1]), fact));
        }

        return entries;
    }

    private static IReadOnlyList<AuditEntry> Trail(params TicketOwner[] owners) => Trail(owners, []);

    private static AuditFact Entry(DateTimeOffset at, AuditAction action, string? causedBy, object after) =>
        new(at, AuditActorKind.System, "sla-engine", "zd:42", action, null, after as string ?? JsonSerializer.Serialize(after, new JsonSerializerOptions(JsonSerializerDefaults.Web)), causedBy);

    private static EscalationNotice Notice(string id, string type, string team, DateTimeOffset at, string? detail = null) =>
        new(id, type, "zd:42", id.StartsWith("esc_", StringComparison.Ordinal) ? "esc_1" : "task_1", team, id.StartsWith("esc_", StringComparison.Ordinal) ? "first_reply" : null,
            1, "user:ann", at, "escalation", detail, null, "urgent");

    private static SlaTransition Transition(string id, string type, string? metric, DateTimeOffset at, TicketOwner owner) =>
        new($"zd:42/{id}", type, "zd:42", metric, metric, at, at, owner, Priority: "high", TicketCreatedAt: T0);
}
