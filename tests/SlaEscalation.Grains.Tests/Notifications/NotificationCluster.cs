using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.TestingHost;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>
/// One in-process silo delivering notifications through the event bus and a <see cref="ScriptedChannel"/>, with a
/// switchable failure log, on a fake clock that drives delivery timers and reminders (the runtime's loops stay on
/// real time). Retries wait 1 s, 2 s, 4 s without jitter; four attempts in all.
/// </summary>
public sealed class NotificationCluster() : NotificationClusterBase(new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero)))
{
    public FakeTimeProvider Time => (FakeTimeProvider)Clock;
}

/// <summary>The same silo on real time: stream delivery needs it.</summary>
public sealed class RealTimeNotificationCluster() : NotificationClusterBase(TimeProvider.System);

public abstract class NotificationClusterBase : IAsyncLifetime
{
    public static readonly DeliveryRetryPolicy Policy = new(
        MaxAttempts: 4,
        InitialDelay: TimeSpan.FromSeconds(1),
        MaxDelay: TimeSpan.FromSeconds(30),
        JitterFraction: 0,
        MaxRetryAfter: TimeSpan.FromMinutes(1),
        SafetyNetPeriod: TimeSpan.FromMinutes(1));

    private InProcessTestCluster cluster = null!;

    protected NotificationClusterBase(TimeProvider clock)
    {
        Clock = clock;
        Channel = new ScriptedChannel(clock);
        InProcessChannel = new ScriptedChannel(clock, ScriptedChannel.InProcessName, inProcess: true);
    }

    public TimeProvider Clock { get; }

    public ScriptedChannel Channel { get; }

    /// <summary>A scripted channel that delivers inside the silo, as the event bus does.</summary>
    public ScriptedChannel InProcessChannel { get; }

    /// <summary>The reminder registrations each grain made.</summary>
    public ReminderRegistrationLog ReminderRegistrations { get; } = new();

    public SwitchableFailureLog FailureLog { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public IClusterClient Client => cluster.Client;

    /// <summary>The notifier the silo gives its grains.</summary>
    public INotifier Notifier => cluster.Silos[0].ServiceProvider.GetRequiredService<INotifier>();

    public INotificationDeliveryGrain Delivery(string channel, string deliveryKey) =>
        Client.GetGrain<INotificationDeliveryGrain>(NotificationDeliveryKey.Of(channel, deliveryKey));

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseMemoryServicesOn(Clock);
            silo.Services.AddNotificationDelivery(Policy);
            silo.Services.AddSingleton<INotificationChannel>(Channel);
            silo.Services.AddSingleton<INotificationChannel>(InProcessChannel);
            silo.Services.AddSingleton<IOutgoingGrainCallFilter>(ReminderRegistrations);
            silo.Services.AddSingleton<IDeliveryFailureLog>(FailureLog);
            silo.Services.AddSingleton<ILoggerProvider>(Logs);
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await cluster.DisposeAsync();
}
