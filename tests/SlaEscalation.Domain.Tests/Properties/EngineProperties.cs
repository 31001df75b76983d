using CsCheck;
using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Properties;

/// <summary>Laws the clock engine keeps for any history.</summary>
public sealed class EngineProperties
{
    /// <summary>Two policies chosen by a tag, targets on business hours and around the clock, at-risk points.</summary>
    internal static readonly SlaConfiguration Config = TestConfigurations.FromYaml("""
        calendars:
          ny:
            zone: America/New_York
            windows:
              mon-fri: [["09:00", "17:00"]]
            holidays: ["2026-07-03"]
        policies:
          - id: vip
            when: { tags: { any: [vip] } }
            targets:
              urgent: { first_reply: { target: PT30M, calendar: 24x7 }, resolution: { target: PT4H, calendar: ny } }
              normal: { first_reply: { target: PT2H, calendar: ny }, next_reply: { target: PT1H, calendar: ny } }
            atRisk:
              first_reply: { percent: 50 }
          - id: standard
            targets:
              urgent: { first_reply: { target: PT1H, calendar: ny }, periodic_update: { target: PT3H, calendar: 24x7 } }
              normal:
                first_reply: { target: PT8H, calendar: ny }
                next_reply: { target: PT4H, calendar: ny }
                periodic_update: { target: P1D, calendar: 24x7 }
                resolution: { target: PT40H, calendar: ny }
            atRisk:
              resolution: { percent: 75, leadTime: PT4H }
        """);

    private static readonly Instant Origin = Instant.FromUtc(2026, 7, 1, 12, 0);

    /// <summary>One event after creation, at a whole number of 15-minute steps so equal times are frequent.</summary>
    private static readonly Gen<(int Step, int Kind)> Steps = Gen.Select(Gen.Int[0, 600], Gen.Int[0, 7]);

    private static List<TicketEvent> History(List<(int Step, int Kind)> steps) => GeneratedHistory.Of(Origin, steps);

    private static TicketEvent Event(int step, string id, TicketEventType type, TicketChanges changes, CommentInfo? comment) =>
        GeneratedHistory.Event(Origin, step, id, type, changes, comment);

    private static string Render(TicketSlaEvaluation evaluation) => GeneratedHistory.Render(evaluation);

    [Fact]
    public void Same_events_in_any_arrival_order_and_with_repeats_give_the_same_result()
    {
        Gen.Select(Steps.List[0, 50], Gen.Int, Gen.Int[0, 700]).Sample((steps, seed, nowStep) =>
        {
            var history = History(steps);
            var now = Origin + Duration.FromMinutes(15 * nowStep);
            var shuffled = history.Concat(history.Take(history.Count / 3)).ToArray();
            new Random(seed).Shuffle(shuffled);

            Assert.Equal(Render(SlaEngine.Evaluate(Config, history, now)), Render(SlaEngine.Evaluate(Config, shuffled, now)));
        }, iter: 400);
    }

    [Fact]
    public void Pausing_never_moves_a_deadline_earlier()
    {
        Gen.Select(Gen.Int[1, 300], Gen.Int[1, 300], Gen.Int[0, 100]).Sample((pauseAt, pauseFor, after) =>
        {
            var created = Event(0, "created", TicketEventType.Created, new TicketChanges { Priority = Priority.Normal }, null);
            var pending = Event(pauseAt, "pending", TicketEventType.Updated, new TicketChanges { Status = TicketStatus.Pending }, null);
            var open = Event(pauseAt + pauseFor, "open", TicketEventType.Updated, new TicketChanges { Status = TicketStatus.Open }, null);
            var now = Origin + Duration.FromMinutes(15 * (pauseAt + pauseFor + after));

            var plain = SlaEngine.Evaluate(Config, [created], now).Metrics.Single(m => m.Id == "resolution");
            var paused = SlaEngine.Evaluate(Config, [created, pending, open], now).Metrics.Single(m => m.Id == "resolution");

            Assert.True(plain.Deadline <= paused.Deadline, $"{plain.Deadline} > {paused.Deadline}");
            Assert.True(paused.Elapsed <= plain.Elapsed);
        }, iter: 400);
    }

    [Fact]
    public void Deadline_is_a_running_clock_reaching_its_target()
    {
        Gen.Select(Steps.List[0, 30], Gen.Int[0, 700]).Sample((steps, nowStep) =>
        {
            var now = Origin + Duration.FromMinutes(15 * nowStep);
            foreach (var metric in SlaEngine.Evaluate(Config, History(steps), now).Metrics)
            {
                if (metric.State is MetricState.Active or MetricState.AtRisk)
                {
                    // A running clock's deadline is ahead of now, and its elapsed time is short of the target.
                    Assert.True(metric.Deadline > now, $"{metric.Id}: {metric.Deadline} <= {now}");
                    Assert.True(metric.Elapsed < metric.Target.Target);
                }

                if (metric.BreachedAt is { } breached)
                {
                    Assert.True(breached <= now);
                    Assert.Equal(MetricState.Breached, metric.State);
                }
            }
        }, iter: 400);
    }
}
