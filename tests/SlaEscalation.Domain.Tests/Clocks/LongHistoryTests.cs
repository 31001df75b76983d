using NodaTime;
using NodaTime.Text;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tickets;
using static SlaEscalation.Domain.Tests.Builders.TicketHistoryBuilder;

namespace SlaEscalation.Domain.Tests.Clocks;

/// <summary>Tickets with thousands of events get the clocks a reader can work out by hand, and a history kept in order counts the same as one sorted afresh.</summary>
public sealed class LongHistoryTests
{
    private static readonly SlaConfiguration Config = TestConfigurations.FromYaml("""
        calendars:
          ny:
            zone: America/New_York
            windows:
              mon-fri: [["09:00", "17:00"]]
        policies:
          - id: vip
            when:
              tags: { any: [vip] }
            targets:
              normal:
                first_reply: { target: PT1H, calendar: 24x7 }
                next_reply: { target: PT2H, calendar: ny }
                resolution: { target: PT40H, calendar: ny }
              urgent:
                first_reply: { target: PT30M, calendar: 24x7 }
                next_reply: { target: PT1H, calendar: ny }
                resolution: { target: PT20H, calendar: ny }
          - id: standard
            targets:
              normal:
                first_reply: { target: PT8H, calendar: 24x7 }
                next_reply: { target: PT4H, calendar: 24x7 }
                periodic_update: { target: P1D, calendar: 24x7 }
                resolution: { target: PT8H, calendar: 24x7 }
        """);

    [Fact]
    public void A_thousand_pauses_each_stop_the_resolution_clock_for_their_five_minutes()
    {
        // Standard, normal: resolution 8h on 24x7. Open for 5 minutes, pending for 5, a thousand times from
        // Mon 5 Jan 00:00Z. 480 running minutes are 96 open spells: the 96th ends at 95 x 10 + 5 = 955 min (15:55Z).
        // By 10,000 min the clock ran 1,000 x 5 = 5,000 min.
        var start = At("2026-01-05T00:00:00Z");
        var history = new TicketHistoryBuilder().Created(Text(start));
        for (var i = 0; i < 1_000; i++)
        {
            history.Status(Text(start + Duration.FromMinutes((i * 10) + 5)), TicketStatus.Pending)
                .Status(Text(start + Duration.FromMinutes((i * 10) + 10)), TicketStatus.Open);
        }

        var resolution = Assert.Single(SlaEngine.Evaluate(Config, history.Events, start + Duration.FromMinutes(10_000)).Metrics, m => m.Id == "resolution");

        Assert.Equal((MetricState.Breached, At("2026-01-05T15:55:00Z"), Duration.FromMinutes(5_000)), (resolution.State, resolution.BreachedAt, resolution.Elapsed));
    }

    [Fact]
    public void Two_status_changes_at_one_instant_leave_the_later_in_order_in_effect()
    {
        // Pending and open at 01:00Z (ids e1, e2: open is later in order), so the clock never stops: 2h by 02:00Z.
        var history = new TicketHistoryBuilder()
            .Created("2026-01-05T00:00:00Z")
            .Status("2026-01-05T01:00:00Z", TicketStatus.Pending)
            .Status("2026-01-05T01:00:00Z", TicketStatus.Open);

        var resolution = Assert.Single(SlaEngine.Evaluate(Config, history.Events, At("2026-01-05T02:00:00Z")).Metrics, m => m.Id == "resolution");

        Assert.Equal((MetricState.Active, Duration.FromHours(2)), (resolution.State, resolution.Elapsed));
    }

    [Theory]
    [InlineData("2026-03-06T12:00:00Z", 1_000)]
    [InlineData("2026-03-06T12:00:00Z", 4_000)]
    [InlineData("2026-10-30T12:00:00Z", 4_000)]
    public void A_long_history_ordered_in_parts_gives_the_clocks_of_the_whole(string created, int events)
    {
        // Replies, pauses, a solve and a reopen, priority and policy (vip tag) changes, across a DST change of the
        // New York calendar (8 Mar and 1 Nov 2026); the history ordered as a ticket keeps it (what it held, then what
        // arrived) evaluates as the whole history shuffled.
        var start = At(created);
        var all = LongHistory(start, events);
        var now = all.Max(e => e.Time) + Duration.FromHours(1);
        var shuffled = all.OrderBy(e => e.Id.GetHashCode(StringComparison.Ordinal)).ToArray();
        var kept = TicketHistory.Order(TicketHistory.Order(all.Take(events / 2)).Concat(all.Skip(events / 2)));

        var whole = SlaEngine.Evaluate(Config, shuffled, now);
        var inParts = SlaEngine.EvaluateOrdered(Config, kept, now);

        Assert.Equal(Describe(whole), Describe(inParts));
        Assert.True(whole.Metrics.Count(m => m.Metric == Policies.SlaMetric.NextReply) > events / 10, "the history makes many reply cycles");
    }

    [Theory]
    [InlineData(0, 5, 5)]
    [InlineData(24_998, 5, 2)]
    [InlineData(25_000, 1, 0)]
    [InlineData(25_010, 3, 0)]
    public void A_history_takes_new_events_up_to_its_limit(int held, int arriving, int admitted) =>
        Assert.Equal(admitted, TicketHistoryLimit.Admits(held, arriving));

    private static List<TicketEvent> LongHistory(Instant start, int count)
    {
        var history = new TicketHistoryBuilder().Created(Text(start));
        for (var i = 1; i < count; i++)
        {
            var at = Text(start + Duration.FromMinutes(i * 7));
            _ = (i % 50) switch
            {
                10 => history.Status(at, TicketStatus.Pending),
                12 => history.Status(at, TicketStatus.Open),
                20 when i % 400 == 220 => history.Status(at, TicketStatus.Solved),
                21 when i % 400 == 221 => history.Status(at, TicketStatus.Open),
                30 => history.Priority(at, i % 100 == 30 ? Priority.Urgent : Priority.Normal),
                40 => history.Tags(at, i % 200 == 40 ? ["vip"] : []),
                _ when i % 2 == 1 => history.RequesterComment(at),
                _ => history.AgentReply(at),
            };
        }

        return [.. history.Events];
    }

    private static string[] Describe(TicketSlaEvaluation evaluation) =>
    [
        $"{evaluation.PolicyId} {evaluation.Ticket.Status} {evaluation.Ticket.Priority} next {evaluation.NextWakeUp}",
        .. evaluation.Metrics.Select(m =>
            $"{m.Id} {m.State} {m.StartedAt} {m.Deadline} {m.AtRiskAt} {m.BreachedAt} {m.AchievedAt} {m.Elapsed} {m.Target} {string.Join(',', m.Transitions.Select(t => $"{t.Kind}@{t.At}"))}"),
    ];

    private static string Text(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
