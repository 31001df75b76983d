using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Grains.Tests.Configuration;

/// <summary>
/// A change ends by asking SLA repair to start, and repair may be busy re-pricing tickets that read the configuration.
/// Reads must not queue behind that change: on a live cluster they did, and a repair page, the change and every
/// ticket's configuration read waited on each other until the call timed out, stalling ingest for half a minute.
/// Here repair's page is held open by a ticket index that answers only when the test lets it.
/// </summary>
public sealed class ConfigurationReadsDuringRepairTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly HeldTicketIndex index = new();
    private InProcessTestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(ConfigurationGrain.StorageName);
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<ITicketIndex>(index);
            silo.Services.AddSingleton<IAuditTrail>(new InMemoryAuditTrail());
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSlaConfiguration();
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        index.Release();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Reads_answer_the_committed_version_while_a_change_waits_for_a_busy_repair()
    {
        var store = cluster.Client.GetGrain<IConfigurationGrain>("held-repair");
        var first = await store.ReplaceAsync(Team("first"));
        Assert.Equal(ConfigurationChangeOutcome.Applied, first.Outcome);
        await index.Entered.WaitAsync(Bound);

        // Repair's page is held: the second change commits, then waits to ask repair for its version.
        var second = store.ReplaceAsync(Team("second"));
        var read = await Eventually.ValueAsync(
            () => store.GetAsync().WaitAsync(Bound), snapshot => snapshot.Version == first.Version + 1, Bound,
            "the second change to be readable while it waits for repair", snapshot => $"version {snapshot.Version}");

        Assert.False(second.IsCompleted, "the second change should still be waiting for the held repair page");
        Assert.Equal("second", read.ChangedBy);
        Assert.Equal(read.Version, (await store.GetNewerThanAsync(first.Version).WaitAsync(Bound))?.Version);
        Assert.NotNull((await store.GetPartAsync(ConfigurationPartKind.Team, "second").WaitAsync(Bound)).Json);
        Assert.Equal(read.Version, (await store.GetHistoryAsync(1, null).WaitAsync(Bound)).Changes[0].Version);

        index.Release();
        Assert.Equal((ConfigurationChangeOutcome.Applied, read.Version), ((await second.WaitAsync(Bound)).Outcome, (await second).Version));
    }

    private static ConfigurationChangeRequest Team(string id) => new(
        ConfigurationPartKind.Team, id,
        """{"members":["x"],"lead":"x","onCall":"x","zone":"UTC","digestHour":8,"unassignedLimit":"PT30M","assignment":"round_robin"}""",
        id, null);

    /// <summary>A ticket index whose open-ticket listing waits until <see cref="Release"/>.</summary>
    private sealed class HeldTicketIndex : ITicketIndex
    {
        private readonly InMemoryTicketIndex inner = new();
        private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when repair first lists open tickets.</summary>
        public Task Entered => entered.Task;

        public void Release() => released.TrySetResult();

        public async Task<IReadOnlyList<string>> ListOpenAsync(string? afterKey, int limit, CancellationToken cancellationToken = default)
        {
            entered.TrySetResult();
            await released.Task.WaitAsync(cancellationToken);
            return await inner.ListOpenAsync(afterKey, limit, cancellationToken);
        }

        public Task UpsertAsync(TicketIndexEntry entry, CancellationToken cancellationToken = default) => inner.UpsertAsync(entry, cancellationToken);

        public Task<IReadOnlyList<TicketIndexEntry>> ListAsync(string slaState, string? team, string? afterKey, int limit, CancellationToken cancellationToken = default) =>
            inner.ListAsync(slaState, team, afterKey, limit, cancellationToken);

        public Task<IReadOnlyList<string>> ListActiveSinceAsync(DateTimeOffset since, string? afterKey, int limit, CancellationToken cancellationToken = default) =>
            inner.ListActiveSinceAsync(since, afterKey, limit, cancellationToken);

        public Task<long> CountActiveSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default) => inner.CountActiveSinceAsync(since, cancellationToken);

        public Task<IReadOnlyList<string>> ListSolvedBeforeAsync(DateTimeOffset before, string? afterKey, int limit, CancellationToken cancellationToken = default) =>
            inner.ListSolvedBeforeAsync(before, afterKey, limit, cancellationToken);

        public Task RemoveSolvedAsync(string key, CancellationToken cancellationToken = default) => inner.RemoveSolvedAsync(key, cancellationToken);
    }
}
