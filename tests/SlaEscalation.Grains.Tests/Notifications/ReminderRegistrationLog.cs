using System.Collections.Concurrent;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>Counts the reminder registrations each grain makes, as the reminder service sees them.</summary>
public sealed class ReminderRegistrationLog : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<GrainId, int> counts = new();

    /// <summary>How many reminders <paramref name="grain"/> registered or updated.</summary>
    public int Of(GrainId grain) => counts.GetValueOrDefault(grain);

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.MethodName == "RegisterOrUpdateReminder" && context.SourceId is { } source)
        {
            counts.AddOrUpdate(source, 1, (_, n) => n + 1);
        }

        return context.Invoke();
    }
}
