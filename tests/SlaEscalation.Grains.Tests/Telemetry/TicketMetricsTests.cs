using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Telemetry;
using SlaEscalation.Grains.Tests.Tickets;

namespace SlaEscalation.Grains.Tests.Telemetry;

/// <summary>
/// The ticket's instruments on a fake clock, in a silo of their own so no other test's ticket moves them: a breach
/// found late is counted once with the lag it was found at.
/// </summary>
public sealed class TicketMetricsTests(TicketCluster cluster) : IClassFixture<TicketCluster>, IAsyncLifetime
{
    public Task InitializeAsync() => cluster.UsePoliciesAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_breach_found_90_seconds_after_its_deadline_counts_once_with_a_lag_of_90_seconds()
    {
        var meters = cluster.SiloServices.GetRequiredService<IMeterFactory>();
        using var transitions = new MetricCollector<long>(meters, SlaMetrics.MeterName, "sla.transitions");
        using var lag = new MetricCollector<double>(meters, SlaMetrics.MeterName, "sla.detection_lag");
        using var lateness = new MetricCollector<double>(meters, SlaMetrics.MeterName, "sla.reminders.lateness");
        var created = cluster.Time.GetUtcNow();
        var ticket = cluster.Client.GetGrain<ITicketGrain>("metrics:" + Guid.NewGuid().ToString("N"));
        await ticket.ApplyAsync([new TicketEventRecord("test", "created", TicketEventTypes.Created, created, new TicketFields(Priority: "high"))]);

        // One jump past both thresholds: the reminder set for the at-risk instant (2 h) fires 2 h 90 s late and
        // finds the breach (4 h) passed by 90 s.
        await ReminderLoops.SettledAsync(ticket.GetGrainId(), "the ticket's reminder to wait for its at-risk");
        cluster.Time.Advance(TimeSpan.FromHours(4) + TimeSpan.FromSeconds(90));
        await Eventually.TrueAsync(() => lag.GetMeasurementSnapshot().Count == 2, TimeSpan.FromSeconds(10), "two SLA transitions measured");
        await NothingMore.ArrivesWithinAsync(TimeSpan.FromMilliseconds(200));

        var measured = lag.GetMeasurementSnapshot()
            .Select(m => ((string)m.Tags["kind"]!, (string)m.Tags["metric"]!, (string)m.Tags["priority"]!, (string)m.Tags["team"]!, m.Value))
            .OrderBy(m => m.Item1, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(
            [("at_risk", "first_reply", "high", "unrouted", 7290.0), ("breached", "first_reply", "high", "unrouted", 90.0)],
            measured);
        Assert.Equal(1, transitions.GetMeasurementSnapshot().Where(m => (string?)m.Tags["kind"] == "breached").Sum(m => m.Value));
        Assert.Equal([7290.0], lateness.GetMeasurementSnapshot().Select(m => m.Value));
    }
}
