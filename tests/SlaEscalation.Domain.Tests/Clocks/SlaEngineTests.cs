using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tickets;
using static SlaEscalation.Domain.Tests.Builders.TicketHistoryBuilder;

namespace SlaEscalation.Domain.Tests.Clocks;

/// <summary>Hand-checked ticket histories; the arithmetic is in each comment.</summary>
public sealed class SlaEngineTests
{
    private static readonly SlaConfiguration Config = TestConfigurations.FromYaml("""
        calendars:
          ny:
            zone: America/New_York
            windows:
              mon-fri: [["09:00", "17:00"]]
        teams:
          billing:
            zone: America/New_York
        policies:
          - id: vip
            when:
              tags: { any: [vip] }
            targets:
              normal:
                first_reply: { target: PT1H, calendar: 24x7 }
          - id: standard
            targets:
              normal:
                first_reply: { target: PT8H, calendar: 24x7 }
                resolution: { target: PT8H, calendar: 24x7 }
              urgent:
                first_reply: { target: PT4H, calendar: 24x7 }
                resolution: { target: PT16H, calendar: ny }
            atRisk:
              first_reply: { percent: 75 }
              resolution: { percent: 90, leadTime: PT2H }
        """);

    private static MetricInstance Metric(TicketSlaEvaluation evaluation, string id) =>
        Assert.Single(evaluation.Metrics, m => m.Id == id);

    [Fact]
    public void Pause_across_a_weekend_moves_the_deadline_by_the_paused_business_time()
    {
        // Urgent resolution: 16h on the New York calendar. Created Fri 9 Jan 09:00 EST (14:00Z); pending at 15:00
        // EST after 6h; open again Mon 11:00 EST (16:00Z). 10h left: Mon 11:00-17:00 (6h) + Tue 09:00-13:00 (4h)
        // -> Tue 13:00 EST = 18:00Z.
        var history = new TicketHistoryBuilder()
            .Created("2026-01-09T14:00:00Z", Priority.Urgent)
            .Status("2026-01-09T20:00:00Z", TicketStatus.Pending)
            .Status("2026-01-12T16:00:00Z", TicketStatus.Open);

        var resolution = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-01-12T16:00:00Z")), "resolution");

        Assert.Equal(At("2026-01-13T18:00:00Z"), resolution.Deadline);
        Assert.Equal(Duration.FromHours(6), resolution.Elapsed);
        Assert.Equal(MetricState.Active, resolution.State);
    }

    [Fact]
    public void Paused_clock_has_no_deadline_and_no_wake_up()
    {
        // Saturday, while pending: resolution is paused with 6h elapsed; first_reply (24x7, 4h) breached at 18:00Z
        // on Friday, so nothing is left to wake up for.
        var history = new TicketHistoryBuilder()
            .Created("2026-01-09T14:00:00Z", Priority.Urgent)
            .Status("2026-01-09T20:00:00Z", TicketStatus.Pending);

        var evaluation = SlaEngine.Evaluate(Config, history.Events, At("2026-01-10T12:00:00Z"));
        var resolution = Metric(evaluation, "resolution");

        Assert.Equal(MetricState.Paused, resolution.State);
        Assert.Null(resolution.Deadline);
        Assert.Null(resolution.AtRiskAt);
        Assert.Equal(Duration.FromHours(6), resolution.Elapsed);
        Assert.Equal(MetricState.Breached, Metric(evaluation, "first_reply").State);
        Assert.Null(evaluation.NextWakeUp);
    }

    [Fact]
    public void Reopen_resumes_resolution_with_its_elapsed_time()
    {
        // Normal resolution: 8h on 24x7. Solved at 03:00 after 3h; reopened 05:00; at 06:00 elapsed is 3h + 1h = 4h
        // and the deadline 05:00 + 5h = 10:00; solved again at 09:00: achieved with 7h.
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z")
            .Status("2026-05-01T03:00:00Z", TicketStatus.Solved)
            .Status("2026-05-01T05:00:00Z", TicketStatus.Open);

        var reopened = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T06:00:00Z")), "resolution");
        history.Status("2026-05-01T09:00:00Z", TicketStatus.Solved);
        var solved = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T12:00:00Z")), "resolution");

        Assert.Equal((MetricState.Active, Duration.FromHours(4), (Instant?)At("2026-05-01T10:00:00Z"), (Instant?)null), (reopened.State, reopened.Elapsed, reopened.Deadline, reopened.AchievedAt));
        Assert.Equal((MetricState.Achieved, Duration.FromHours(7), (Instant?)At("2026-05-01T09:00:00Z")), (solved.State, solved.Elapsed, solved.AchievedAt));
    }

    [Fact]
    public void Solving_without_a_reply_cancels_first_reply_and_a_reopen_resumes_it()
    {
        // First reply: 8h on 24x7. Solved at 02:00 (2h), reopened at 10:00: 6h left -> 16:00.
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z")
            .Status("2026-05-01T02:00:00Z", TicketStatus.Solved);

        var whileSolved = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T09:00:00Z")), "first_reply");
        history.Status("2026-05-01T10:00:00Z", TicketStatus.Open);
        var reopened = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T10:00:00Z")), "first_reply");

        Assert.Equal((MetricState.Cancelled, (Instant?)null), (whileSolved.State, whileSolved.Deadline));
        Assert.Equal((MetricState.Active, (Instant?)At("2026-05-01T16:00:00Z")), (reopened.State, reopened.Deadline));
    }

    [Fact]
    public void Priority_raised_mid_clock_applies_the_new_target_from_the_start()
    {
        // First reply normal 8h, urgent 4h (24x7), at risk at 75%. Created 00:00, urgent at 02:00: deadline
        // 00:00 + 4h = 04:00, at risk at 3h = 03:00, the next wake-up.
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z")
            .Priority("2026-05-01T02:00:00Z", Priority.Urgent);

        var evaluation = SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T02:30:00Z"));
        var firstReply = Metric(evaluation, "first_reply");

        Assert.Equal((MetricState.Active, (Instant?)At("2026-05-01T04:00:00Z"), (Instant?)At("2026-05-01T03:00:00Z")), (firstReply.State, firstReply.Deadline, firstReply.AtRiskAt));
        Assert.Equal(At("2026-05-01T03:00:00Z"), evaluation.NextWakeUp);
    }

    [Fact]
    public void Priority_raised_past_the_new_target_breaches_at_the_new_deadline()
    {
        // Urgent at 05:00 with 5h elapsed: the 4h target was reached at 04:00.
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z")
            .Priority("2026-05-01T05:00:00Z", Priority.Urgent);

        var firstReply = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T05:00:00Z")), "first_reply");

        Assert.Equal((MetricState.Breached, (Instant?)At("2026-05-01T04:00:00Z")), (firstReply.State, firstReply.BreachedAt));
    }

    [Fact]
    public void Priority_lowered_after_a_breach_keeps_the_breach()
    {
        // Urgent first reply (4h) breached at 04:00; lowered to normal (8h) at 05:00. At 06:00 the normal deadline
        // (08:00) is ahead, but the breach happened under urgent and stays, with the deadline it missed.
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z", Priority.Urgent)
            .Priority("2026-05-01T05:00:00Z", Priority.Normal);

        var firstReply = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T06:00:00Z")), "first_reply");

        Assert.Equal((MetricState.Breached, (Instant?)At("2026-05-01T04:00:00Z"), (Instant?)At("2026-05-01T04:00:00Z")), (firstReply.State, firstReply.BreachedAt, firstReply.Deadline));
        Assert.Equal(MetricTransitionKind.Breached, Assert.Single(firstReply.Transitions, t => t.Kind != MetricTransitionKind.AtRisk).Kind);
    }

    [Fact]
    public void Policy_change_after_a_breach_keeps_the_breach_and_achieving_later_stays_breached()
    {
        // Tagged vip: first reply 1h, breached 01:00. The tag is removed at 02:00 and 'standard' (8h) applies; the
        // agent replies at 03:30: achieved late.
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z", Priority.Normal, "vip")
            .Tags("2026-05-01T02:00:00Z")
            .AgentReply("2026-05-01T03:30:00Z");

        var evaluation = SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T04:00:00Z"));
        var firstReply = Metric(evaluation, "first_reply");

        Assert.Equal("standard", evaluation.PolicyId);
        Assert.Equal(
            (MetricState.Breached, (Instant?)At("2026-05-01T01:00:00Z"), (Instant?)At("2026-05-01T03:30:00Z")),
            (firstReply.State, firstReply.BreachedAt, firstReply.AchievedAt));
    }

    [Fact]
    public void Recorded_breach_stays_when_a_new_configuration_would_not_breach()
    {
        // Under the configuration in force the deadline is 08:00, but the grain recorded a breach at 01:00 under
        // the configuration before; the breach stays.
        var history = new TicketHistoryBuilder().Created("2026-05-01T00:00:00Z");
        var recorded = new Dictionary<string, Instant> { ["first_reply"] = At("2026-05-01T01:00:00Z") };

        var firstReply = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T02:00:00Z"), recorded), "first_reply");

        Assert.Equal((MetricState.Breached, (Instant?)At("2026-05-01T01:00:00Z")), (firstReply.State, firstReply.BreachedAt));
    }

    [Fact]
    public void Reply_at_the_creation_instant_achieves_first_reply_in_any_arrival_order()
    {
        // Created and replied at the same instant: created sorts first, so first reply is achieved with 0 elapsed.
        var history = new TicketHistoryBuilder()
            .AgentReply("2026-05-01T00:00:00Z")
            .Created("2026-05-01T00:00:00Z");

        var firstReply = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T01:00:00Z")), "first_reply");

        Assert.Equal((MetricState.Achieved, (Instant?)At("2026-05-01T00:00:00Z"), Duration.Zero), (firstReply.State, firstReply.AchievedAt, firstReply.Elapsed));
    }

    [Fact]
    public void Status_change_and_reply_at_the_same_instant_apply_the_update_first()
    {
        // Solved and the reply both at 02:00: the update sorts before the comment, so periodic_update's cycle that
        // the reply opens starts on a solved ticket and is cancelled; first_reply is achieved at 02:00.
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z")
            .AgentReply("2026-05-01T02:00:00Z")
            .Status("2026-05-01T02:00:00Z", TicketStatus.Solved);

        var evaluation = SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T03:00:00Z"));

        Assert.Equal(MetricState.Achieved, Metric(evaluation, "first_reply").State);
        Assert.Equal((MetricState.Achieved, (Instant?)At("2026-05-01T02:00:00Z")), (Metric(evaluation, "resolution").State, Metric(evaluation, "resolution").AchievedAt));
    }

    [Fact]
    public void Reply_at_the_deadline_instant_is_on_time()
    {
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z")
            .AgentReply("2026-05-01T08:00:00Z");

        var firstReply = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T09:00:00Z")), "first_reply");

        Assert.Equal((MetricState.Achieved, (Instant?)null), (firstReply.State, firstReply.BreachedAt));
    }

    [Fact]
    public void Lead_time_makes_a_metric_at_risk_before_the_percentage()
    {
        // Urgent resolution on ny: 16h, at risk at 90% (14h24m) or 2h before (14h elapsed): 14h comes first.
        // Created Mon 12 Jan 09:00 EST: 8h Monday, 6h Tuesday -> Tue 15:00 EST = 20:00Z.
        var history = new TicketHistoryBuilder().Created("2026-01-12T14:00:00Z", Priority.Urgent);

        var resolution = Metric(SlaEngine.Evaluate(Config, history.Events, At("2026-01-12T15:00:00Z")), "resolution");

        Assert.Equal(At("2026-01-13T20:00:00Z"), resolution.AtRiskAt);
        Assert.Equal(At("2026-01-13T22:00:00Z"), resolution.Deadline);
    }

    [Fact]
    public void At_risk_state_and_transition_once_the_threshold_passes()
    {
        // Normal first reply 8h at 75%: at risk from 06:00; at 07:00 the state is at risk and the next wake-up is
        // the deadline 08:00 (resolution's 8h deadline is the same instant).
        var history = new TicketHistoryBuilder().Created("2026-05-01T00:00:00Z");

        var evaluation = SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T07:00:00Z"));
        var firstReply = Metric(evaluation, "first_reply");

        Assert.Equal(MetricState.AtRisk, firstReply.State);
        Assert.Equal([new MetricTransition(MetricTransitionKind.AtRisk, At("2026-05-01T06:00:00Z"))], firstReply.Transitions);
        Assert.Equal(At("2026-05-01T08:00:00Z"), evaluation.NextWakeUp);
    }

    [Fact]
    public void Events_dated_after_now_are_not_applied_yet_and_wake_the_ticket()
    {
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z")
            .AgentReply("2026-05-01T01:00:00Z");

        var evaluation = SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T00:30:00Z"));

        Assert.Equal(MetricState.Active, Metric(evaluation, "first_reply").State);
        Assert.Equal(At("2026-05-01T01:00:00Z"), evaluation.NextWakeUp);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public void Duplicate_events_count_once(int updatesBetween)
    {
        // Solved, reopened, then the solve arrives again (same source and id, re-stamped): the repeat must not solve
        // the reopened ticket. Short and long histories look for repeats differently (a scan, a set): both are tried.
        var solved = new TicketEvent("zendesk", "42", At("2026-05-01T02:00:00Z"), TicketEventType.Updated, new TicketChanges { Status = TicketStatus.Solved }, null);
        var reopened = new TicketEvent("zendesk", "43", At("2026-05-01T03:00:00Z"), TicketEventType.Updated, new TicketChanges { Status = TicketStatus.Open }, null);
        var updates = Enumerable.Range(1, updatesBetween).Select(n =>
            new TicketEvent("zendesk", $"note-{n}", At("2026-05-01T03:00:00Z").Plus(Duration.FromSeconds(n)), TicketEventType.Updated, new TicketChanges(), null));
        var history = new TicketHistoryBuilder().Created("2026-05-01T00:00:00Z").Events.Append(solved).Append(reopened).Concat(updates).ToList();
        var repeat = solved with { Time = At("2026-05-01T04:00:00Z") };
        (MetricState, Instant?, Instant?, Duration, bool) Resolution(IEnumerable<TicketEvent> events) =>
            Metric(SlaEngine.Evaluate(Config, events, At("2026-05-01T05:00:00Z")), "resolution") is var m
                ? (m.State, m.Deadline, m.AchievedAt, m.Elapsed, m.Running)
                : default;

        Assert.Equal(Resolution(history), Resolution(history.Append(repeat)));

        // The same solve under an id of its own is a second solve, and does change the resolution.
        Assert.NotEqual(Resolution(history), Resolution(history.Append(repeat with { Id = "44" })));
    }

    [Fact]
    public void Ticket_no_policy_matches_has_no_clocks()
    {
        var none = TestConfigurations.FromYaml("""
            policies:
              - id: only-urgent
                when: { priority: [urgent] }
                targets:
                  urgent:
                    first_reply: { target: PT1H, calendar: 24x7 }
            """);
        var history = new TicketHistoryBuilder().Created("2026-05-01T00:00:00Z");

        var evaluation = SlaEngine.Evaluate(none, history.Events, At("2026-05-01T05:00:00Z"));

        Assert.Equal((null, 0, (Instant?)null), (evaluation.PolicyId, evaluation.Metrics.Count, evaluation.NextWakeUp));
    }

    [Fact]
    public void Periodic_update_runs_from_each_public_reply_to_the_next()
    {
        var periodic = TestConfigurations.FromYaml("""
            policies:
              - id: p
                targets:
                  normal:
                    periodic_update: { target: PT2H, calendar: 24x7 }
            """);
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z")
            .AgentReply("2026-05-01T01:00:00Z")
            .AgentReply("2026-05-01T02:00:00Z", isPublic: false)
            .AgentReply("2026-05-01T04:00:00Z");

        var evaluation = SlaEngine.Evaluate(periodic, history.Events, At("2026-05-01T05:00:00Z"));

        // Cycle 0: 01:00 -> 04:00 (the private note does not count): deadline 03:00, achieved late at 04:00.
        // Cycle 1: from 04:00, deadline 06:00, the next wake-up.
        Assert.Equal(["periodic_update#0", "periodic_update#1"], evaluation.Metrics.Select(m => m.Id));
        Assert.Equal((MetricState.Breached, (Instant?)At("2026-05-01T03:00:00Z")), (evaluation.Metrics[0].State, evaluation.Metrics[0].BreachedAt));
        Assert.Equal((MetricState.Active, (Instant?)At("2026-05-01T06:00:00Z")), (evaluation.Metrics[1].State, evaluation.Metrics[1].Deadline));
        Assert.Equal(At("2026-05-01T06:00:00Z"), evaluation.NextWakeUp);
    }

    [Fact]
    public void Ticket_fields_follow_the_history()
    {
        var history = new TicketHistoryBuilder()
            .Created("2026-05-01T00:00:00Z", Priority.High, "billing")
            .Status("2026-05-01T01:00:00Z", TicketStatus.Pending);

        var ticket = SlaEngine.Evaluate(Config, history.Events, At("2026-05-01T02:00:00Z")).Ticket;

        Assert.Equal((TicketStatus.Pending, Priority.High, (Instant?)At("2026-05-01T00:00:00Z")), (ticket.Status, ticket.Priority, ticket.CreatedAt));
        Assert.Equal(["billing"], ticket.Tags);
    }
}
