using SlaEscalation.Testing;

namespace SlaEscalation.Silo.Tests.Adapters;

/// <summary>The Zendesk adapter on a durable silo: the same story gives the same ticket as CloudEvents on PostgreSQL.</summary>
public sealed class AdapterPostgresTests
{
    [Fact]
    public async Task A_zendesk_signed_story_gives_the_clocks_escalation_and_timeline_of_the_same_story_as_cloud_events_on_postgres()
    {
        var database = await (await PostgresServer.GetAsync()).CreateMigratedDatabaseAsync("adapters");
        await using var silo = await AdapterSiloFixture.StartAsync(database);

        await SameStory.AssertAsync(silo.Http, "801", "802");
    }
}
