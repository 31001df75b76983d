using BenchmarkDotNet.Attributes;
using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Benchmarks;

/// <summary>A full recompute of a ticket with 50 events: comments both ways, pauses, a priority change.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private SlaConfiguration _configuration = null!;
    private TicketEvent[] _history = null!;
    private Instant _now;

    [GlobalSetup]
    public void Setup()
    {
        _configuration = ConfigurationDocument.ParseYaml("""
            calendars:
              ny:
                zone: America/New_York
                windows:
                  mon-fri: [["09:00", "17:00"]]
                holidays: ["2026-07-03", "2026-12-25"]
            policies:
              - id: vip
                when: { tags: { any: [vip] }, priority: [urgent, high] }
                targets:
                  urgent: { first_reply: { target: PT30M, calendar: 24x7 } }
              - id: standard
                targets:
                  high:
                    first_reply: { target: PT4H, calendar: ny }
                    next_reply: { target: PT8H, calendar: ny }
                    periodic_update: { target: P1D, calendar: ny }
                    resolution: { target: PT40H, calendar: ny }
                  normal:
                    first_reply: { target: PT8H, calendar: ny }
                    next_reply: { target: PT8H, calendar: ny }
                    periodic_update: { target: P1D, calendar: ny }
                    resolution: { target: P1W, calendar: ny }
                atRisk:
                  first_reply: { percent: 75 }
                  next_reply: { percent: 75, leadTime: PT1H }
                  resolution: { percent: 80 }
            """).Value!;

        var start = Instant.FromUtc(2026, 6, 1, 13, 0);
        var events = new List<TicketEvent> { new("bench", "0", start, TicketEventType.Created, new TicketChanges { Priority = Priority.Normal, Tags = ["billing"] }, null) };
        for (var i = 1; i < 50; i++)
        {
            var time = start + Duration.FromMinutes(97 * i);
            events.Add((i % 10) switch
            {
                0 or 4 or 7 => new TicketEvent("bench", $"{i}", time, TicketEventType.CommentAdded, TicketChanges.None, new CommentInfo(AuthorRole.Agent, true)),
                1 or 5 or 8 => new TicketEvent("bench", $"{i}", time, TicketEventType.CommentAdded, TicketChanges.None, new CommentInfo(AuthorRole.Requester, true)),
                2 => new TicketEvent("bench", $"{i}", time, TicketEventType.Updated, new TicketChanges { Status = TicketStatus.Pending }, null),
                3 => new TicketEvent("bench", $"{i}", time, TicketEventType.Updated, new TicketChanges { Status = TicketStatus.Open }, null),
                6 => new TicketEvent("bench", $"{i}", time, TicketEventType.CommentAdded, TicketChanges.None, new CommentInfo(AuthorRole.Agent, false)),
                _ => new TicketEvent("bench", $"{i}", time, TicketEventType.Updated, new TicketChanges { Priority = i % 20 == 9 ? Priority.High : Priority.Normal }, null),
            });
        }

        // Arrival order is not time order: the engine sorts.
        _history = [.. events.OrderBy(e => e.Id, StringComparer.Ordinal)];
        _now = start + Duration.FromDays(5);
        Recompute_50_events();
    }

    [Benchmark]
    public TicketSlaEvaluation Recompute_50_events() => SlaEngine.Evaluate(_configuration, _history, _now);
}
