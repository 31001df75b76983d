using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SlaEscalation.Contracts.Escalations;
using SlaEscalation.Contracts.Tasks;
using SlaEscalation.Grains.Escalations;
using SlaEscalation.Grains.Telemetry;

namespace SlaEscalation.Grains.Tests.Telemetry;

/// <summary>
/// The open-escalation gauge counts the index, not the steps one silo saw: a fresh gauge (a restarted silo) reports
/// escalations raised before it existed, an emptied level reads zero, and a count the index cannot refresh goes away.
/// </summary>
public sealed class OpenEscalationsGaugeTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider time = new(At);
    private readonly OutageIndex index = new();

    public void Dispose() => services.Dispose();

    [Fact]
    public async Task A_new_gauge_reports_every_open_escalation_by_level_and_an_emptied_level_as_zero()
    {
        await index.UpsertAsync(View("esc_a", "open", 1));
        await index.UpsertAsync(View("esc_b", "open", 1));
        await index.UpsertAsync(View("esc_c", "open", 2));
        await index.UpsertAsync(View("esc_d", "resolved", 2));
        var gauge = NewGauge();
        using var open = Collect();

        await gauge.RefreshAsync(CancellationToken.None);
        Assert.Equal([(1, 2L), (2, 1L)], Read(open));

        await index.UpsertAsync(View("esc_c", "resolved", 2));
        await index.UpsertAsync(View("esc_b", "open", 3));
        await gauge.RefreshAsync(CancellationToken.None);

        Assert.Equal([(1, 1L), (2, 0L), (3, 1L)], Read(open));
    }

    [Fact]
    public async Task A_count_the_index_cannot_refresh_is_reported_until_it_is_stale_then_not_at_all()
    {
        await index.UpsertAsync(View("esc_a", "open", 1));
        var gauge = NewGauge();
        using var open = Collect();
        await gauge.RefreshAsync(CancellationToken.None);

        index.Down = true;
        time.Advance(OpenEscalationsGauge.StaleAfter);
        await gauge.RefreshAsync(CancellationToken.None);
        Assert.Equal([(1, 1L)], Read(open));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(Read(open));

        index.Down = false;
        await gauge.RefreshAsync(CancellationToken.None);
        Assert.Equal([(1, 1L)], Read(open));
    }

    private OpenEscalationsGauge NewGauge() =>
        new(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), index, time, NullLogger<OpenEscalationsGauge>.Instance);

    private MetricCollector<long> Collect() =>
        new(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), SlaMetrics.MeterName, "sla.escalations.open");

    private static (int Level, long Open)[] Read(MetricCollector<long> collector)
    {
        collector.Clear();
        collector.RecordObservableInstruments();
        return [.. collector.GetMeasurementSnapshot().Select(m => ((int)m.Tags["level"]!, m.Value)).OrderBy(m => m.Item1)];
    }

    private static EscalationView View(string id, string state, int level) =>
        new(id, "zendesk:1", "first_reply", "first_reply", "standard", "support", state, level, "team:support", false, null, At, At,
            state == "open" ? null : At, state == "open" ? null : "achieved", [], []);

    /// <summary>The in-memory index, whose reads fail while <see cref="Down"/> is set, as PostgreSQL's would in an outage.</summary>
    private sealed class OutageIndex : IEscalationIndex
    {
        private readonly InMemoryEscalationIndex inner = new();

        public bool Down { get; set; }

        public Task UpsertAsync(EscalationView escalation, CancellationToken cancellationToken = default) => inner.UpsertAsync(escalation, cancellationToken);

        public Task UpsertTaskAsync(EngineeringTaskView task, CancellationToken cancellationToken = default) => inner.UpsertTaskAsync(task, cancellationToken);

        public Task<IReadOnlyList<EscalationView>> ListAsync(EscalationQuery query, CancellationToken cancellationToken = default) =>
            Down ? Task.FromException<IReadOnlyList<EscalationView>>(new TimeoutException("the index is down")) : inner.ListAsync(query, cancellationToken);

        public Task<IReadOnlyList<EngineeringTaskView>> ListTasksAsync(string ticketKey, CancellationToken cancellationToken = default) =>
            inner.ListTasksAsync(ticketKey, cancellationToken);
    }
}
