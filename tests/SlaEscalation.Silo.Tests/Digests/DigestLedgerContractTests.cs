using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Silo.Tests.Digests;

/// <summary>What every <see cref="IDigestLedger"/> does, run against each implementation with its ticket index and audit trail.</summary>
public abstract class DigestLedgerContractTests
{
    protected static readonly DateTimeOffset AsOf = new(2026, 6, 10, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<(IDigestLedger Ledger, ITicketIndex Index, IAuditTrail Trail)> CreateAsync();

    [Fact]
    public async Task A_fact_is_stored_once_per_id_and_read_back_exactly()
    {
        var (ledger, _, _) = await CreateAsync();
        var a = Fact("zd:1/created#0", DigestFactKinds.New);
        var b = Fact("zd:1/first_reply/achieved", DigestFactKinds.Achieved) with { Metric = "first_reply", OnTime = false };
        var other = Fact("zd:2/created#0", DigestFactKinds.New) with { Date = "2026-06-11" };

        Assert.Equal([a, b], await ledger.AddFactsAsync([a, b, a]));
        Assert.Equal([other], await ledger.AddFactsAsync([a, other]));
        Assert.Empty(await ledger.AddFactsAsync([b]));

        var day = await ledger.ReadFactsAsync("desk", "2026-06-10");
        Assert.Equal([a, b], day.OrderBy(f => f.FactId, StringComparer.Ordinal));
        Assert.Empty(await ledger.ReadFactsAsync("other", "2026-06-10"));
    }

    [Fact]
    public async Task Callers_that_hand_over_the_same_facts_at_once_see_each_fact_counted_new_exactly_once()
    {
        var (ledger, _, _) = await CreateAsync();
        var facts = Enumerable.Range(0, 40).Select(i => Fact($"zd:{i}/created#0", DigestFactKinds.New)).ToArray();

        // Twenty callers at once, each with an overlapping half of the facts in its own order.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(c =>
            Task.Run(() => ledger.AddFactsAsync(facts.Where((_, i) => (i + c) % 2 == 0).Reverse().ToArray()))));

        var counted = answers.SelectMany(a => a).Select(f => f.FactId).ToArray();
        Assert.Equal(facts.Length, counted.Length);
        Assert.Equal(facts.Select(f => f.FactId).Order(StringComparer.Ordinal), counted.Order(StringComparer.Ordinal));
        Assert.Equal(facts.Length, (await ledger.ReadFactsAsync("desk", "2026-06-10")).Count);
    }

    [Fact]
    public async Task Backlog_ages_count_a_lower_bound_in_the_older_bucket_and_exceptions_list_the_oldest_first()
    {
        var (ledger, index, _) = await CreateAsync();
        var day = TimeSpan.FromDays(1);
        var open = new (string Key, TimeSpan? Age, string State, string? Agent, TimeSpan? Unassigned, TimeSpan Unchanged)[]
        {
            ("zd:a", day - TimeSpan.FromSeconds(1), "active", "ann", null, TimeSpan.Zero),   // < 1 day
            ("zd:b", day, "at_risk", "ann", null, TimeSpan.Zero),                          // exactly a day: 1-3
            ("zd:c", 3 * day, "breached", null, TimeSpan.FromHours(1), TimeSpan.Zero),     // 3-7; unassigned exactly at the limit
            ("zd:d", 7 * day, "paused", "bo", null, 2 * day),                              // > 7; paused exactly two days
            ("zd:e", 10 * day, "breached", "bo", null, TimeSpan.Zero),                      // > 7
            ("zd:f", null, "none", null, null, TimeSpan.Zero),                              // never noted: age unknown
            ("zd:g", 2 * day, "paused", null, TimeSpan.FromMinutes(59), 2 * day - TimeSpan.FromSeconds(1)),
        };
        foreach (var t in open)
        {
            await index.UpsertAsync(new TicketIndexEntry(t.Key, "desk", t.Agent, "open", t.State, null, AsOf - t.Unchanged));
            if (t.Age is { } age)
            {
                await ledger.NoteTicketsAsync([new DigestTicketNote(t.Key, AsOf - age, 0, t.Unassigned is { } u ? AsOf - u : null)]);
            }
        }

        await index.UpsertAsync(new TicketIndexEntry("zd:solved", "desk", null, "solved", "solved", null, AsOf - 3 * day));
        await ledger.NoteTicketsAsync([new DigestTicketNote("zd:solved", AsOf - 3 * day, 0, AsOf - 3 * day)]);
        await index.UpsertAsync(new TicketIndexEntry("zd:elsewhere", "other", null, "open", "at_risk", null, AsOf - 3 * day));

        var measured = await ledger.MeasureAsync(new DigestMeasureRequest("desk", AsOf, TimeSpan.FromHours(1), 2 * day, 100));

        Assert.Equal(new DigestBacklog(AsOf, 7, 1, 2, 1, 2, 1, 1), measured.Backlog);
        Assert.Equal(
            [
                (DigestExceptionKinds.UnassignedPastLimit, 1, "zd:c"),
                (DigestExceptionKinds.PausedForDays, 1, "zd:d"),
                (DigestExceptionKinds.BreachedStillOpen, 2, "zd:e,zd:c"),
            ],
            measured.Exceptions.Select(e => (e.Kind, e.Count, string.Join(',', e.Tickets.Select(t => t.TicketKey)))));
        Assert.Equal(AsOf - TimeSpan.FromHours(1), measured.Exceptions[0].Tickets[0].At);
    }

    [Fact]
    public async Task A_note_keeps_its_creation_and_takes_a_later_owner_change_only()
    {
        var (ledger, index, _) = await CreateAsync();
        await index.UpsertAsync(new TicketIndexEntry("zd:n", "desk", null, "open", "active", null, AsOf));
        await ledger.NoteTicketsAsync([new DigestTicketNote("zd:n", AsOf - TimeSpan.FromDays(2), 1, AsOf - TimeSpan.FromMinutes(30))]);
        await ledger.NoteTicketsAsync([new DigestTicketNote("zd:n", AsOf, 0, AsOf - TimeSpan.FromDays(2))]);     // an older change: ignored
        await ledger.NoteTicketsAsync([new DigestTicketNote("zd:n", AsOf, -1, null)]);                           // says nothing of the owner
        var request = new DigestMeasureRequest("desk", AsOf, TimeSpan.FromHours(1), TimeSpan.FromDays(2), 100);
        var before = await ledger.MeasureAsync(request);
        Assert.Equal((1, 0), (before.Backlog.From1To3Days, before.Exceptions[0].Count));

        await ledger.NoteTicketsAsync([new DigestTicketNote("zd:n", AsOf, 2, AsOf - TimeSpan.FromHours(3))]);    // a later change: taken
        var after = await ledger.MeasureAsync(request);
        Assert.Equal((1, 1), (after.Backlog.From1To3Days, after.Exceptions[0].Count));
        Assert.Equal(AsOf - TimeSpan.FromHours(3), after.Exceptions[0].Tickets[0].At);
    }

    [Fact]
    public async Task Touched_tickets_include_each_ticket_with_an_index_change_or_a_ticket_audit_entry_since_one_that_moved_away_and_one_with_a_notice_of_the_team()
    {
        var (ledger, index, trail) = await CreateAsync();
        var since = AsOf - TimeSpan.FromHours(1);
        await index.UpsertAsync(new TicketIndexEntry("zd:changed", "desk", null, "open", "active", null, since));
        await index.UpsertAsync(new TicketIndexEntry("zd:quiet", "desk", null, "open", "breached", null, since - TimeSpan.FromSeconds(1)));
        await AppendAsync(trail, "zd:quiet", since - TimeSpan.FromMinutes(5), AuditAction.SlaBreached, null, "{}");
        await index.UpsertAsync(new TicketIndexEntry("zd:audited", "desk", null, "open", "breached", null, since - TimeSpan.FromDays(1)));
        await AppendAsync(trail, "zd:audited", since, AuditAction.SlaBreached, null, "{}");
        await index.UpsertAsync(new TicketIndexEntry("zd:moved", "other", null, "open", "active", null, since - TimeSpan.FromDays(1)));
        await AppendAsync(trail, "zd:moved", since + TimeSpan.FromMinutes(1), AuditAction.OwnerChanged, """{"team":"desk","agent":null}""", """{"team":"other","agent":null}""");

        // Moved away before the day, but an escalation raised for the team earlier was acknowledged since: the
        // acknowledgement is the team's (the notice's team), so the ticket is read.
        await index.UpsertAsync(new TicketIndexEntry("zd:escalated", "other", null, "open", "breached", null, since - TimeSpan.FromDays(1)));
        await AppendAsync(trail, "zd:escalated", since - TimeSpan.FromDays(1), AuditAction.OwnerChanged, """{"team":"desk","agent":null}""", """{"team":"other","agent":null}""");
        await AppendAsync(trail, "zd:escalated", since + TimeSpan.FromMinutes(2), AuditAction.EscalationAcknowledged, null,
            """{"escalationId":"esc_1","level":1,"notice":{"id":"esc_1/L1/acknowledged","type":"escalation.acknowledged","team":"desk"}}""");

        var touched = await ledger.ListTouchedTicketsAsync("desk", since);

        Assert.Superset(new HashSet<string>(["zd:changed", "zd:audited", "zd:moved", "zd:escalated"]), touched.ToHashSet());
        Assert.DoesNotContain("zd:quiet", touched);
    }

    protected static async Task AppendAsync(IAuditTrail trail, string ticket, DateTimeOffset at, AuditAction action, string? before, string? after)
    {
        var head = await trail.ReadHeadAsync(ticket);
        await trail.AppendAsync([AuditChain.Next(ticket, head, new AuditFact(at, AuditActorKind.System, "sla-engine", ticket, action, before, after, null))]);
    }

    protected static DigestFact Fact(string id, string kind) =>
        new(id, kind, "desk", "2026-06-10", id[..id.IndexOf('/', StringComparison.Ordinal)], AsOf, null, "high");
}
