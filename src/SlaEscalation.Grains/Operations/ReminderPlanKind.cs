namespace SlaEscalation.Grains.Operations;

/// <summary>What to do with a grain's reminder.</summary>
public enum ReminderPlanKind
{
    /// <summary>Leave the registration as it is.</summary>
    Keep,

    /// <summary>Register (or move) the reminder to come due at <see cref="ReminderPlan.Due"/>.</summary>
    Register,

    /// <summary>Remove the reminder: nothing is due.</summary>
    Unregister,
}
