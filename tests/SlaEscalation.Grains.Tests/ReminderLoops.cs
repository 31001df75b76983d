using Orleans.Reminders.Diagnostics;

namespace SlaEscalation.Grains.Tests;

/// <summary>
/// Tells when the reminder service's loop for a grain's reminder has settled on the clock: no tick of it is being
/// delivered, and it has read the clock and waits for the next tick of the schedule it was last given. A registration
/// returns before that loop runs, and on a loaded machine it can run well after; a fake clock moved past the tick
/// first makes the loop find the tick missed and skip it to the reminder's next period, as Orleans skips a missed
/// tick, and a test that then waits for the tick on a clock that no longer moves waits in vain. Fed by the reminder
/// service's own diagnostic events.
/// </summary>
public static class ReminderLoops
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(SiloAddress?, GrainId, string), Loop> Loops = [];
    private static readonly Dictionary<GrainId, long> Delivered = [];
    private static IDisposable? subscription;

    /// <summary>Starts listening (once per test run); a silo calls it as it is built, before any reminder exists.</summary>
    public static void Watch()
    {
        lock (Gate)
        {
            subscription ??= ReminderEvents.AllEvents.Subscribe(new Observer());
        }
    }

    /// <summary>Waits until every reminder of <paramref name="grain"/> waits on the clock for its latest schedule.</summary>
    public static Task SettledAsync(GrainId grain, string because) =>
        Eventually.ValueAsync(
            () => Task.FromResult(Describe(grain)),
            Settled,
            TimeSpan.FromSeconds(10),
            because,
            loops => loops.Count == 0
                ? "no reminder loop started for " + grain
                : string.Join("; ", loops));

    /// <summary>How many ticks of <paramref name="grain"/>'s reminders have been delivered (handled or failed) so far.</summary>
    public static long TicksDelivered(GrainId grain)
    {
        lock (Gate)
        {
            return Delivered.GetValueOrDefault(grain);
        }
    }

    /// <summary>
    /// Waits until a tick of <paramref name="grain"/>'s reminders has been delivered since <paramref name="ticks"/>
    /// (<see cref="TicksDelivered"/>, read before the clock moved) and its reminders wait on the clock again: the
    /// tick's turn is over, and whatever it scheduled next is armed. The bound is generous: a tick that activates the
    /// grain anew (after a failed write deactivated it) was seen to take over 10 s on a loaded two-core machine, and
    /// past Orleans' 30 s call timeout a turn stuck on a call ends failed, which the test then sees.
    /// </summary>
    public static Task TickedAsync(GrainId grain, long ticks, string because) =>
        Eventually.ValueAsync(
            () => Task.FromResult((Ticks: TicksDelivered(grain), Loops: Describe(grain))),
            now => now.Ticks > ticks && Settled(now.Loops),
            TimeSpan.FromSeconds(45),
            because,
            now => $"{now.Ticks - ticks} ticks delivered since; " + string.Join("; ", now.Loops));

    /// <summary>
    /// Waits until every running reminder loop of <paramref name="silo"/> waits on the clock for its latest schedule:
    /// before a step of a fake clock that may pass ticks the test does not name. A tick still being delivered counts
    /// as unsettled: the grain's turn may yet register its next reminder, and a step before that would move the
    /// reminder service's clock under it.
    /// </summary>
    public static Task AllSettledAsync(SiloAddress silo, string because) =>
        Eventually.ValueAsync(
            () => Task.FromResult(Unsettled(silo)),
            unsettled => unsettled.Count == 0,
            TimeSpan.FromSeconds(10),
            because,
            unsettled => string.Join("; ", unsettled.Take(5)));

    private static List<Loop> Unsettled(SiloAddress silo)
    {
        lock (Gate)
        {
            return Loops.Where(l => silo.Equals(l.Key.Item1) && l.Value.Running && !Waits(l.Value)).Select(l => l.Value).ToList();
        }
    }

    /// <summary>Whether <paramref name="grain"/> has a reminder and every one waits on the clock for its latest schedule.</summary>
    public static bool IsSettled(GrainId grain) => Settled(Describe(grain));

    private static bool Settled(List<Loop> loops) => loops.Count > 0 && loops.All(l => l.Running && Waits(l));

    private static bool Waits(Loop loop) => !loop.Delivering && loop.Armed == loop.Version;

    private static List<Loop> Describe(GrainId grain)
    {
        lock (Gate)
        {
            return Loops.Where(l => l.Key.Item2 == grain).Select(l => l.Value with { }).ToList();
        }
    }

    private static void On(ReminderEvents.ReminderEvent e)
    {
        var key = (e.SiloAddress, e.GrainId, e.ReminderName);
        lock (Gate)
        {
            switch (e)
            {
                case ReminderEvents.LocalReminderStarted started:
                    Loops[key] = new Loop(e.ReminderName, started.Identity, Version: 0, Armed: -1, Running: true, Delivering: false);
                    break;
                case ReminderEvents.LocalReminderScheduleChanged changed when Current(key, changed.Identity) is { } loop:
                    Loops[key] = loop with { Version = changed.ScheduleVersion };
                    break;
                case ReminderEvents.LocalReminderTickWaitArmed armed when Current(key, armed.Identity) is { } loop:
                    Loops[key] = loop with { Armed = armed.ScheduleVersion };
                    break;
                case ReminderEvents.TickFiring when Loops.TryGetValue(key, out var loop):
                    Loops[key] = loop with { Delivering = true };
                    break;
                case ReminderEvents.TickCompleted or ReminderEvents.TickFailed when Loops.TryGetValue(key, out var loop):
                    Loops[key] = loop with { Delivering = false };
                    Delivered[e.GrainId] = Delivered.GetValueOrDefault(e.GrainId) + 1;
                    break;
                case ReminderEvents.LocalReminderStopped stopped when Current(key, stopped.Identity) is { } loop:
                    Loops[key] = loop with { Running = false };
                    break;
            }
        }
    }

    /// <summary>The loop the event is about, when it is the grain's latest: one replaced by a newer start is history.</summary>
    private static Loop? Current((SiloAddress?, GrainId, string) key, object identity) =>
        Loops.TryGetValue(key, out var loop) && ReferenceEquals(loop.Identity, identity) ? loop : null;

    private sealed record Loop(string Name, object Identity, long Version, long Armed, bool Running, bool Delivering)
    {
        public override string ToString() => $"{Name}: schedule {Version}, armed {Armed}, delivering {Delivering}, {(Running ? "running" : "stopped")}";
    }

    private sealed class Observer : IObserver<ReminderEvents.ReminderEvent>
    {
        public void OnNext(ReminderEvents.ReminderEvent value) => On(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
