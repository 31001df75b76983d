using SlaEscalation.Contracts.Audit;
using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Grains.Tests.Audit;

public sealed class AuditChainVerifierTests
{
    public static TheoryData<string> Fields => new()
    {
        "At", "ActorKind", "Actor", "TicketKey", "Action", "Before", "After", "CausedBy", "PreviousHash",
    };

    [Fact]
    public void Intact_chains_verify_and_are_counted()
    {
        var result = Verify([.. AuditChainBuilder.Chain("a:1", 3), .. AuditChainBuilder.Chain("b:2", 2)]);

        Assert.Equal(new AuditVerification(2, 5, []).ToString(), result.ToString());
        Assert.True(result.IsIntact);
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_any_field_of_an_entry_breaks_its_chain_at_that_entry(string field)
    {
        var chain = AuditChainBuilder.Chain("a:1", 4);
        chain[2] = Tamper(chain[2], field);

        var result = Verify(chain);

        var broken = Assert.Single(result.Broken);
        Assert.Equal(("a:1", 3L, AuditBreakKind.HashMismatch), (broken.ChainKey, broken.FirstBadSequence, broken.Kind));
    }

    [Fact]
    public void Changing_an_entry_and_recomputing_its_hash_breaks_the_link_of_the_next_one()
    {
        var chain = AuditChainBuilder.Chain("a:1", 4);
        var edited = chain[1] with { After = """{"team":"forged"}""" };
        chain[1] = edited with { Hash = AuditHash.Compute(edited) };

        var broken = Assert.Single(Verify(chain).Broken);

        Assert.Equal((3L, AuditBreakKind.BrokenLink), (broken.FirstBadSequence, broken.Kind));
    }

    [Fact]
    public void Deleting_an_entry_in_the_middle_is_a_gap_at_the_missing_sequence()
    {
        var chain = AuditChainBuilder.Chain("a:1", 5);
        chain.RemoveAt(2);

        var broken = Assert.Single(Verify(chain).Broken);

        Assert.Equal((3L, AuditBreakKind.Gap, "sequence 3 is missing: the next entry stored is 4"), (broken.FirstBadSequence, broken.Kind, broken.Detail));
    }

    [Fact]
    public void Deleting_the_first_entry_is_a_gap_at_1()
    {
        var chain = AuditChainBuilder.Chain("a:1", 3);
        chain.RemoveAt(0);

        var broken = Assert.Single(Verify(chain).Broken);

        Assert.Equal((1L, AuditBreakKind.Gap), (broken.FirstBadSequence, broken.Kind));
    }

    [Fact]
    public void Swapping_the_places_of_two_entries_is_detected_at_the_first_of_them()
    {
        var chain = AuditChainBuilder.Chain("a:1", 4);
        var (second, third) = (chain[1], chain[2]);
        chain[1] = third with { Sequence = 2 };
        chain[2] = second with { Sequence = 3 };

        var broken = Assert.Single(Verify(chain).Broken);

        Assert.Equal((2L, AuditBreakKind.HashMismatch), (broken.FirstBadSequence, broken.Kind));
    }

    [Fact]
    public void Moving_an_entry_to_the_end_of_another_chain_breaks_both_chains()
    {
        var source = AuditChainBuilder.Chain("a:1", 4);
        var target = AuditChainBuilder.Chain("b:2", 2);
        target.Add(source[2] with { ChainKey = "b:2" });
        source.RemoveAt(2);

        var result = Verify([.. source, .. target]);

        Assert.Equal(
            [("a:1", 3L, AuditBreakKind.Gap), ("b:2", 3L, AuditBreakKind.HashMismatch)],
            result.Broken.Select(b => (b.ChainKey, b.FirstBadSequence, b.Kind)));
    }

    [Fact]
    public void Every_broken_chain_is_reported_once_with_its_first_bad_sequence()
    {
        var first = AuditChainBuilder.Chain("a:1", 4);
        first[1] = first[1] with { Actor = "mallory" };
        first[3] = first[3] with { Actor = "mallory" };
        var intact = AuditChainBuilder.Chain("b:2", 2);
        var third = AuditChainBuilder.Chain("c:3", 3);
        third.RemoveAt(1);

        var result = Verify([.. first, .. intact, .. third]);

        Assert.Equal(
            [("a:1", 2L, AuditBreakKind.HashMismatch), ("c:3", 2L, AuditBreakKind.Gap)],
            result.Broken.Select(b => (b.ChainKey, b.FirstBadSequence, b.Kind)));
        Assert.Equal((3, 8L), (result.ChainsChecked, result.EntriesChecked));
    }

    [Fact]
    public void An_unreadable_entry_breaks_its_chain()
    {
        var chain = AuditChainBuilder.Chain("a:1", 3);
        var verifier = new AuditChainVerifier();
        verifier.Add(chain[0]);
        verifier.AddUnreadable("a:1", 2, chain[1].Hash, "unknown action 'deleted'");
        verifier.Add(chain[2]);

        var broken = Assert.Single(verifier.Complete().Broken);

        Assert.Equal((2L, AuditBreakKind.HashMismatch), (broken.FirstBadSequence, broken.Kind));
        Assert.Contains("unknown action 'deleted'", broken.Detail, StringComparison.Ordinal);
    }

    private static AuditVerification Verify(IEnumerable<AuditEntry> entries)
    {
        var verifier = new AuditChainVerifier();
        foreach (var entry in entries)
        {
            verifier.Add(entry);
        }

        return verifier.Complete();
    }

    private static AuditEntry Tamper(AuditEntry entry, string field) => field switch
    {
        "At" => entry with { At = entry.At.AddTicks(10) },
        "ActorKind" => entry with { ActorKind = AuditActorKind.User },
        "Actor" => entry with { Actor = "mallory" },
        "TicketKey" => entry with { TicketKey = null },
        "Action" => entry with { Action = AuditAction.SlaAchieved },
        "Before" => entry with { Before = """{"team":"x"}""" },
        "After" => entry with { After = null },
        "CausedBy" => entry with { CausedBy = "evt-forged" },
        "PreviousHash" => entry with { PreviousHash = new string('0', 64) },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };
}
