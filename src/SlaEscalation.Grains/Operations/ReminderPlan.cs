namespace SlaEscalation.Grains.Operations;

/// <summary>What to do with a grain's one reminder so that it comes due when the grain next needs to act.</summary>
/// <param name="Kind">Keep, register or remove.</param>
/// <param name="Due">The instant the reminder is registered for after the plan is carried out; null when none is.</param>
public sealed record ReminderPlan(ReminderPlanKind Kind, DateTimeOffset? Due)
{
    /// <summary>
    /// The plan for a grain whose reminder is registered for <paramref name="registeredDue"/> (null: none) and that
    /// next needs to act at <paramref name="wantedDue"/> (null: never). A reminder due later than <paramref name="now"/>
    /// is pending; one due at or before it has fired or was missed, and is moved whenever something is wanted.
    /// With <paramref name="keepEarlier"/>, a pending reminder due no later than wanted is kept (it fires, finds
    /// nothing due and moves on, so wake-ups that only move later cost no reminder write), even when nothing is
    /// wanted; without it, a reminder is kept only at exactly the wanted instant.
    /// </summary>
    public static ReminderPlan For(DateTimeOffset? registeredDue, DateTimeOffset? wantedDue, DateTimeOffset now, bool keepEarlier)
    {
        var pending = registeredDue > now;
        if (wantedDue is null)
        {
            return registeredDue is null || (keepEarlier && pending)
                ? new ReminderPlan(ReminderPlanKind.Keep, registeredDue)
                : new ReminderPlan(ReminderPlanKind.Unregister, null);
        }

        var keep = pending && (keepEarlier ? registeredDue <= wantedDue : registeredDue == wantedDue);
        return keep ? new ReminderPlan(ReminderPlanKind.Keep, registeredDue) : new ReminderPlan(ReminderPlanKind.Register, wantedDue);
    }
}
