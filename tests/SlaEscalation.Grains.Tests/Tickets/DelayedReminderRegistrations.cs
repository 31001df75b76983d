using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace SlaEscalation.Grains.Tests.Tickets;

/// <summary>
/// Holds back the reminder registrations of the grains a test names, as a busy reminder service's queue does: the
/// fake clock moves on by the delay before the service takes the request, and the service starts the reminder's
/// schedule from its own clock.
/// </summary>
public sealed class DelayedReminderRegistrations(FakeTimeProvider time) : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<GrainId, TimeSpan> delays = new();

    /// <summary>Delays every reminder registration <paramref name="grain"/> makes from now on by <paramref name="by"/>.</summary>
    public void Delay(GrainId grain, TimeSpan by) => delays[grain] = by;

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.MethodName == "RegisterOrUpdateReminder"
            && context.SourceId is { } source
            && delays.TryGetValue(source, out var by))
        {
            // Off the grain's thread: moving a fake clock runs the callbacks of the timers it passes.
            await Task.Run(() => time.Advance(by));
        }

        await context.Invoke();
    }
}
