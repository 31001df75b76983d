using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SlaEscalation.Domain.Runbooks;
using SlaEscalation.Grains.Notifications;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains.Tests.Telemetry;

/// <summary>What each of the product's calls moves, read back per label.</summary>
public sealed class SlaMetricsTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private IMeterFactory Meters => services.GetRequiredService<IMeterFactory>();

    public void Dispose() => services.Dispose();

    [Fact]
    public void A_delivery_retried_then_delivered_and_one_failed_finally_leave_nothing_pending()
    {
        var metrics = new SlaMetrics(Meters);
        using var attempts = Collect<long>("sla.deliveries.attempts");
        using var succeeded = Collect<long>("sla.deliveries.succeeded");
        using var failed = Collect<long>("sla.deliveries.failed");
        using var pending = Collect<long>("sla.deliveries.pending");

        metrics.DeliveryAccepted("webhook:ops");
        metrics.DeliveryAccepted("webhook:ops");
        metrics.DeliveryAttempted("webhook:ops", DeliveryProgress.Pending);
        metrics.DeliveryAttempted("webhook:ops", DeliveryProgress.Delivered);
        metrics.DeliveryAttempted("webhook:ops", DeliveryProgress.Failed);

        Assert.Equal((3, 1, 1, 0), (Sum(attempts), Sum(succeeded), Sum(failed), Sum(pending)));
    }

    [Fact]
    public void An_acknowledgement_timeout_is_counted_by_level_and_a_raise_or_resolution_is_not()
    {
        var metrics = new SlaMetrics(Meters);
        using var timeouts = Collect<long>("sla.escalations.acknowledgement_timeouts");

        metrics.EscalationStepped(Step(RunbookStepKind.Raised, 1));
        metrics.EscalationStepped(Step(RunbookStepKind.AcknowledgementTimedOut, 1));
        metrics.EscalationStepped(Step(RunbookStepKind.Raised, 2));
        metrics.EscalationStepped(Step(RunbookStepKind.AcknowledgementTimedOut, 2));
        metrics.EscalationStepped(Step(RunbookStepKind.Resolved, 2));

        Assert.Equal([(1, 1L), (2, 1L)], ByLevel(timeouts));
    }

    [Fact]
    public void A_task_counts_as_closed_once_when_it_reaches_done_and_not_again_for_wont_do()
    {
        var metrics = new SlaMetrics(Meters);
        using var closed = Collect<long>("sla.tasks.closed");

        metrics.TaskStatusChanged("open", "in_progress");
        metrics.TaskStatusChanged("in_progress", "done");
        metrics.TaskStatusChanged("done", "wont_do");

        Assert.Equal(1, Sum(closed));
    }

    private MetricCollector<T> Collect<T>(string instrument)
        where T : struct => new(Meters, SlaMetrics.MeterName, instrument);

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    private static (int Level, long Open)[] ByLevel(MetricCollector<long> collector) =>
        collector.GetMeasurementSnapshot()
            .GroupBy(m => (int)m.Tags["level"]!)
            .Select(g => (g.Key, g.Sum(m => m.Value)))
            .OrderBy(g => g.Key)
            .ToArray();

    private static RunbookStep Step(RunbookStepKind kind, int level) =>
        new(DateTimeOffset.UnixEpoch, kind, level, "ops", "sla-engine", null, []);
}
