using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Grains.Tests.Configuration;

/// <summary>
/// One in-process silo with memory storage and a fake clock for the grains (the runtime's own loops stay on real
/// time), shared by the configuration tests. Tests use grain keys of their own so they do not see each other.
/// </summary>
public sealed class ConfigurationCluster : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private InProcessTestCluster cluster = null!;

    public FakeTimeProvider Time { get; } = new(Start);

    public IGrainFactory Grains => cluster.Client;

    /// <summary>The audit trail the silo appends to (configuration changes land in its <c>config</c> chain).</summary>
    public InMemoryAuditTrail Audit { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(ConfigurationGrain.StorageName);

            // What SLA repair, which every accepted change starts, needs.
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton<ITicketIndex, InMemoryTicketIndex>();
            silo.Services.AddSingleton<IAuditTrail>(Audit);
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddSlaConfiguration();
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();
}
