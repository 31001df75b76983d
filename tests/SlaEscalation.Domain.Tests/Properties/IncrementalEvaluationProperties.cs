using CsCheck;
using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Properties;

/// <summary>An evaluation that starts from an earlier one says what deriving the whole history afresh says.</summary>
public sealed class IncrementalEvaluationProperties
{
    private static readonly SlaConfiguration Config = EngineProperties.Config;

    /// <summary>Friday before the change to summer time in New York.</summary>
    private static readonly Instant Origin = Instant.FromUtc(2026, 3, 6, 13, 0);

    private static readonly Gen<List<(int Step, int Kind)>> Steps = Gen.Select(Gen.Int[0, 400], Gen.OneOf(Gen.Int[0, 1], Gen.Int[0, 7])).List[0, 60];

    [Fact]
    public void Events_appended_one_by_one_in_time_order_give_the_clocks_of_the_whole_history()
    {
        // As a ticket takes them: each event evaluated at its arrival, from the evaluation before it.
        Gen.Select(Steps, Gen.Int[0, 40]).Sample((steps, lagSteps) =>
        {
            var ordered = TicketHistory.Order(GeneratedHistory.Of(Origin, steps));
            var lag = Duration.FromMinutes(15 * lagSteps);
            TicketSlaEvaluation? earlier = null;
            for (var count = 1; count <= ordered.Length; count++)
            {
                var history = ordered[..count];
                var now = history[^1].Time + lag;
                var incremental = SlaEngine.EvaluateOrdered(Config, history, now, earlier: earlier);

                Assert.Equal(GeneratedHistory.Render(SlaEngine.EvaluateOrdered(Config, history, now)), GeneratedHistory.Render(incremental));
                earlier = incremental;
            }
        }, iter: 300);
    }

    [Fact]
    public void An_evaluation_from_any_earlier_part_of_the_history_gives_the_clocks_of_the_whole()
    {
        // The earlier part is any subset, so most arrivals land among the events it held and the engine falls back
        // to deriving everything; the earlier instant is any, events still in its future included.
        Gen.Select(Steps, Gen.Int, Gen.Int[0, 500], Gen.Int[0, 100]).Sample((steps, seed, earlierStep, laterSteps) =>
        {
            var ordered = TicketHistory.Order(GeneratedHistory.Of(Origin, steps));
            var random = new Random(seed);
            var kept = random.Next(2) == 0
                ? ordered[..random.Next(ordered.Length + 1)]
                : ordered.Where(_ => random.Next(3) > 0).ToArray();
            var earlierAt = Origin + Duration.FromMinutes(15 * earlierStep);
            var now = earlierAt + Duration.FromMinutes(15 * laterSteps);
            var earlier = SlaEngine.EvaluateOrdered(Config, kept, earlierAt);

            var incremental = SlaEngine.EvaluateOrdered(Config, ordered, now, earlier: earlier);

            Assert.Equal(GeneratedHistory.Render(SlaEngine.EvaluateOrdered(Config, ordered, now)), GeneratedHistory.Render(incremental));
        }, iter: 600);
    }

    [Fact]
    public void A_reply_appended_in_order_keeps_the_cycles_achieved_before_it_and_derives_the_rest()
    {
        // Standard, normal: the reply at 10:00Z achieves first_reply, the one at 11:00Z periodic_update#0. A
        // requester comment at 12:00Z and a reply at 12:30Z then make next_reply#0 and achieve periodic_update#1.
        // The clocks achieved before 12:00Z are the earlier evaluation's own; the others are derived again.
        var history = new TicketHistoryBuilder()
            .Created("2026-03-06T09:00:00Z")
            .RequesterComment("2026-03-06T09:30:00Z")
            .AgentReply("2026-03-06T10:00:00Z")
            .AgentReply("2026-03-06T11:00:00Z");
        var first = TicketHistory.Order(history.Events);
        var earlier = SlaEngine.EvaluateOrdered(Config, first, TicketHistoryBuilder.At("2026-03-06T11:30:00Z"));
        history.RequesterComment("2026-03-06T12:00:00Z").AgentReply("2026-03-06T12:30:00Z");
        var all = TicketHistory.Order(history.Events);

        var later = SlaEngine.EvaluateOrdered(Config, all, TicketHistoryBuilder.At("2026-03-06T13:00:00Z"), earlier: earlier);

        string[] kept = [.. later.Metrics.Where(m => earlier.Metrics.Any(e => ReferenceEquals(e, m))).Select(m => m.Id)];
        Assert.Equal(["first_reply", "periodic_update#0"], kept);
        Assert.Equal(["first_reply", "next_reply#0", "periodic_update#0", "periodic_update#1", "periodic_update#2", "resolution"], later.Metrics.Select(m => m.Id));
    }

    [Fact]
    public void A_change_at_the_instant_a_clock_was_achieved_derives_that_clock_again()
    {
        // Solved at 03:00Z after 3h, within normal's 8h; the priority then becomes urgent at that same instant, later
        // in order. The clock ends under urgent's 1h target now: breached at 01:00Z, as deriving it afresh says.
        var configuration = TestConfigurations.FromYaml("""
            policies:
              - id: standard
                targets:
                  normal: { resolution: { target: PT8H, calendar: 24x7 } }
                  urgent: { resolution: { target: PT1H, calendar: 24x7 } }
            """);
        var history = new TicketHistoryBuilder().Created("2026-03-06T00:00:00Z").Status("2026-03-06T03:00:00Z", TicketStatus.Solved);
        var now = TicketHistoryBuilder.At("2026-03-06T04:00:00Z");
        var earlier = SlaEngine.EvaluateOrdered(configuration, TicketHistory.Order(history.Events), now);
        history.Priority("2026-03-06T03:00:00Z", Priority.Urgent);

        var later = SlaEngine.EvaluateOrdered(configuration, TicketHistory.Order(history.Events), now, earlier: earlier);

        var resolution = Assert.Single(later.Metrics);
        Assert.Equal((MetricState.Achieved, MetricState.Breached), (earlier.Metrics[0].State, resolution.State));
        Assert.Equal(TicketHistoryBuilder.At("2026-03-06T01:00:00Z"), resolution.BreachedAt);
    }
}
