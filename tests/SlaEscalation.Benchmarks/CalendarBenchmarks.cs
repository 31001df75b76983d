using BenchmarkDotNet.Attributes;
using NodaTime;
using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;

namespace SlaEscalation.Benchmarks;

/// <summary>
/// Deadline computations on a business calendar with holidays. Each invocation computes 1,000 deadlines from
/// starts spread over two years, so per-deadline cost = reported time / 1,000.
/// </summary>
[MemoryDiagnoser]
public class CalendarBenchmarks
{
    private const int Batch = 1_000;
    private BusinessCalendar _calendar = null!;
    private Instant[] _starts = null!;

    [GlobalSetup]
    public void Setup()
    {
        var configuration = ConfigurationDocument.ParseYaml("""
            calendars:
              ny:
                zone: America/New_York
                windows:
                  mon-fri: [["09:00", "12:30"], ["13:30", "17:30"]]
                holidays: ["2026-01-01", "2026-05-25", "2026-07-03", "2026-09-07", "2026-11-26", "2026-12-25", "2027-01-01"]
            """).Value!;
        _calendar = configuration.Calendars["ny"];
        var random = new Random(42);
        _starts = [.. Enumerable.Range(0, Batch).Select(_ => Instant.FromUtc(2026, 1, 1, 0, 0) + Duration.FromMinutes(random.Next(0, 2 * 365 * 24 * 60)))];

        // Fill the week cache as a running silo would have.
        Deadlines_4h();
        Deadlines_3d();
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public Instant Deadlines_4h() => Run(Duration.FromHours(4));

    [Benchmark(OperationsPerInvoke = Batch)]
    public Instant Deadlines_3d() => Run(Duration.FromDays(3));

    [Benchmark(OperationsPerInvoke = Batch)]
    public Duration Business_time_between_over_a_week()
    {
        var total = Duration.Zero;
        foreach (var start in _starts)
        {
            total += _calendar.BusinessTimeBetween(start, start + Duration.FromDays(7));
        }

        return total;
    }

    private Instant Run(Duration target)
    {
        var last = default(Instant);
        foreach (var start in _starts)
        {
            last = _calendar.AddBusinessTime(start, target);
        }

        return last;
    }
}
