using SlaEscalation.Contracts.Audit;
using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Silo.Tests.Audit;

/// <summary>What every <see cref="IAuditTrail"/> does, run against each implementation.</summary>
public abstract class AuditTrailContractTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

    protected abstract Task<IAuditTrail> CreateAsync();

    [Fact]
    public async Task Appended_entries_read_back_exactly_oldest_first_and_page_by_sequence()
    {
        var trail = await CreateAsync();
        var chain = Chain("zendesk:1", 5);
        await trail.AppendAsync(chain[..2]);
        await trail.AppendAsync(chain[2..]);

        Assert.Equal(chain, await trail.ReadChainAsync("zendesk:1", 0, 10));
        Assert.Equal(chain[2..4], await trail.ReadChainAsync("zendesk:1", 2, 2));
        Assert.Empty(await trail.ReadChainAsync("zendesk:1", 5, 10));
        Assert.Empty(await trail.ReadChainAsync("zendesk:2", 0, 10));
        Assert.Equal(AuditChainHead.Of(chain[^1]), await trail.ReadHeadAsync("zendesk:1"));
        Assert.Null(await trail.ReadHeadAsync("zendesk:2"));
    }

    [Fact]
    public async Task Re_appending_identical_entries_succeeds_and_stores_nothing_twice()
    {
        var trail = await CreateAsync();
        var chain = Chain("zendesk:1", 3);
        await trail.AppendAsync(chain[..2]);

        // A retry of a batch whose first part was stored before the answer was lost.
        await trail.AppendAsync(chain);
        await trail.AppendAsync(chain[1..2]);

        Assert.Equal(chain, await trail.ReadChainAsync("zendesk:1", 0, 10));
    }

    [Fact]
    public async Task A_different_entry_at_a_stored_sequence_fails_loudly_and_changes_nothing()
    {
        var trail = await CreateAsync();
        var chain = Chain("zendesk:1", 2);
        await trail.AppendAsync(chain);
        var fork = AuditChain.Next("zendesk:1", AuditChainHead.Of(chain[0]), Fact(99));

        var conflict = await Assert.ThrowsAsync<AuditConflictException>(() => trail.AppendAsync([fork]));

        Assert.Equal("audit chain zendesk:1 already holds a different entry at sequence 2", conflict.Message);
        Assert.Equal(chain, await trail.ReadChainAsync("zendesk:1", 0, 10));
    }

    [Fact]
    public async Task An_entry_that_would_leave_a_gap_or_fork_from_another_head_is_refused()
    {
        var trail = await CreateAsync();
        var chain = Chain("zendesk:1", 3);
        await trail.AppendAsync(chain[..1]);
        var otherHistory = Chain("zendesk:1", 2, offset: 50);

        await Assert.ThrowsAsync<AuditConflictException>(() => trail.AppendAsync(chain[2..]));
        await Assert.ThrowsAsync<AuditConflictException>(() => trail.AppendAsync([.. otherHistory[1..]]));

        Assert.Equal(chain[..1], await trail.ReadChainAsync("zendesk:1", 0, 10));
    }

    [Fact]
    public async Task Entries_that_are_not_a_writer_s_chain_are_refused_before_anything_is_stored()
    {
        var trail = await CreateAsync();
        var chain = Chain("zendesk:1", 2);

        await Assert.ThrowsAsync<ArgumentException>(() => trail.AppendAsync([chain[0] with { Actor = "mallory" }]));
        var overlong = chain[0] with { Actor = new string('m', AuditChain.MaxActorLength + 1) };
        await Assert.ThrowsAsync<ArgumentException>(() => trail.AppendAsync([overlong with { Hash = AuditHash.Compute(overlong) }]));
        await Assert.ThrowsAsync<ArgumentException>(() => trail.AppendAsync([chain[1], chain[0]]));

        Assert.Null(await trail.ReadHeadAsync("zendesk:1"));
    }

    [Fact]
    public async Task An_entry_made_from_an_overlong_actor_and_a_nul_is_stored_and_the_entries_behind_it_follow()
    {
        var trail = await CreateAsync();
        var writer = new AuditChainState();
        var odd = writer.Record("zendesk:1", Fact(1) with { TicketKey = "zendesk:1", Actor = new string('a', 500), CausedBy = "evt\0-1" });
        await writer.FlushAsync(trail);
        var next = writer.Record("zendesk:1", Fact(2) with { TicketKey = "zendesk:1" });
        await writer.FlushAsync(trail);

        Assert.Empty(writer.Pending);
        Assert.Equal((new string('a', 199) + "\u2026", "evt\uFFFD-1"), (odd.Actor, odd.CausedBy));
        Assert.Equal(new[] { odd, next }, await trail.ReadChainAsync("zendesk:1", 0, 10));
        var verified = await trail.VerifyAsync("zendesk:1");
        Assert.Equal((2L, 0), (verified.EntriesChecked, verified.Broken.Count));
    }

    [Fact]
    public async Task Queries_filter_by_ticket_time_actor_and_action_and_page_by_key_across_chains()
    {
        var trail = await CreateAsync();
        var a = Chain("zendesk:1", 3);
        var b = Chain("zendesk:2", 3);
        var config = AuditChain.Next(AuditChains.Configuration, null, new AuditFact(
            Start.AddMinutes(2), AuditActorKind.User, "ops", null, AuditAction.ConfigChanged, null, "{}", "config-v1/calendar/ny"));
        await trail.AppendAsync(a);
        await trail.AppendAsync(b);
        await trail.AppendAsync([config]);

        // Same minute in both ticket chains: the chain key orders them, then the sequence.
        var everything = new[] { a[0], b[0], config, a[1], b[1], a[2], b[2] };
        Assert.Equal(everything, await AllPagesAsync(trail, new AuditQuery(Limit: 2)));
        Assert.Equal(everything, (await trail.QueryAsync(new AuditQuery(Limit: 7))).Entries);
        Assert.Null((await trail.QueryAsync(new AuditQuery(Limit: 7))).Next);
        Assert.Equal(new[] { b[0], b[1], b[2] }, (await trail.QueryAsync(new AuditQuery(TicketKey: "zendesk:2"))).Entries);
        Assert.Equal(new[] { config, a[1], b[1] }, (await trail.QueryAsync(new AuditQuery(From: Start.AddMinutes(2), To: Start.AddMinutes(3)))).Entries);
        Assert.Equal(new[] { config }, (await trail.QueryAsync(new AuditQuery(Actor: "ops"))).Entries);
        Assert.Equal(new[] { config }, (await trail.QueryAsync(new AuditQuery(Action: AuditAction.ConfigChanged))).Entries);
        Assert.Equal(new[] { a[2] }, (await trail.QueryAsync(new AuditQuery(TicketKey: "zendesk:1", Action: AuditAction.OwnerChanged, From: Start.AddMinutes(3)))).Entries);
        Assert.Empty((await trail.QueryAsync(new AuditQuery(Actor: "nobody"))).Entries);
    }

    [Fact]
    public async Task Verify_reports_intact_chains_and_checks_one_chain_alone()
    {
        var trail = await CreateAsync();
        await trail.AppendAsync(Chain("zendesk:1", 3));
        await trail.AppendAsync(Chain("zendesk:2", 2));

        var all = await trail.VerifyAsync();
        var one = await trail.VerifyAsync("zendesk:2");

        Assert.Equal((2, 5L, 0), (all.ChainsChecked, all.EntriesChecked, all.Broken.Count));
        Assert.Equal((1, 2L, 0), (one.ChainsChecked, one.EntriesChecked, one.Broken.Count));
    }

    protected static AuditEntry[] Chain(string chainKey, int count, int offset = 0)
    {
        var entries = new List<AuditEntry>();
        for (var n = 1; n <= count; n++)
        {
            entries.Add(AuditChain.Next(chainKey, entries.Count == 0 ? null : AuditChainHead.Of(entries[^1]), Fact(n + offset) with { TicketKey = chainKey }));
        }

        return [.. entries];
    }

    protected static AuditFact Fact(int n) => new(
        Start.AddMinutes(n).AddTicks(7), AuditActorKind.System, "sla-engine", null, AuditAction.OwnerChanged,
        $$"""{"team": "t{{n}}"}""", $$"""{"team":"t{{n + 1}}", "agent": null}""", $"evt-{n}");

    private static async Task<List<AuditEntry>> AllPagesAsync(IAuditTrail trail, AuditQuery query)
    {
        var entries = new List<AuditEntry>();
        for (var page = await trail.QueryAsync(query); ; page = await trail.QueryAsync(query with { After = AuditCursor.FromToken(page.Next!.ToToken()) }))
        {
            entries.AddRange(page.Entries);
            if (page.Next is null)
            {
                return entries;
            }
        }
    }
}
