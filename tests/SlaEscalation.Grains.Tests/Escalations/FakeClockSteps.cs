using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Grains.Tests.Tickets;

namespace SlaEscalation.Grains.Tests.Escalations;

/// <summary>
/// Moves a fake-clock silo's time as its memory streams need: their pulling agents poll on that clock, so the bus
/// delivers only while it moves, and one big jump makes them treat the bus as idle for that long.
/// </summary>
public sealed class FakeClockSteps(FakeTimeProvider time, WarningLog warnings)
{
    /// <summary>Moves the clock a minute at a time, giving each step a moment of real time.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += TimeSpan.FromMinutes(1))
        {
            time.Advance(by - moved < TimeSpan.FromMinutes(1) ? by - moved : TimeSpan.FromMinutes(1));
            await Task.Delay(15);
        }
    }

    /// <summary>Gives the silo a moment to do anything still due (it should not), its clock moving as in <see cref="UntilAsync(Func{Task{bool}}, Func{string})"/>.</summary>
    public async Task SettleAsync()
    {
        for (var i = 0; i < 25; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(20);
        }
    }

    /// <summary>Waits for <paramref name="condition"/>, nudging the clock a millisecond a time; fails after 10 s of real time.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"not reached within 10 s of real time: {describe()}");
            time.Advance(TimeSpan.FromMilliseconds(1));
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the escalation is raised and meets <paramref name="condition"/>; a failure names its steps and the silo's last warnings.</summary>
    public async Task<EscalationView> UntilAsync(IEscalationGrain escalation, Func<EscalationView, bool> condition)
    {
        EscalationView? view = null;
        await UntilAsync(
            async () => (view = await escalation.GetAsync()) is { } v && condition(v),
            () => (view is null ? "no escalation" : string.Join(", ", view.History.Select(s => $"L{s.Level} {s.Step}")))
                + Environment.NewLine + string.Join(Environment.NewLine, warnings.Entries.TakeLast(5)));
        return view!;
    }
}
