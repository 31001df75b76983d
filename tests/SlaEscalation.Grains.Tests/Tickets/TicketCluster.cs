using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.Storage;
using Orleans.TestingHost;
using SlaEscalation.Contracts.Configuration;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Configuration;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Tests.Escalations;
using SlaEscalation.Grains.Tickets;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>
/// One in-process silo whose grains, grain timers and reminders run on a fake clock (the runtime's own loops stay on
/// real time), with memory storage (whose writes a test can make fail), reminders and the event bus.
/// Tests use ticket keys of their own.
/// </summary>
public sealed class TicketCluster() : TicketClusterBase(new FakeTimeProvider(Start))
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private DelayedReminderRegistrations? registrations;

    /// <summary>Delays the reminder registrations of the grains a test names.</summary>
    public DelayedReminderRegistrations ReminderRegistrations => registrations ??= new DelayedReminderRegistrations(Time);

    /// <summary>
    /// The policies of the fake-clock ticket tests, one text for all of them: a change between two test classes would
    /// start an SLA repair pass across their tickets. High: first_reply 4 h on 24x7, at risk at 50 %; resolution 1 day.
    /// Urgent: first_reply 1 h and nothing after it, so its breach leaves the ticket nothing to wake up for.
    /// </summary>
    public const string Policies = """
        [{"id":"all","targets":{
            "high":{"first_reply":{"target":"PT4H","calendar":"24x7"},"resolution":{"target":"P1D","calendar":"24x7"}},
            "urgent":{"first_reply":{"target":"PT1H","calendar":"24x7"}}},
          "atRisk":{"first_reply":{"percent":50}}}]
        """;

    public FakeTimeProvider Time => (FakeTimeProvider)Clock;

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IOutgoingGrainCallFilter>(ReminderRegistrations);

    /// <summary>Puts <see cref="Policies"/> in force (no change, and no repair pass, when they already are).</summary>
    public async Task UsePoliciesAsync()
    {
        var result = await Client.GetGrain<IConfigurationGrain>(ConfigurationGrainKey.Value)
            .ReplaceAsync(new ConfigurationChangeRequest(ConfigurationPartKind.Policies, null, Policies, "test", null));
        if (result.Outcome is not (ConfigurationChangeOutcome.Applied or ConfigurationChangeOutcome.Unchanged))
        {
            throw new InvalidOperationException("test policies refused: " + string.Join("; ", result.Problems));
        }
    }
}

/// <summary>The same silo on real time, for what a fake clock cannot drive faithfully (stream delivery).</summary>
public sealed class RealTimeTicketCluster() : TicketClusterBase(TimeProvider.System);

/// <summary>The silo both ticket clusters share, on the clock given.</summary>
public abstract class TicketClusterBase(TimeProvider clock) : IAsyncLifetime
{
    private InProcessTestCluster cluster = null!;

    public TimeProvider Clock { get; } = clock;

    public IClusterClient Client => cluster.Client;

    /// <summary>The silo's services: its grain storage and meter factory, for what reads them without a grain.</summary>
    public IServiceProvider SiloServices => cluster.Silos[0].ServiceProvider;

    /// <summary>The silo's address, as its reminder service names it in its diagnostic events.</summary>
    public SiloAddress SiloAddress => cluster.Silos[0].SiloAddress;

    /// <summary>The warnings and errors the silo's own code logged.</summary>
    public WarningLog Warnings { get; } = new();

    /// <summary>What the silo's grains handed to the notification port.</summary>
    public RecordingNotifier Notifications { get; } = new();

    /// <summary>The escalation and task index, whose task rows a test can refuse.</summary>
    public RefusingEscalationIndex EscalationIndex { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseMemoryServicesOn(Clock, defaultStorage: false);
            silo.AddMemoryGrainStorage(FailableGrainStorage.InnerName);
            silo.Services.AddKeyedSingleton<IGrainStorage>("Default", (services, _) =>
                new FailableGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(FailableGrainStorage.InnerName)));
            silo.AddMemoryGrainStorage("PubSubStore");
            silo.Services.AddSingleton<ITicketIndex, InMemoryTicketIndex>();
            silo.Services.AddSingleton(RetentionPolicy.Default);
            silo.Services.AddSingleton<IAuditTrail, InMemoryAuditTrail>();
            silo.Services.AddSlaConfiguration();
            ConfigureServices(silo.Services);
            silo.Services.AddSlaEscalations();
            silo.Services.AddSingleton<IEscalationIndex>(EscalationIndex);
            silo.Services.AddSingleton<INotifier>(Notifications);
            silo.Services.AddLogging(logging => logging.AddProvider(Warnings));
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();

    /// <summary>Registers what a derived cluster replaces (a port such as the task tracker) before the defaults.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
