using SlaEscalation.Grains.Operations;

namespace SlaEscalation.Grains.Tests.Operations;

/// <summary>
/// The reminder decision on a plain clock: now is 10:00; "-" is none. A ticket keeps an earlier pending reminder
/// (keepEarlier); an escalation keeps its reminder only at the exact instant.
/// </summary>
public sealed class ReminderPlanTests
{
    private static readonly DateTimeOffset Now = At("10:00");

    [Theory]
    //        registered wanted  keepEarlier -> kind                     due
    [InlineData("-",     "-",     true,  ReminderPlanKind.Keep,       "-")]
    [InlineData("-",     "11:00", true,  ReminderPlanKind.Register,   "11:00")]
    [InlineData("10:30", "11:00", true,  ReminderPlanKind.Keep,       "10:30")]
    [InlineData("11:00", "11:00", true,  ReminderPlanKind.Keep,       "11:00")]
    [InlineData("11:30", "11:00", true,  ReminderPlanKind.Register,   "11:00")]
    [InlineData("10:00", "11:00", true,  ReminderPlanKind.Register,   "11:00")]
    [InlineData("09:30", "09:45", true,  ReminderPlanKind.Register,   "09:45")]
    [InlineData("10:30", "-",     true,  ReminderPlanKind.Keep,       "10:30")]
    [InlineData("09:30", "-",     true,  ReminderPlanKind.Unregister, "-")]
    [InlineData("-",     "-",     false, ReminderPlanKind.Keep,       "-")]
    [InlineData("-",     "11:00", false, ReminderPlanKind.Register,   "11:00")]
    [InlineData("10:30", "11:00", false, ReminderPlanKind.Register,   "11:00")]
    [InlineData("11:00", "11:00", false, ReminderPlanKind.Keep,       "11:00")]
    [InlineData("11:30", "11:00", false, ReminderPlanKind.Register,   "11:00")]
    [InlineData("10:00", "10:00", false, ReminderPlanKind.Register,   "10:00")]
    [InlineData("10:30", "-",     false, ReminderPlanKind.Unregister, "-")]
    [InlineData("09:30", "-",     false, ReminderPlanKind.Unregister, "-")]
    public void Plans_the_reminder(string registered, string wanted, bool keepEarlier, ReminderPlanKind kind, string due)
    {
        var plan = ReminderPlan.For(Optional(registered), Optional(wanted), Now, keepEarlier);

        Assert.Equal(new ReminderPlan(kind, Optional(due)), plan);
    }

    private static DateTimeOffset? Optional(string time) => time == "-" ? null : At(time);

    private static DateTimeOffset At(string time) =>
        DateTimeOffset.Parse("2026-03-02T" + time + ":00Z", System.Globalization.CultureInfo.InvariantCulture);
}
