using SlaEscalation.Contracts.Audit;
using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Grains.Tests.Audit;

/// <summary>Anchors of chain heads, and chains checked against them, without a store.</summary>
public sealed class AuditAnchorTests
{
    private static readonly AuditAnchorKey Key = AuditAnchorKey.FromSecret(new string('k', 32));

    [Fact]
    public void An_append_anchors_each_chain_once_at_its_last_entry_each_anchor_naming_the_one_before()
    {
        var a = AuditChainBuilder.Chain("zendesk:1", 3);
        var b = AuditChainBuilder.Chain("zendesk:2", 2);
        var first = AuditAnchors.Extend(Key, null, a[..1]);

        var next = AuditAnchors.Extend(Key, first[0], [.. a[1..], .. b]);

        Assert.Equal(
            [(1L, "zendesk:1", 1L, a[0].Hash, (string?)null), (2L, "zendesk:1", 3L, a[2].Hash, first[0].Digest), (3L, "zendesk:2", 2L, b[1].Hash, next[0].Digest)],
            first.Concat(next).Select(x => (x.Sequence, x.ChainKey, x.ChainSequence, x.ChainHash, x.PreviousDigest)));
        Assert.All(first.Concat(next), x => Assert.Equal(AuditAnchors.Digest(Key, x), x.Digest));
    }

    /// <summary>
    /// Stored anchors are verified with this very encoding: a change to how the digest is computed must not move it.
    /// The value is what the incremental-hash implementation gave before the one-call hash replaced it.
    /// </summary>
    [Fact]
    public void The_digest_of_a_known_anchor_never_changes()
    {
        var anchor = new AuditAnchor(2, "zendesk:1042", 3, new string('a', 64), new string('b', 64), string.Empty);

        Assert.Equal("27c47b48b3921425414d2e521271ecf9bd8b3ce5eac8cb90619cb26b95cf8b99", AuditAnchors.Digest(Key, anchor));
    }

    [Fact]
    public void A_digest_depends_on_the_key_and_on_every_field()
    {
        var anchor = AuditAnchors.Extend(Key, null, AuditChainBuilder.Chain("zendesk:1", 2))[0];
        var other = AuditAnchorKey.FromSecret(new string('j', 32));

        Assert.Equal(7, new[]
        {
            anchor.Digest, AuditAnchors.Digest(other, anchor), AuditAnchors.Digest(Key, anchor with { Sequence = 2 }),
            AuditAnchors.Digest(Key, anchor with { ChainKey = "zendesk:2" }), AuditAnchors.Digest(Key, anchor with { ChainSequence = 1 }),
            AuditAnchors.Digest(Key, anchor with { ChainHash = new string('0', 64) }), AuditAnchors.Digest(Key, anchor with { PreviousDigest = new string('0', 64) }),
        }.Distinct().Count());
    }

    [Fact]
    public void A_key_shorter_than_32_characters_is_refused()
    {
        Assert.Throws<ArgumentException>(() => AuditAnchorKey.FromSecret(new string('k', 31)));
    }

    /// <summary>
    /// Chains zendesk:1 (4 entries, anchored at 4) and zendesk:2 (2 entries, anchored at 2), then each case stores
    /// something else; the expected break is the one a reader works out from the stored chains and their anchors.
    /// </summary>
    [Theory]
    [InlineData("intact", null, 0, null)]
    [InlineData("newest two of zendesk:1 deleted", "zendesk:1", 3, AuditBreakKind.Truncated)]
    [InlineData("zendesk:2 deleted", "zendesk:2", 1, AuditBreakKind.Deleted)]
    [InlineData("a fifth entry appended to zendesk:1 without the trail", "zendesk:1", 5, AuditBreakKind.Unanchored)]
    [InlineData("zendesk:1 rewritten from entry 3 with fresh hashes", "zendesk:1", 4, AuditBreakKind.Unanchored)]
    [InlineData("anchor 2 changed", AuditAnchors.ChainName, 2, AuditBreakKind.AnchorForged)]
    [InlineData("anchor 1 deleted", AuditAnchors.ChainName, 1, AuditBreakKind.Gap)]
    public void A_chain_is_checked_against_its_anchor(string stored, string? brokenChain, long firstBad, AuditBreakKind? kind)
    {
        var one = AuditChainBuilder.Chain("zendesk:1", 5);
        var two = AuditChainBuilder.Chain("zendesk:2", 2);
        var anchors = AuditAnchors.Extend(Key, null, [.. one[..4], .. two]).ToList();
        var rewritten = one[..2].Append(AuditChain.Next("zendesk:1", AuditChainHead.Of(one[1]), AuditChainBuilder.Fact(9))).ToList();
        rewritten.Add(AuditChain.Next("zendesk:1", AuditChainHead.Of(rewritten[^1]), AuditChainBuilder.Fact(10)));
        var (chains, storedAnchors) = stored switch
        {
            "newest two of zendesk:1 deleted" => (one[..2].Concat(two), anchors),
            "zendesk:2 deleted" => (one[..4], anchors),
            "a fifth entry appended to zendesk:1 without the trail" => (one.Concat(two), anchors),
            "zendesk:1 rewritten from entry 3 with fresh hashes" => (rewritten.Concat(two), anchors),
            "anchor 2 changed" => (one[..4].Concat(two), [anchors[0], anchors[1] with { ChainSequence = 1 }]),
            "anchor 1 deleted" => (one[..4].Concat(two), anchors[1..]),
            _ => (one[..4].Concat(two), anchors),
        };
        var anchorVerifier = new AuditAnchorVerifier(Key);
        storedAnchors.ForEach(anchorVerifier.Add);
        var verifier = new AuditChainVerifier(anchorVerifier);
        foreach (var entry in chains)
        {
            verifier.Add(entry);
        }

        var result = verifier.Complete();

        Assert.Equal(
            kind is null ? [] : [(brokenChain!, firstBad, kind.Value)],
            result.Broken.Select(b => (b.ChainKey, b.FirstBadSequence, b.Kind)));
    }

    [Fact]
    public void A_chain_without_an_anchor_verifies_and_is_counted_as_not_anchored()
    {
        var anchorVerifier = new AuditAnchorVerifier(Key);
        AuditAnchors.Extend(Key, null, AuditChainBuilder.Chain("zendesk:1", 2)).ToList().ForEach(anchorVerifier.Add);
        var verifier = new AuditChainVerifier(anchorVerifier);
        AuditChainBuilder.Chain("zendesk:1", 2).Concat(AuditChainBuilder.Chain("zendesk:0", 3)).OrderBy(e => e.ChainKey, StringComparer.Ordinal).ToList().ForEach(verifier.Add);

        var result = verifier.Complete();

        Assert.Equal((true, 1, 1L, 2, 5L), (result.IsIntact, result.UnanchoredChains, result.AnchorsChecked, result.ChainsChecked, result.EntriesChecked));
    }

    [Fact]
    public void Checking_one_chain_reports_only_that_chain_deleted()
    {
        var anchorVerifier = new AuditAnchorVerifier(Key);
        AuditAnchors.Extend(Key, null, [.. AuditChainBuilder.Chain("zendesk:1", 1), .. AuditChainBuilder.Chain("zendesk:2", 1)]).ToList().ForEach(anchorVerifier.Add);

        var result = new AuditChainVerifier(anchorVerifier).Complete("zendesk:2");

        Assert.Equal([("zendesk:2", AuditBreakKind.Deleted)], result.Broken.Select(b => (b.ChainKey, b.Kind)));
    }
}
