using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Silo.Tests.Audit;

public sealed class InMemoryAuditTrailTests : AuditTrailContractTests
{
    [Fact]
    public async Task Each_append_anchors_each_chain_it_grows_once_and_a_retry_anchors_nothing()
    {
        var trail = new InMemoryAuditTrail(AuditAnchorKey.NewForRun());
        var one = Chain("zendesk:1", 3);
        await trail.AppendAsync(one[..2]);
        await trail.AppendAsync(one);
        await trail.AppendAsync(one[1..]);
        await trail.AppendAsync(Chain("zendesk:2", 2));

        var result = await trail.VerifyAsync();

        Assert.Equal((true, 3L, 0), (result.IsIntact, result.AnchorsChecked, result.UnanchoredChains));
        Assert.Equal((3L, "zendesk:2", 2L), (result.LatestAnchor!.Sequence, result.LatestAnchor.ChainKey, result.LatestAnchor.ChainSequence));
    }

    [Fact]
    public async Task Without_a_key_nothing_is_anchored_and_nothing_is_checked_against_anchors()
    {
        var trail = new InMemoryAuditTrail();
        await trail.AppendAsync(Chain("zendesk:1", 2));

        var result = await trail.VerifyAsync();

        Assert.Equal((true, 0L, (AuditAnchor?)null, 0), (result.IsIntact, result.AnchorsChecked, result.LatestAnchor, result.UnanchoredChains));
    }

    protected override Task<IAuditTrail> CreateAsync() => Task.FromResult<IAuditTrail>(new InMemoryAuditTrail(AuditAnchorKey.NewForRun()));
}
