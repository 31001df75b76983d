using SlaEscalation.Contracts.Audit;
using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Grains.Tests.Audit;

public sealed class AuditHashTests
{
    private static readonly AuditEntry Entry = AuditChainBuilder.Chain("zendesk:1042", 1)[0];

    /// <summary>
    /// The expected hash was computed apart from this code, from the encoding AuditHash documents (Python: tag, then
    /// per field 0x00 for null or 0x01 + 4-byte big-endian UTF-8 length + bytes), so code and documentation agree.
    /// </summary>
    [Fact]
    public void The_hash_of_a_known_entry_is_the_documented_encoding_and_never_changes()
    {
        Assert.Equal("zendesk:1042", Entry.ChainKey);
        Assert.Equal(1, Entry.Sequence);
        Assert.Null(Entry.PreviousHash);
        Assert.Equal("93c457447d2643c809bc080513c3063569f5f03c249e556b9cb0108db562431b", Entry.Hash);
    }

    /// <summary>
    /// The same entry on behalf of carol, computed apart from this code: tag <c>sla-audit/v2</c> and the name encoded
    /// after the actor. The entry without it keeps the v1 hash above, so entries written before still verify.
    /// </summary>
    [Fact]
    public void Text_that_is_not_valid_utf16_is_refused_rather_than_replaced() =>
        Assert.ThrowsAny<ArgumentException>(() => AuditHash.Compute(Entry with { After = "{\"note\":\"\ud800\"}" }));

    [Fact]
    public void An_entry_on_behalf_of_someone_is_hashed_as_v2_with_the_name_after_the_actor()
    {
        var onBehalf = Entry with { OnBehalfOf = "carol" };

        Assert.Equal("3c12e157c09035a25b0adb299f6014d8649881ff5ee38ab3686cd4b93e7e380b", AuditHash.Compute(onBehalf));
        Assert.False(AuditHash.IsIntact(onBehalf with { Hash = AuditHash.Compute(onBehalf), OnBehalfOf = null }));
        Assert.NotEqual(AuditHash.Compute(Entry with { Actor = "ab", OnBehalfOf = "c" }), AuditHash.Compute(Entry with { Actor = "a", OnBehalfOf = "bc" }));
    }

    [Fact]
    public void Next_keeps_the_on_behalf_of_name_beside_the_actor_cut_like_the_actor()
    {
        var fact = AuditChainBuilder.Fact(1) with { Actor = "ops-key", OnBehalfOf = new string('c', 250) };

        var entry = AuditChain.Next("zendesk:1042", null, fact);

        Assert.Equal(("ops-key", new string('c', 199) + "\u2026"), (entry.Actor, entry.OnBehalfOf));
        Assert.True(AuditHash.IsIntact(entry));
    }

    [Theory]
    [InlineData("carol", "ops-key", "carol")]
    [InlineData("ops-key", "ops-key", null)]
    [InlineData("OPS-KEY", "ops-key", "OPS-KEY")]
    public void A_commands_by_is_kept_beside_the_actor_only_when_it_names_someone_else(string by, string actor, string? onBehalfOf)
    {
        Assert.Equal(onBehalfOf, AuditFact.OnBehalfOfFor(by, actor));
    }

    [Fact]
    public void Every_action_has_a_wire_name_that_reads_back_and_a_hash_of_its_own()
    {
        var actions = Enum.GetValues<AuditAction>();

        Assert.All(actions, a => Assert.True(AuditWireNames.TryParseAction(AuditWireNames.Of(a), out var read) && read == a, a.ToString()));
        Assert.Equal(actions.Length, actions.Select(a => AuditHash.Compute(Entry with { Action = a })).Distinct().Count());
        Assert.Equal("escalation_resolved", AuditWireNames.Of(AuditAction.EscalationResolved));
    }

    [Fact]
    public void Moving_characters_between_adjacent_fields_changes_the_hash()
    {
        var split1 = Entry with { Actor = "ab", TicketKey = "c" };
        var split2 = Entry with { Actor = "a", TicketKey = "bc" };
        var split3 = Entry with { Before = "ab", After = "c" };
        var split4 = Entry with { Before = "a", After = "bc" };

        Assert.NotEqual(AuditHash.Compute(split1), AuditHash.Compute(split2));
        Assert.NotEqual(AuditHash.Compute(split3), AuditHash.Compute(split4));
    }

    [Fact]
    public void A_null_field_and_an_empty_one_hash_differently()
    {
        Assert.NotEqual(AuditHash.Compute(Entry with { CausedBy = null }), AuditHash.Compute(Entry with { CausedBy = string.Empty }));
        Assert.NotEqual(AuditHash.Compute(Entry with { Before = null, After = "x" }), AuditHash.Compute(Entry with { Before = "x", After = null }));
    }

    [Fact]
    public void The_stored_hash_itself_is_not_part_of_what_is_hashed()
    {
        Assert.Equal(Entry.Hash, AuditHash.Compute(Entry with { Hash = "anything" }));
    }

    [Fact]
    public void Text_that_is_not_valid_UTF16_is_refused_rather_than_hashed_like_its_replacement()
    {
        Assert.ThrowsAny<ArgumentException>(() => AuditHash.Compute(Entry with { Actor = "a\uD800" }));
    }

    [Fact]
    public void Next_cuts_the_time_to_microseconds_in_UTC_and_links_to_the_head()
    {
        var head = new AuditChainHead(41, new string('a', 64));
        var fact = AuditChainBuilder.Fact(1) with { At = new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567) };

        var next = AuditChain.Next("zendesk:1042", head, fact);

        Assert.Equal(42, next.Sequence);
        Assert.Equal(head.Hash, next.PreviousHash);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), next.At);
        Assert.Equal(TimeSpan.Zero, next.At.Offset);
        Assert.True(AuditHash.IsIntact(next));
    }
}
