using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Tickets;
using static SlaEscalation.Domain.Tests.Tickets.TicketClocks;

namespace SlaEscalation.Domain.Tests.Tickets;

public sealed class OnTimeJudgementTests
{
    [Theory]
    //          situation                                               clock           went through                                 already emitted                 -> on time
    [InlineData("achieved before its deadline",                         "first_reply",  "achieved@09:40",                            "",                             true)]
    [InlineData("achieved after being at risk",                         "first_reply",  "at_risk@09:45,achieved@09:50",              "first_reply/at_risk",          true)]
    [InlineData("achieved after breaching",                             "first_reply",  "at_risk@09:45,breached@10:00,achieved@10:30", "",                           false)]
    [InlineData("achieved after a breach of this clock was emitted",    "first_reply",  "achieved@09:40",                            "first_reply/breached",         false)]
    [InlineData("another cycle's breach does not count",                "next_reply#1", "achieved@11:40",                            "next_reply#0/breached",        true)]
    [InlineData("another clock's breach does not count",                "first_reply",  "achieved@09:40",                            "resolution/breached",          true)]
    public void An_achievement_is_late_after_any_breach_of_its_own_clock(
        string situation, string id, string transitions, string emitted, bool onTime)
    {
        var clock = Clock(id, MetricState.Achieved, "10:00", List(transitions));

        Assert.True(onTime == OnTimeJudgement.AchievedOnTime(clock, List(emitted)), situation);
    }
}
