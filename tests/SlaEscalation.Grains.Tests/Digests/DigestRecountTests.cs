using NodaTime;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Digests;

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
        var facts = DigestRecount.FactsOf(Ticket(owners[1]), owners, TeamOf);

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
        var facts = DigestRecount.FactsOf(Ticket(new TicketOwner("ops-y", "kenji")), [new TicketOwner("ops-x", null)], TeamOf);
        Assert.Equal(["ops-x", "ops-y", "ops-y"], facts.Select(f => f.Team));

        // No trail at all: owner#0 is neither known nor the latest, so the creation is left for a later recount.
        var withoutTrail = DigestRecount.FactsOf(Ticket(new TicketOwner("ops-y", "kenji")), [], TeamOf);
        Assert.Equal(["zd:42/first_reply/breached", "zd:42/first_reply/achieved"], withoutTrail.Select(f => f.FactId));
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

    private static SlaTransition Transition(string id, string type, string? metric, DateTimeOffset at, TicketOwner owner) =>
        new($"zd:42/{id}", type, "zd:42", metric, metric, at, at, owner, Priority: "high", TicketCreatedAt: T0);
}
