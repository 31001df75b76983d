using SlaEscalation.Contracts.Simulations;
using SlaEscalation.Grains.Simulations;

namespace SlaEscalation.Silo.Api.Simulations;

/// <summary>A simulation job as <c>GET /v1/simulations/{id}</c> shows it: progress, and the result counted so far.</summary>
public sealed record SimulationView(
    string Id,
    string Status,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> Teams,
    long Replayed,
    long Total,
    long ConfigurationVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string Silo,
    SimulationResultView Result)
{
    public static SimulationView Of(SimulationProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var tally = SimulationGrain.ReadTally(progress.Tally);
        return new SimulationView(
            progress.Id,
            progress.Status,
            progress.Request.From,
            progress.Request.To,
            progress.Request.Teams,
            progress.Replayed,
            progress.Total,
            progress.ConfigurationVersion,
            progress.StartedAt,
            progress.FinishedAt,
            progress.Error,
            progress.Silo,
            new SimulationResultView(
                tally.Tickets,
                [.. tally.Rows.Select(r => new SimulationRowView(r.Team, r.Metric, r.Priority, SideView.Of(r.Current), SideView.Of(r.Candidate)))],
                tally.ChangedTickets,
                tally.Changed));
    }
}
