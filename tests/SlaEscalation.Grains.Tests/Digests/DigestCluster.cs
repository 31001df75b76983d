using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Streams;
using Orleans.TestingHost;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Digests;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Grains.Tests.Digests;

/// <summary>
/// One in-process silo with digests on: grains and reminders on a fake clock that starts at <see cref="Start"/>,
/// streams on real time (a fake clock would expire deliveries in flight), the in-memory ledger behind a
/// <see cref="LossyDigestLedger"/>, a <see cref="RecordingNotifier"/> and a <see cref="ListedDeliveryFailures"/>.
/// </summary>
public abstract class DigestCluster(DateTimeOffset start) : IAsyncLifetime
{
    private InProcessTestCluster cluster = null!;

    public DateTimeOffset Start { get; } = start;

    public FakeTimeProvider Time { get; } = new(start);

    public IClusterClient Client => cluster.Client;

    /// <summary>
    /// Advances the clock to <paramref name="instant"/> when it is later than now, once the silo's reminders wait for
    /// their ticks (<see cref="ReminderLoops"/>): a jump past a tick whose loop had not yet read the clock would move
    /// the tick to the reminder's next period, after the instant the test then waits at.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset instant)
    {
        await ReminderLoops.AllSettledAsync(cluster.Silos[0].SiloAddress, "the silo's reminders to wait for their ticks before the clock moves");
        var now = Time.GetUtcNow();
        if (instant > now)
        {
            Time.Advance(instant - now);
        }
    }

    public RecordingNotifier Notifier { get; } = new();

    public ListedDeliveryFailures Failures { get; } = new();

    public LossyDigestLedger Ledger => cluster.Silos[0].ServiceProvider.GetRequiredService<LossyDigestLedger>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage("Default");

            // As the silo stores state: the memory storage's default JSON cannot read a digest's state back.
            silo.Services.AddOptions<MemoryGrainStorageOptions>("Default")
                .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.AddSlaEventBus();
            silo.UseInMemoryReminderService();
            ReminderLoops.Watch();
            silo.Configure<ReminderOptions>(o =>
            {
                o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                o.ReminderLoadingWindow = TimeSpan.FromDays(30);
            });
            silo.Services.AddSingleton<TimeProvider>(Time);
            silo.Services.AddKeyedSingleton<TimeProvider>(ReminderTimeProviderNames.Reminders, Time);
            silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            silo.Services.AddKeyedSingleton(StreamingTimeProviderNames.Streaming, TimeProvider.System);
            silo.Services.AddKeyedSingleton(TimeProviderNames.Grains, TimeProvider.System);
            silo.Services.AddSingleton<ITicketIndex, InMemoryTicketIndex>();
            silo.Services.AddSingleton<IAuditTrail, InMemoryAuditTrail>();
            silo.Services.AddSlaConfiguration();
            silo.Services.AddSlaEscalations();
            silo.Services.AddSingleton<IEscalationIndex, InMemoryEscalationIndex>();
            silo.Services.AddSingleton<InMemoryDigestLedger>();
            silo.Services.AddSingleton<LossyDigestLedger>();
            silo.Services.AddSingleton<IDigestLedger>(sp => sp.GetRequiredService<LossyDigestLedger>());
            silo.Services.AddSingleton<INotifier>(Notifier);
            silo.Services.AddSingleton<IDeliveryFailureLog>(Failures);
            silo.AddSlaDigests();
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    /// <summary>Starts a recount of <paramref name="digest"/> and waits (at most 30 s) until it finished without error; returns the digest then.</summary>
    public static async Task<DigestReport> RecountAsync(IDigestAggregatorGrain digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var started = (await digest.StartReconcileAsync())!;
        var report = await Eventually.ValueAsync(
            digest.GetAsync,
            r => r.Reconcile is { FinishedAt: not null } status && status.StartedAt == started.StartedAt,
            TimeSpan.FromSeconds(30),
            $"the recount of {digest.GetPrimaryKeyString()}",
            pace: TimeSpan.FromMilliseconds(50));
        Assert.Null(report.Reconcile!.Error);
        return report;
    }

    /// <summary>
    /// Reads <paramref name="digest"/> until <paramref name="done"/> holds (at most 30 s), then once more a second
    /// later, when a repeat would show.
    /// </summary>
    public static async Task<DigestReport> SettledAsync(IDigestAggregatorGrain digest, Func<DigestReport, bool> done)
    {
        ArgumentNullException.ThrowIfNull(digest);
        await Eventually.ValueAsync(digest.GetAsync, done, TimeSpan.FromSeconds(30), $"the counts of {digest.GetPrimaryKeyString()}", pace: TimeSpan.FromMilliseconds(100));
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromSeconds(1));
        return await digest.GetAsync();
    }

    /// <summary>Replaces a configuration part; fails the test when it is refused.</summary>
    public async Task ConfigureAsync(ConfigurationPartKind part, string? id, string json)
    {
        var result = await Client.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value)
            .ReplaceAsync(new ConfigurationChangeRequest(part, id, json, "test", null));
        Assert.True(result.Outcome is ConfigurationChangeOutcome.Applied or ConfigurationChangeOutcome.Unchanged, string.Join("; ", result.Problems));

        // The silo's configuration cache asks the store at most once a second: wait until it serves this version.
        await cluster.Silos[0].ServiceProvider.GetRequiredService<ISlaConfigurationSource>().GetAsync(result.Version);
    }
}
