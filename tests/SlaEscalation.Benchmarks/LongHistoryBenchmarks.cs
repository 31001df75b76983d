using BenchmarkDotNet.Attributes;
using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Benchmarks;

/// <summary>
/// A ticket with the load tool's long history (comments both ways a minute apart, a pending/open pair every 20
/// events, a priority change every 500): its last event derived from scratch, from the evaluation before it, and a
/// read a minute later carried forward from the last evaluation.
/// </summary>
[MemoryDiagnoser]
public class LongHistoryBenchmarks
{
    private SlaConfiguration _configuration = null!;
    private TicketEvent[] _history = null!;
    private TicketSlaEvaluation _beforeLast = null!;
    private TicketSlaEvaluation _last = null!;
    private Instant _now;

    [Params(5_000, 20_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _configuration = ConfigurationDocument.ParseYaml("""
            policies:
              - id: standard
                targets:
                  high:
                    first_reply: { target: PT1H, calendar: 24x7 }
                    next_reply: { target: PT1H, calendar: 24x7 }
                    periodic_update: { target: PT1H, calendar: 24x7 }
                    resolution: { target: PT1H, calendar: 24x7 }
                  urgent:
                    first_reply: { target: PT30M, calendar: 24x7 }
                    next_reply: { target: PT30M, calendar: 24x7 }
                    periodic_update: { target: PT30M, calendar: 24x7 }
                    resolution: { target: PT30M, calendar: 24x7 }
            """).Value!;
        var start = Instant.FromUtc(2026, 1, 1, 0, 0);
        _history = TicketHistory.Order(Enumerable.Range(0, Events).Select(step => Event(start, step)));
        _now = _history[^1].Time + Duration.FromSeconds(1);
        _beforeLast = SlaEngine.EvaluateOrdered(_configuration, _history[..^1], _history[^2].Time + Duration.FromSeconds(1));
        _last = SlaEngine.EvaluateOrdered(_configuration, _history, _now);
    }

    [Benchmark(Baseline = true)]
    public TicketSlaEvaluation Last_event_derived_from_scratch() => SlaEngine.EvaluateOrdered(_configuration, _history, _now);

    [Benchmark]
    public TicketSlaEvaluation Last_event_from_the_evaluation_before() => SlaEngine.EvaluateOrdered(_configuration, _history, _now, earlier: _beforeLast);

    [Benchmark]
    public TicketSlaEvaluation? Read_a_minute_later_carried_forward() => SlaExtrapolation.At(_configuration, _last, _now, _now + Duration.FromMinutes(1));

    private static TicketEvent Event(Instant start, int step)
    {
        var time = start + Duration.FromMinutes(step);
        var id = $"e{step}";
        return step == 0 ? new("bench", id, time, TicketEventType.Created, new TicketChanges { Priority = Priority.High, Status = TicketStatus.Open }, null)
            : step % 500 == 250 ? new("bench", id, time, TicketEventType.Updated, new TicketChanges { Priority = step % 1000 == 250 ? Priority.Urgent : Priority.High }, null)
            : step % 20 is 5 or 6 ? new("bench", id, time, TicketEventType.Updated, new TicketChanges { Status = step % 20 == 5 ? TicketStatus.Pending : TicketStatus.Open }, null)
            : new("bench", id, time, TicketEventType.CommentAdded, TicketChanges.None, new CommentInfo(step % 2 == 1 ? AuthorRole.Requester : AuthorRole.Agent, true));
    }
}
