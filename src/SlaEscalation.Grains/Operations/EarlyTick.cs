namespace SlaEscalation.Grains.Operations;

/// <summary>
/// A clock reminder's tick that came ahead of its instant, as a reminder registered <see cref="ReminderCadence.Lead"/>
/// early does, held with a grain timer until the instant. One per activation: holding a new instant replaces the last.
/// Should the activation go meanwhile, the reminder's next tick, one period later, still comes.
/// </summary>
public sealed class EarlyTick(IGrainBase grain, TimeProvider time)
{
    private IGrainTimer? timer;

    /// <summary>
    /// Whether a tick at <paramref name="now"/> of a reminder recorded as standing for <paramref name="instant"/> came
    /// ahead of it by no more than the lead (and the reminders' minimum due time, which a near instant is rounded up to).
    /// </summary>
    public static bool CameEarly(DateTimeOffset? instant, DateTimeOffset now) =>
        instant is { } due && due > now && due - now <= ReminderCadence.Lead + ReminderCadence.MinimumDueTime;

    /// <summary>Runs <paramref name="tick"/> at <paramref name="instant"/>, in a turn of its own that no call interleaves.</summary>
    public void HoldUntil(DateTimeOffset instant, Func<Task> tick)
    {
        ArgumentNullException.ThrowIfNull(tick);
        timer?.Dispose();
        timer = grain.RegisterGrainTimer(
            async _ =>
            {
                if (time.GetUtcNow() < instant)
                {
                    // A timer counts whole milliseconds of another clock and may fire a moment early; evaluated then,
                    // the clock would find nothing due and wait for the reminder's next tick, a period later.
                    timer?.Change(WaitUntil(instant), Timeout.InfiniteTimeSpan);
                    return;
                }

                timer?.Dispose();
                timer = null;
                await tick();
            },
            new GrainTimerCreationOptions(WaitUntil(instant), Timeout.InfiniteTimeSpan) { Interleave = false });
    }

    /// <summary>The time until <paramref name="instant"/>, in whole milliseconds rounded up (none if it has passed).</summary>
    private TimeSpan WaitUntil(DateTimeOffset instant) =>
        TimeSpan.FromMilliseconds(Math.Max(0, Math.Ceiling((instant - time.GetUtcNow()).TotalMilliseconds)));
}
