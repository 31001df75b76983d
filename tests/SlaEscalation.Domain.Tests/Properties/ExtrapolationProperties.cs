using CsCheck;
using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Tests.Builders;
using SlaEscalation.Domain.Tests.Scenarios;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Properties;

/// <summary>An evaluation carried forward to a later instant says what evaluating the history again there says.</summary>
public sealed class ExtrapolationProperties
{
    /// <summary>Business-hour calendars in two zones, a holiday, and targets long enough to run across nights and weekends.</summary>
    private static readonly SlaConfiguration Config = TestConfigurations.FromYaml("""
        calendars:
          ny:
            zone: America/New_York
            windows:
              mon-fri: [["09:00", "17:00"]]
            holidays: ["2026-03-10", "2026-11-03"]
          berlin:
            zone: Europe/Berlin
            windows:
              mon-fri: [["08:00", "12:00"], ["13:00", "18:30"]]
              sat: [["10:00", "14:00"]]
        policies:
          - id: vip
            when: { tags: { any: [vip] } }
            targets:
              urgent: { first_reply: { target: PT30M, calendar: 24x7 }, resolution: { target: PT4H, calendar: ny } }
              normal: { first_reply: { target: PT2H, calendar: berlin }, next_reply: { target: PT1H, calendar: ny } }
            atRisk:
              first_reply: { percent: 50 }
          - id: standard
            targets:
              urgent: { first_reply: { target: PT1H, calendar: ny }, periodic_update: { target: PT3H, calendar: berlin } }
              normal:
                first_reply: { target: PT8H, calendar: ny }
                next_reply: { target: PT4H, calendar: berlin }
                periodic_update: { target: P1D, calendar: 24x7 }
                resolution: { target: PT40H, calendar: ny }
            atRisk:
              resolution: { percent: 75, leadTime: PT4H }
        """);

    /// <summary>Shortly before a daylight-saving change in New York (8 March, 1 November 2026) and in Berlin (29 March, 25 October).</summary>
    private static readonly Instant[] Origins =
    [
        Instant.FromUtc(2026, 3, 6, 13, 0),
        Instant.FromUtc(2026, 3, 27, 9, 0),
        Instant.FromUtc(2026, 10, 23, 16, 0),
        Instant.FromUtc(2026, 10, 30, 21, 0),
    ];

    /// <summary>Minutes after an evaluation, up to five days: odd ones, and whole hours that fall on openings and closings.</summary>
    private static readonly Gen<int[]> Offsets = Gen.OneOf(Gen.Int[1, 7_200], Gen.Int[1, 120].Select(hours => hours * 60)).Array[1, 12];

    [Fact]
    public void An_evaluation_carried_to_any_instant_before_its_wake_up_is_the_evaluation_there()
    {
        Gen.Select(Gen.Select(Gen.Int[0, 300], Gen.Int[0, 7]).List[0, 40], Gen.Int[0, Origins.Length - 1], Gen.Int[0, 400], Offsets).Sample((steps, origin, evaluatedStep, offsets) =>
        {
            var history = GeneratedHistory.Of(Origins[origin], steps);
            AssertCarriedForward(Config, history, Origins[origin] + Duration.FromMinutes(15 * evaluatedStep), offsets);
        }, iter: 400);
    }

    [Fact]
    public void The_hand_checked_cases_carried_forward_are_the_cases_evaluated_again()
    {
        foreach (var c in ScenarioFiles.Load("ticket-cases.json").GetProperty("cases").EnumerateArray())
        {
            var configuration = TicketScenarioTests.Configuration(c);
            var history = TicketScenarioTests.Events(c.GetProperty("events"));
            for (var at = history[0].Time; at < history[^1].Time + Duration.FromDays(3); at += Duration.FromMinutes(20))
            {
                AssertCarriedForward(configuration, history, at, [1, 7, 60, 300, 1_020, 4_320]);
            }
        }
    }

    [Fact]
    public void An_evaluation_holds_up_to_its_wake_up_and_not_at_it()
    {
        // Standard, normal: first reply 8h on New York business hours from Friday 6 March 2026 14:00 EST (19:00Z):
        // 3h on Friday, the rest from Monday 09:00 EDT (13:00Z, after the change to summer time): due Monday 18:00Z.
        var history = new TicketHistoryBuilder().Created("2026-03-06T19:00:00Z");
        var evaluatedAt = TicketHistoryBuilder.At("2026-03-06T20:00:00Z");
        var evaluation = SlaEngine.Evaluate(Config, history.Events, evaluatedAt);

        var monday = SlaExtrapolation.At(Config, evaluation, evaluatedAt, TicketHistoryBuilder.At("2026-03-09T15:00:00Z"))!;

        var firstReply = monday.Metrics.Single(m => m.Id == "first_reply");
        Assert.Equal((TicketHistoryBuilder.At("2026-03-09T18:00:00Z"), Duration.FromHours(5), true), (firstReply.Deadline, firstReply.Elapsed, firstReply.Running));
        Assert.Equal(TicketHistoryBuilder.At("2026-03-09T18:00:00Z"), evaluation.NextWakeUp);
        Assert.Null(SlaExtrapolation.At(Config, evaluation, evaluatedAt, evaluation.NextWakeUp!.Value));
        Assert.Null(SlaExtrapolation.At(Config, evaluation, evaluatedAt, evaluatedAt - Duration.FromSeconds(1)));
    }

    private static void AssertCarriedForward(SlaConfiguration configuration, IReadOnlyList<TicketEvent> history, Instant evaluatedAt, int[] offsetMinutes)
    {
        var evaluation = SlaEngine.Evaluate(configuration, history, evaluatedAt);
        foreach (var offset in offsetMinutes)
        {
            var now = evaluatedAt + Duration.FromMinutes(offset) + Duration.FromSeconds(offset % 7);
            var carried = SlaExtrapolation.At(configuration, evaluation, evaluatedAt, now);
            if (now >= evaluation.HoldsUntil)
            {
                Assert.Null(carried);
                continue;
            }

            Assert.True(carried is not null, $"evaluated at {evaluatedAt}, holds until {evaluation.HoldsUntil}, wanted at {now}");
            Assert.Equal(GeneratedHistory.Render(SlaEngine.Evaluate(configuration, history, now)), GeneratedHistory.Render(carried));
        }
    }
}
