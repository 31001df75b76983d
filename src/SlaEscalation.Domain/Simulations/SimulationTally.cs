namespace SlaEscalation.Domain.Simulations;

/// <summary>
/// Folds replayed tickets into a simulation's result per team, metric and priority, current and candidate side by
/// side. Memory is bounded whatever the number of tickets: counts, <see cref="ElapsedSketch"/> buckets, and at most
/// <see cref="ChangedLimit"/> changed tickets.
/// </summary>
public sealed class SimulationTally
{
    /// <summary>How many changed tickets the result lists (the rest are only counted).</summary>
    public const int ChangedLimit = 500;

    private readonly SortedDictionary<(string Team, string Metric, string Priority), Row> _rows = [];
    private readonly List<ChangedTicket> _changed = [];
    private long _tickets;
    private long _changedTickets;

    /// <summary>A tally that goes on from <paramref name="state"/> (a job resumed from its cursor).</summary>
    public SimulationTally(SimulationTallyState? state = null)
    {
        if (state is null)
        {
            return;
        }

        _tickets = state.Tickets;
        _changedTickets = state.ChangedTickets;
        _changed.AddRange(state.Changed);
        foreach (var row in state.Rows)
        {
            _rows[(row.Team, row.Metric, row.Priority)] = new Row(Own(row.Current), Own(row.Candidate));
        }
    }

    /// <summary>Counts one ticket replayed under the current configuration and under the candidate.</summary>
    public void Add(string ticketKey, TicketOutcome current, TicketOutcome candidate)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(candidate);
        _tickets++;
        foreach (var metric in current.Metrics)
        {
            var row = RowOf(current, metric);
            row.Current = row.Current.With(metric, (Dictionary<int, long>)row.Current.Elapsed, (Dictionary<int, long>)row.Current.Escalations);
        }

        foreach (var metric in candidate.Metrics)
        {
            var row = RowOf(candidate, metric);
            row.Candidate = row.Candidate.With(metric, (Dictionary<int, long>)row.Candidate.Elapsed, (Dictionary<int, long>)row.Candidate.Escalations);
        }

        var (before, after) = (OutcomeSummary.Of(current), OutcomeSummary.Of(candidate));
        if (!before.SameAs(after))
        {
            _changedTickets++;
            if (_changed.Count < ChangedLimit)
            {
                _changed.Add(new ChangedTicket(ticketKey, before, after));
            }
        }
    }

    /// <summary>What is counted so far, as a value of its own (later additions do not change it).</summary>
    public SimulationTallyState ToState() => new(
        _tickets,
        [.. _rows.Select(r => new SimulationRow(r.Key.Team, r.Key.Metric, r.Key.Priority, Own(r.Value.Current), Own(r.Value.Candidate)))],
        [.. _changed],
        _changedTickets);

    private Row RowOf(TicketOutcome outcome, MetricOutcome metric)
    {
        var key = (outcome.Team, Policies.SlaMetricWire.ToWire(metric.Metric), outcome.Priority);
        if (!_rows.TryGetValue(key, out var row))
        {
            row = new Row(Own(SimulationSide.Empty), Own(SimulationSide.Empty));
            _rows[key] = row;
        }

        return row;
    }

    /// <summary>A side with dictionaries of its own: the tally counts in them, a handed-out state must not see that.</summary>
    private static SimulationSide Own(SimulationSide side) =>
        side with { Elapsed = new Dictionary<int, long>(side.Elapsed), Escalations = new Dictionary<int, long>(side.Escalations) };

    private sealed class Row(SimulationSide current, SimulationSide candidate)
    {
        public SimulationSide Current { get; set; } = current;

        public SimulationSide Candidate { get; set; } = candidate;
    }
}
