using System.Collections.Concurrent;

namespace SlaEscalation.Grains.Tests.Notifications;

/// <summary>Counts the reminder registrations each grain makes, as the reminder service sees them; can fail one.</summary>
public sealed class ReminderRegistrationLog : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<GrainId, int> counts = new();
    private readonly ConcurrentDictionary<GrainId, Task> failing = new();

    /// <summary>How many reminders <paramref name="grain"/> registered or updated.</summary>
    public int Of(GrainId grain) => counts.GetValueOrDefault(grain);

    /// <summary>
    /// Makes the next registration of <paramref name="grain"/> wait for <paramref name="until"/>, then fail, as an
    /// unreachable reminder table would.
    /// </summary>
    public void FailNext(GrainId grain, Task until) => failing[grain] = until;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.MethodName == "RegisterOrUpdateReminder" && context.SourceId is { } source)
        {
            counts.AddOrUpdate(source, 1, (_, n) => n + 1);
            if (failing.TryRemove(source, out var until))
            {
                await until;
                throw new InvalidOperationException("the reminder table is unreachable (test)");
            }
        }

        await context.Invoke();
    }
}
