using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Tickets;
using static SlaEscalation.Domain.Tests.Tickets.TicketClocks;

namespace SlaEscalation.Domain.Tests.Tickets;

public sealed class TransitionPlanTests
{
    [Theory]
    //          solved at last step  status now            already emitted                         -> planned                 solved after
    [InlineData(null,                TicketStatus.Open,    "",                                     "created#0",               false)]
    [InlineData(null,                TicketStatus.Solved,  "",                                     "created#0,solved#0",      true)]
    [InlineData(false,               TicketStatus.Open,    "created#0",                            "",                        false)]
    [InlineData(false,               TicketStatus.Pending, "created#0",                            "",                        false)]
    [InlineData(false,               TicketStatus.Solved,  "created#0",                            "solved#0",                true)]
    [InlineData(false,               TicketStatus.Closed,  "created#0",                            "solved#0",                true)]
    [InlineData(true,                TicketStatus.Closed,  "created#0,solved#0",                   "",                        true)]
    [InlineData(true,                TicketStatus.Open,    "created#0,solved#0",                   "reopened#0",              false)]
    [InlineData(false,               TicketStatus.Solved,  "created#0,solved#0,reopened#0",        "solved#1",                true)]
    [InlineData(true,                TicketStatus.Open,    "created#0,solved#0,reopened#0,solved#1", "reopened#1",            false)]
    public void The_lifecycle_is_announced_once_per_crossing_between_unsolved_and_solved(
        bool? lifecycleSolved, TicketStatus status, string emitted, string planned, bool solvedAfter)
    {
        var plan = TransitionPlan.For(Evaluation(Ticket(status)), List(emitted), lifecycleSolved, At("11:00"));

        Assert.Equal(List(planned), plan.Transitions.Select(t => t.Key));
        Assert.Equal(solvedAfter, plan.LifecycleSolved);
    }

    [Fact]
    public void Creation_is_dated_at_the_ticket_and_a_solve_at_the_latest_event()
    {
        var plan = TransitionPlan.For(Evaluation(Ticket(TicketStatus.Solved)), [], null, At("11:00"));

        Assert.Equal(
            [
                new PlannedTransition("created#0", TicketTransitionKind.Created, At("09:00")),
                new PlannedTransition("solved#0", TicketTransitionKind.Solved, At("11:00")),
            ],
            plan.Transitions);
    }

    [Fact]
    public void A_ticket_not_yet_created_plans_nothing_even_with_clocks()
    {
        var clock = Clock("first_reply", MetricState.Breached, "10:00", "breached@10:00");

        var plan = TransitionPlan.For(Evaluation(TicketSnapshot.Unknown, clock), [], null, At("11:00"));

        Assert.Empty(plan.Transitions);
        Assert.Null(plan.LifecycleSolved);
    }

    [Theory]
    //          the clock went through                          already emitted                                    -> planned
    [InlineData("at_risk@09:45",                                 "",                                                "first_reply/at_risk")]
    [InlineData("at_risk@09:45,breached@10:00",                  "",                                                "first_reply/at_risk,first_reply/breached")]
    [InlineData("at_risk@09:45,breached@10:00",                  "first_reply/at_risk",                             "first_reply/breached")]
    [InlineData("at_risk@09:45,breached@10:00",                  "first_reply/at_risk,first_reply/breached",        "")]
    [InlineData("at_risk@09:45,achieved@09:50",                  "first_reply/at_risk",                             "first_reply/achieved")]
    [InlineData("at_risk@09:45,breached@10:00,achieved@10:30",   "first_reply/at_risk,first_reply/breached",        "first_reply/achieved")]
    [InlineData("achieved@09:20",                                "first_reply/achieved",                            "")]
    public void Each_threshold_is_planned_once(string transitions, string emitted, string planned)
    {
        var clock = Clock("first_reply", MetricState.Active, "10:00", List(transitions));
        var alreadyCreated = List(emitted).Append("created#0").ToArray();

        var plan = TransitionPlan.For(Evaluation(Ticket(), clock), alreadyCreated, false, At("11:00"));

        Assert.Equal(List(planned), plan.Transitions.Select(t => t.Key));
    }

    [Fact]
    public void A_planned_threshold_carries_its_kind_instant_clock_and_judgement()
    {
        var late = Clock("first_reply", MetricState.Breached, "10:00", "at_risk@09:45", "breached@10:00", "achieved@10:30");
        var onTime = Clock("next_reply#0", MetricState.Achieved, "11:30", "achieved@11:00");

        var plan = TransitionPlan.For(Evaluation(Ticket(), late, onTime), ["created#0"], false, At("11:00"));

        Assert.Equal(
            [
                new PlannedTransition("first_reply/at_risk", TicketTransitionKind.AtRisk, At("09:45"), late),
                new PlannedTransition("first_reply/breached", TicketTransitionKind.Breached, At("10:00"), late),
                new PlannedTransition("first_reply/achieved", TicketTransitionKind.Achieved, At("10:30"), late, OnTime: false),
                new PlannedTransition("next_reply#0/achieved", TicketTransitionKind.Achieved, At("11:00"), onTime, OnTime: true),
            ],
            plan.Transitions);
    }

    [Fact]
    public void Whatever_a_plan_holds_is_not_planned_again_once_emitted()
    {
        var clock = Clock("first_reply", MetricState.Breached, "10:00", "at_risk@09:45", "breached@10:00");
        var evaluation = Evaluation(Ticket(TicketStatus.Solved), clock);
        var first = TransitionPlan.For(evaluation, [], null, At("11:00"));

        var second = TransitionPlan.For(evaluation, first.Transitions.Select(t => t.Key).ToArray(), first.LifecycleSolved, At("11:00"));

        Assert.Equal(4, first.Transitions.Count);
        Assert.Empty(second.Transitions);
    }

    [Theory]
    [InlineData(TicketTransitionKind.OwnerChanged, "",                                   "owner#0")]
    [InlineData(TicketTransitionKind.OwnerChanged, "created#0,owner#0,first_reply/at_risk", "owner#1")]
    [InlineData(TicketTransitionKind.OwnerChanged, "owner#0,owner#1,owner#2",            "owner#3")]
    [InlineData(TicketTransitionKind.Solved,       "owner#0,solved#0,reopened#0",        "solved#1")]
    public void A_repeatable_transition_is_keyed_after_those_of_its_kind(TicketTransitionKind kind, string emitted, string key)
    {
        Assert.Equal(key, TransitionKey.Next(kind, List(emitted)));
    }

    [Fact]
    public void A_clocks_threshold_has_one_key_and_no_sequence()
    {
        Assert.Equal("next_reply#2/breached", TransitionKey.Of("next_reply#2", MetricTransitionKind.Breached));
        Assert.Throws<ArgumentOutOfRangeException>(() => TransitionKey.Next(TicketTransitionKind.Breached, []));
    }
}
