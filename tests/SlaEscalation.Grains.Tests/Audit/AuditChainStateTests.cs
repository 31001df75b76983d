using SlaEscalation.Contracts.Audit;
using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Grains.Tests.Audit;

public sealed class AuditChainStateTests
{
    [Fact]
    public async Task Entries_recorded_while_the_trail_is_down_stay_pending_and_are_appended_in_order_by_the_next_flush()
    {
        var trail = new FailingOnceTrail();
        var state = new AuditChainState();
        var first = state.Record("zendesk:1042", AuditChainBuilder.Fact(1));

        await Assert.ThrowsAsync<TimeoutException>(() => state.FlushAsync(trail));
        var second = state.Record("zendesk:1042", AuditChainBuilder.Fact(2));
        await state.FlushAsync(trail);

        Assert.Empty(state.Pending);
        Assert.Equal(new AuditChainHead(2, second.Hash), state.Head);
        Assert.Equal([first, second], await trail.Inner.ReadChainAsync("zendesk:1042", 0, 10));
    }

    [Fact]
    public async Task Flushing_again_what_the_trail_already_holds_changes_nothing()
    {
        var trail = new InMemoryAuditTrail();
        var state = new AuditChainState();
        var entry = state.Record("zendesk:1042", AuditChainBuilder.Fact(1));
        await state.FlushAsync(trail);

        // A crash after the append but before the emptied outbox was written: the stored state still holds it.
        state.Pending.Add(entry);
        await state.FlushAsync(trail);

        Assert.Equal([entry], await trail.ReadChainAsync("zendesk:1042", 0, 10));
    }

    [Fact]
    public void An_entry_keeps_only_text_a_trail_can_store_and_hashes_what_it_keeps()
    {
        var state = new AuditChainState();
        var emoji = char.ConvertFromUtf32(0x1F600);
        var cut = state.Record("zendesk:1042", AuditChainBuilder.Fact(1) with { Actor = new string('a', 198) + emoji + "bbb" });
        var pairAtTheEnd = state.Record("zendesk:1042", AuditChainBuilder.Fact(2) with { Actor = new string('a', 199) + emoji });
        var odd = state.Record("zendesk:1042", AuditChainBuilder.Fact(3) with { Actor = "bob\0", Before = "{\"x\":\"\ud800\"}", After = null });

        Assert.Equal(new string('a', 198) + "\u2026", cut.Actor);
        Assert.Equal(new string('a', 199) + "\u2026", pairAtTheEnd.Actor);
        Assert.Equal(("bob\uFFFD", "{\"x\":\"\uFFFD\"}", (string?)null), (odd.Actor, odd.Before, odd.After));
        Assert.All([cut, pairAtTheEnd, odd], e => Assert.True(AuditHash.IsIntact(e)));
        Assert.Equal(AuditChainBuilder.Fact(1).Before, cut.Before);
    }

    /// <summary>A trail that is unavailable for its first append.</summary>
    private sealed class FailingOnceTrail : IAuditTrail
    {
        private bool failed;

        public InMemoryAuditTrail Inner { get; } = new();

        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
        {
            if (!failed)
            {
                failed = true;
                throw new TimeoutException("the database is down");
            }

            return Inner.AppendAsync(entries, cancellationToken);
        }

        public Task<AuditChainHead?> ReadHeadAsync(string chainKey, CancellationToken cancellationToken = default) =>
            Inner.ReadHeadAsync(chainKey, cancellationToken);

        public Task<IReadOnlyList<AuditEntry>> ReadChainAsync(string chainKey, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
            Inner.ReadChainAsync(chainKey, afterSequence, limit, cancellationToken);

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
            Inner.QueryAsync(query, cancellationToken);

        public Task<AuditVerification> VerifyAsync(string? chainKey = null, CancellationToken cancellationToken = default) =>
            Inner.VerifyAsync(chainKey, cancellationToken);
    }
}
