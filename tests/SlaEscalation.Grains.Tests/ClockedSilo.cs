using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Reminders;
using Orleans.TestingHost;

namespace SlaEscalation.Grains.Tests;

/// <summary>The in-process test silo every grain cluster of these tests starts from.</summary>
public static class ClockedSilo
{
    /// <summary>
    /// Memory storage (<c>Default</c>, unless <paramref name="defaultStorage"/> is false), the event bus and in-memory reminders, with grains, grain timers and
    /// reminders on <paramref name="clock"/> and the runtime's own loops on real time. Note that the
    /// memory streams' pulling agents then poll on <paramref name="clock"/> too: the bus delivers while it moves.
    /// </summary>
    public static ISiloBuilder UseMemoryServicesOn(this ISiloBuilder silo, TimeProvider clock, bool defaultStorage = true)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (defaultStorage)
        {
            silo.AddMemoryGrainStorage("Default");
        }

        silo.AddSlaEventBus();
        silo.UseInMemoryReminderService();
        ReminderLoops.Watch();
        silo.Configure<ReminderOptions>(o =>
        {
            o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);

            // A reminder due outside the loading window is armed only at the next list refresh, so a big Advance
            // would land before it is armed.
            o.ReminderLoadingWindow = TimeSpan.FromDays(30);
        });
        silo.Services.AddSingleton(clock);
        silo.Services.AddKeyedSingleton(ReminderTimeProviderNames.Reminders, clock);
        silo.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
        return silo;
    }
}
