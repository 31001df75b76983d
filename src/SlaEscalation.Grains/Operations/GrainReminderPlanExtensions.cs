namespace SlaEscalation.Grains.Operations;

/// <summary>Carries out a <see cref="ReminderPlan"/> on a grain's reminder.</summary>
public static class GrainReminderPlanExtensions
{
    /// <summary>
    /// Registers reminder <paramref name="name"/> for a <see cref="ReminderPlanKind.Register"/> plan (with the clock
    /// reminders' period) and removes it for <see cref="ReminderPlanKind.Unregister"/>; returns whether the
    /// registration changed, in which case the grain records <see cref="ReminderPlan.Due"/>. With a
    /// <paramref name="lead"/>, the reminder is registered that much before <see cref="ReminderPlan.Due"/> (see
    /// <see cref="ReminderCadence.Lead"/>), and its tick may come before the instant the grain records. The due time
    /// is counted from <paramref name="time"/> read as the registration goes out, not from when the grain's turn
    /// began: the reminder service adds it to its own clock, so writes earlier in the turn would delay every tick.
    /// </summary>
    public static async Task<bool> CarryOutAsync(this Grain grain, string name, ReminderPlan plan, TimeProvider time, TimeSpan lead = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(time);
        switch (plan.Kind)
        {
            case ReminderPlanKind.Register:
                await grain.RegisterOrUpdateReminder(name, ReminderCadence.DueTimeUntil(plan.Due!.Value - lead, time.GetUtcNow()), ReminderCadence.Period);
                return true;
            case ReminderPlanKind.Unregister:
                await grain.UnregisterReminderAsync(name);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Removes reminder <paramref name="name"/> when it is registered.</summary>
    public static async Task UnregisterReminderAsync(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }
}
