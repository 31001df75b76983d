using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Tests.Configuration;

namespace SlaEscalation.Grains.Tests.Audit;

/// <summary>Configuration changes reach the <c>config</c> audit chain through its single-writer grain.</summary>
[Collection(ConfigurationCollection.Name)]
public sealed class ConfigurationAuditTests(ConfigurationCluster cluster)
{
    private const string Berlin = """{"zone":"Europe/Berlin","windows":{"mon-fri":[["08:00","18:00"]]}}""";
    private const string Tokyo = """{"zone":"Asia/Tokyo","windows":{"mon-fri":[["09:00","18:00"]]}}""";

    [Fact]
    public async Task Each_committed_change_appends_config_changed_with_actor_part_json_and_version_and_a_refused_one_appends_nothing()
    {
        var store = cluster.Grains.GetGrain<IConfigurationGrain>("audited-configuration");
        await store.ReplaceAsync(new ConfigurationChangeRequest(ConfigurationPartKind.Calendar, "berlin", Berlin, "audit-alice", null));
        await store.ReplaceAsync(new ConfigurationChangeRequest(ConfigurationPartKind.Calendar, "berlin", Tokyo, "audit-alice", null));
        await store.ReplaceAsync(new ConfigurationChangeRequest(ConfigurationPartKind.Policies, null, "[{\"id\":1}]", "audit-alice", null));

        var entries = (await cluster.Audit.QueryAsync(new AuditQuery(Actor: "audit-alice"))).Entries;

        Assert.Equal(
            [
                (AuditActorKind.User, (string?)null, AuditAction.ConfigChanged, (string?)null, (string?)Berlin, (string?)"config-v1/calendar/berlin"),
                (AuditActorKind.User, null, AuditAction.ConfigChanged, Berlin, Tokyo, "config-v2/calendar/berlin"),
            ],
            entries.Select(e => (e.ActorKind, e.TicketKey, e.Action, e.Before, e.After, e.CausedBy)));
        Assert.All(entries, e => Assert.Equal((AuditChains.Configuration, ConfigurationCluster.Start), (e.ChainKey, e.At)));
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.True((await cluster.Audit.VerifyAsync(AuditChains.Configuration)).IsIntact);
    }

    [Fact]
    public async Task The_chain_grain_links_each_entry_to_the_one_before_and_refuses_a_ticket_s_chain()
    {
        var chain = cluster.Grains.GetGrain<IAuditChainGrain>("chain-grain-test");
        var fact = new AuditFact(ConfigurationCluster.Start, AuditActorKind.System, "test", null, AuditAction.EventRejected, null, "{}", null);

        var first = await chain.AppendAsync(fact);
        var second = await chain.AppendAsync(fact with { CausedBy = "evt-2" });

        Assert.Equal((1L, (string?)null), (first.Sequence, first.PreviousHash));
        Assert.Equal((2L, first.Hash, "evt-2"), (second.Sequence, second.PreviousHash, second.CausedBy));
        Assert.Equal([first, second], await cluster.Audit.ReadChainAsync("chain-grain-test", 0, 10));
        await Assert.ThrowsAnyAsync<Exception>(() => cluster.Grains.GetGrain<IAuditChainGrain>("zendesk:1").AppendAsync(fact));
        Assert.Null(await cluster.Audit.ReadHeadAsync("zendesk:1"));
    }
}
