using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SlaEscalation.Grains.Escalations;

namespace SlaEscalation.Grains.Telemetry;

/// <summary>
/// The <c>sla.escalations.open</c> gauge: open escalations by runbook level, counted from the escalation index every
/// <see cref="RefreshEvery"/>. Every silo reports the whole cluster's count (read it with <c>max</c>, not <c>sum</c>),
/// so a silo's restart loses nothing. A level counted once keeps reporting, as zero when it empties; a count older
/// than <see cref="StaleAfter"/> (the index unreachable) is not reported rather than reported stale.
/// </summary>
public sealed partial class OpenEscalationsGauge : BackgroundService
{
    /// <summary>How often the index is counted.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(30);

    /// <summary>How old a count may be and still be reported.</summary>
    public static readonly TimeSpan StaleAfter = 3 * RefreshEvery;

    private readonly IEscalationIndex index;
    private readonly TimeProvider time;
    private readonly ILogger<OpenEscalationsGauge> logger;
    private readonly Lock levelsLock = new();
    private readonly SortedSet<int> levelsSeen = [];
    private Count? last;

    public OpenEscalationsGauge(IMeterFactory meters, IEscalationIndex index, TimeProvider time, ILogger<OpenEscalationsGauge> logger)
    {
        ArgumentNullException.ThrowIfNull(meters);
        this.index = index;
        this.time = time;
        this.logger = logger;
        meters.Create(new MeterOptions(SlaMetrics.MeterName)).CreateObservableGauge(
            "sla.escalations.open", Observe, "{escalation}",
            "Open escalations by runbook level, counted from the escalation index every 30 s; every silo reports the whole cluster (use max, not sum).");
    }

    /// <summary>Counts the index now; a failure is logged and leaves the last count to age.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var counts = await index.CountOpenByLevelAsync(cancellationToken);
            lock (levelsLock)
            {
                levelsSeen.UnionWith(counts.Keys);
                last = new Count(levelsSeen.ToDictionary(level => level, level => counts.GetValueOrDefault(level)), time.GetUtcNow());
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCountFailed(ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshEvery, time);
        do
        {
            await RefreshAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        var count = Volatile.Read(ref last);
        if (count is null || time.GetUtcNow() - count.At > StaleAfter)
        {
            return [];
        }

        return count.ByLevel.Select(pair => new Measurement<long>(pair.Value, new KeyValuePair<string, object?>("level", pair.Key)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not count the open escalations; the sla.escalations.open gauge keeps its last count for up to 90 s")]
    private partial void LogCountFailed(Exception exception);

    private sealed record Count(IReadOnlyDictionary<int, long> ByLevel, DateTimeOffset At);
}
