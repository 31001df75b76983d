namespace SlaEscalation.Grains;

/// <summary>
/// How durable clocks use Orleans reminders. A reminder is registered to come due at the next instant that
/// matters; its period only matters when a tick is missed. When the silo owning a reminder dies, the survivor
/// that takes its ring range over does not replay a tick that fell due before the takeover: it delivers the next
/// one, <c>StartAt + n × Period</c>. A tick due while its owner is dead is therefore late by at most the time to
/// declare the silo dead (about 6-15 s with the default membership settings) plus one period.
/// </summary>
public static class ReminderCadence
{
    /// <summary>
    /// The retry period of every clock reminder, the silo's minimum. A tick that cannot reach its grain (the grain's
    /// directory entry sits on a silo that died and is not declared dead yet, which takes longer while the database
    /// is down) is tried again one period later, so each failed try costs one period of lateness.
    /// </summary>
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far ahead of the instant it stands for a ticket's clock reminder is registered. Orleans starts a
    /// reminder's schedule from when its reminder service handles the registration (its own clock plus the due time
    /// the grain asked for), so the time the request waited in the service's queue, hundreds of milliseconds while a
    /// burst of tickets registers, is added to every tick it will deliver: breaches registered while 360,000 tickets
    /// were posted fired 200-300 ms late half an hour later (docs/performance.md, "Thirty minutes"). Registered this
    /// much early, the tick comes ahead of its instant, and the ticket holds it with a grain timer until then.
    /// </summary>
    public static readonly TimeSpan Lead = TimeSpan.FromSeconds(2);

    /// <summary>A zero due time loses the first tick in Orleans 10.4.2, so a reminder is never due sooner than this.</summary>
    public static readonly TimeSpan MinimumDueTime = TimeSpan.FromSeconds(1);

    /// <summary>The reminder due time for an instant, never below <see cref="MinimumDueTime"/>.</summary>
    public static TimeSpan DueTimeUntil(DateTimeOffset instant, DateTimeOffset now)
    {
        var due = instant - now;
        return due < MinimumDueTime ? MinimumDueTime : due;
    }
}
