using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using SlaEscalation.Silo.Database;
using SlaEscalation.Grains;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Operations;

namespace SlaEscalation.Silo.Hosting;

/// <summary>How the silo is wired for each <see cref="StorageMode"/>.</summary>
public static class OrleansSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql; every provider needs it (storage defaults to SQL Server).</summary>
    public const string NpgsqlInvariant = "Npgsql";

    /// <summary>The grain storage the SLA grains use.</summary>
    public const string GrainStorageName = "Default";

    /// <summary>
    /// Orleans' ADO.NET grain storage (table <c>OrleansStorage</c>), kept only to read state written before schema
    /// 0009 moved grain state to <see cref="PostgresGrainStorage"/>.
    /// </summary>
    public const string LegacyGrainStorageName = "AdoNetBefore0009";

    /// <summary>The internal event bus (Orleans stream provider).</summary>
    public const string EventBusName = EventBus.ProviderName;

    /// <summary>
    /// Shortest reminder period the silo accepts. Missed reminder ticks are skipped, not replayed, so a short
    /// period bounds how late a clock fires after its silo dies; Orleans' default minimum is a minute.
    /// </summary>
    public static readonly TimeSpan MinimumReminderPeriod = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often the reminder service reads its range of the reminder table (Orleans' default: 5 minutes). Each read
    /// starts timers for every clock that has come within <see cref="ReminderLoadingWindow"/>: at 200 deadlines a
    /// second, a five-minute refresh started 60,000 timers in one burst, and the collection that promoted them held
    /// the deadlines due behind it. A refresh every minute starts a fifth as many at a time.
    /// </summary>
    public static readonly TimeSpan ReminderRefreshPeriod = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How far ahead of its next tick a reminder gets a timer (Orleans' default: 10 minutes; at least the refresh
    /// period). A clock further out stays in the table until a refresh brings it within the window, so a database
    /// unreachable for longer than the window delays clocks due after it; the ticket could not record its transition
    /// then anyway.
    /// </summary>
    public static readonly TimeSpan ReminderLoadingWindow = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Share of the memory the silo may use (its container's limit, or the machine's) above which idle activations
    /// are deactivated ahead of their two minutes, oldest first, down to <see cref="MemoryShedTargetPercent"/>. A
    /// ticket's clocks live in its reminder and its state, so an early deactivation costs a read the next time the
    /// ticket is touched; running out of memory under a burst of new tickets would cost the silo.
    /// </summary>
    public const int MemoryShedLimitPercent = 80;

    /// <summary>Where deactivating on memory pressure stops (see <see cref="MemoryShedLimitPercent"/>).</summary>
    public const int MemoryShedTargetPercent = 70;

    /// <summary>
    /// How often idle activations are collected. The collector deactivates everything it finds idle in one burst:
    /// at Orleans' default of a minute, a silo taking 200 new tickets a second deactivated some 12,000 tickets and
    /// their followers at once, the thread pool's queue reached 24,000 items, and deadlines due behind it fired up to
    /// a second late. Every few seconds the same work comes in bursts a tenth of the size.
    /// </summary>
    public static readonly TimeSpan CollectionQuantum = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many grains' addresses the silo's directory cache keeps (Orleans' default: a million). Every ticket and
    /// follower the silo touched took an entry, about 215 bytes each, kept long after the activation was gone;
    /// tickets touched again soon are in the cache, and a ticket touched after longer needs its state read anyway.
    /// </summary>
    public const int DirectoryCacheSize = 100_000;

    /// <summary>Configures clustering, storage, reminders and streams for the chosen mode.</summary>
    public static ISiloBuilder AddSlaCluster(this ISiloBuilder silo, SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = settings.SiloName);
        silo.Configure<ReminderOptions>(o =>
        {
            o.MinimumReminderPeriod = MinimumReminderPeriod;
            o.RefreshReminderListPeriod = ReminderRefreshPeriod;
            o.ReminderLoadingWindow = ReminderLoadingWindow;
        });

        // A database error in a grain on another silo crosses the wire inside the call's failure. Orleans serializes
        // only exceptions of known namespaces; without Npgsql's the reply fails to serialize and the gateway sees a
        // CodecNotFoundException (a 500) instead of the NpgsqlException it answers 503 for.
        silo.Services.Configure<Orleans.Serialization.ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("Npgsql"));
        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = DirectoryCacheSize);
        silo.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionQuantum = CollectionQuantum;
            o.EnableActivationSheddingOnMemoryPressure = true;
            o.MemoryUsageLimitPercentage = MemoryShedLimitPercent;
            o.MemoryUsageTargetPercentage = MemoryShedTargetPercent;
        });
        silo.Services.AddSlaOperations();
        silo.Services.AddSlaConfiguration();
        silo.Services.AddSlaEscalations();

        return settings.Mode switch
        {
            StorageMode.Durable => silo.AddDurableProviders(settings, ForProviders(settings.PostgresConnectionString!)),
            _ => silo.AddEmbeddedProviders(settings),
        };
    }

    private static ISiloBuilder AddEmbeddedProviders(this ISiloBuilder silo, SiloSettings settings)
    {
        silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, null, settings.ServiceId, settings.ClusterId);
        silo.AddMemoryGrainStorage(GrainStorageName);
        silo.AddMemoryGrainStorage("PubSubStore");

        // Orleans' own serializer, as the durable storage writes state, not the memory storage's default JSON: that
        // one reads back only the types it has names for, and a state holding a collection of a compiler-made type
        // (a collection expression's list) was written, then refused on every read: the grain never loaded again.
        silo.Services.AddOptions<MemoryGrainStorageOptions>(GrainStorageName)
            .Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        silo.UseInMemoryReminderService();
        silo.AddSlaEventBus();
        return silo;
    }

    /// <summary>
    /// The connection string the Orleans providers and the silo's own writers use. They keep no session state, so a
    /// pooled connection need not be reset (<c>DISCARD ALL</c>) each time it is returned: one statement less per
    /// storage, reminder or membership operation. Their statements are few and repeated for ever, so each is
    /// prepared on a connection the second time it runs there, and PostgreSQL no longer parses and plans it each
    /// time (parsing and planning led PostgreSQL's CPU profile under ingest). Each pool (the providers share one, the
    /// silo's data source has its own) keeps at most <see cref="MaxPoolSize"/> connections unless the connection
    /// string says otherwise.
    /// </summary>
    public static string ForProviders(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, MaxAutoPrepare = 32, AutoPrepareMinUsages = 2 };
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal) is var key
            && (key.Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase) || key.Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase))))
        {
            builder.MaxPoolSize = MaxPoolSize;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Connections a pool keeps at most. Npgsql's default of 100 let a burst of new tickets (each registering its
    /// reminder) open 100 connections for reminders alone: more than PostgreSQL's default <c>max_connections</c> with
    /// the silo's other pool beside it, so ingest failed with "too many clients"; and a hundred backends cost
    /// PostgreSQL more CPU than a few busy ones. Group commit needs about ten; the rest wait their turn.
    /// </summary>
    public const int MaxPoolSize = 24;

    /// <summary>
    /// How often a silo writes its heartbeat to the membership table. A silo joining the cluster must reach every
    /// member the table calls active, and a killed silo's row only stops counting once it has missed three
    /// heartbeats: at Orleans' default of 30 s, a restart after a crash waited about 100 s. One small UPDATE per silo
    /// every 10 s, with two missed heartbeats making a row stale, brings that under a minute.
    /// </summary>
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(10);

    /// <summary>Missed heartbeats after which a silo's row no longer counts for a joining silo.</summary>
    public const int MissedHeartbeatsLimit = 2;

    private static ISiloBuilder AddDurableProviders(this ISiloBuilder silo, SiloSettings settings, string connectionString)
    {
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.IAmAliveTablePublishTimeout = HeartbeatPeriod;
            o.NumMissedTableIAmAliveLimit = MissedHeartbeatsLimit;
        });
        // Listen on the one address peers reach (the pod IP on Kubernetes), not every interface: the silo port is
        // unauthenticated unless TLS is configured, so it stays off networks no peer uses.
        silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = NpgsqlInvariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddGrainStorage(GrainStorageName, (services, _) => new PostgresGrainStorage(
            services.GetRequiredService<NpgsqlDataSource>(),
            settings.ServiceId,
            services.GetRequiredService<Serializer>(),
            services.GetRequiredKeyedService<IGrainStorage>(LegacyGrainStorageName)));
        silo.AddAdoNetGrainStorage(LegacyGrainStorageName, o =>
        {
            o.Invariant = NpgsqlInvariant;
            o.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorage("PubSubStore", o =>
        {
            o.Invariant = NpgsqlInvariant;
            o.ConnectionString = connectionString;
        });
        // The ADO.NET provider's table and rows, written by group commit (PostgresReminderTable).
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable>(services => new PostgresReminderTable(
            services.GetRequiredService<NpgsqlDataSource>(),
            settings.ServiceId,
            services.GetRequiredService<TimeProvider>(),
            PostgresReminderTable.HorizonFor(services.GetRequiredService<IOptions<ReminderOptions>>().Value)));
        silo.AddSlaEventBus();
        return silo;
    }
}
