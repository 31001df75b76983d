using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Tests.Tickets;

namespace SlaEscalation.Grains.Tests.Escalations;

/// <summary>
/// Moves a fake-clock silo's time as its memory streams need: their pulling agents poll on that clock, so the bus
/// delivers only while it moves, and one big jump makes them treat the bus as idle for that long.
/// </summary>
public sealed class FakeClockSteps(FakeTimeProvider time, WarningLog warnings, SiloAddress silo)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Nudge = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Moves the clock a minute at a time, giving each step a moment of real time, and each only once the silo's
    /// reminders wait for their ticks (<see cref="ReminderLoops"/>): a step past a tick whose loop had not yet read the
    /// clock would skip the tick to the reminder's next period, later than the nudges of the waits that follow reach.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += TimeSpan.FromMinutes(1))
        {
            await ReminderLoops.AllSettledAsync(silo, "the silo's reminders to wait for their ticks before the clock moves");
            time.Advance(by - moved < TimeSpan.FromMinutes(1) ? by - moved : TimeSpan.FromMinutes(1));
            await Task.Delay(15);
        }
    }

    /// <summary>
    /// Gives the silo half a second to do anything still due (it should not: the assertions after it say so), its
    /// clock moving as in <see cref="UntilAsync{T}"/>.
    /// </summary>
    public async Task NothingMoreHappensAsync()
    {
        for (var i = 0; i < 25; i++)
        {
            time.Advance(Nudge);
            await NothingMore.ArrivesWithinAsync(Eventually.DefaultPace);
        }
    }

    /// <summary>
    /// Reads until the value <paramref name="satisfies"/> the awaited state, nudging the clock a millisecond between
    /// two reads (so that the streams keep delivering); fails after 10 s of real time.
    /// </summary>
    public Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> satisfies, string because, Func<T, string>? describe = null) =>
        Eventually.ValueAsync(
            read,
            value =>
            {
                if (satisfies(value))
                {
                    return true;
                }

                time.Advance(Nudge);
                return false;
            },
            Within,
            because,
            describe);

    /// <summary>Waits for <paramref name="condition"/> as <see cref="UntilAsync{T}"/> does; a failure reports <paramref name="describe"/>.</summary>
    public Task UntilAsync(Func<Task<bool>> condition, Func<string> describe) =>
        UntilAsync(condition, holds => holds, "the condition, on the fake clock", _ => describe());

    /// <summary>Waits until the escalation is raised and meets <paramref name="condition"/>; a failure names its steps and the silo's last warnings.</summary>
    public async Task<EscalationView> UntilAsync(IEscalationGrain escalation, Func<EscalationView, bool> condition) =>
        (await UntilAsync(
            escalation.GetAsync,
            view => view is not null && condition(view),
            "the escalation's step, on the fake clock",
            view => (view is null ? "no escalation" : string.Join(", ", view.History.Select(s => $"L{s.Level} {s.Step}")))
                + Environment.NewLine + string.Join(Environment.NewLine, warnings.Entries.TakeLast(5))))!;
}
