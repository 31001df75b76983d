using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Digests;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Grains.Audit;
using SlaEscalation.Grains.Notifications;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// The "now" figures of a digest, measured from durable records: the team's open backlog and open exceptions (from
/// the ledger), the day's refused ticket events (from the audit trail) and the day's finally failed deliveries
/// (from the failure log).
/// </summary>
public sealed class DigestMeasurer(IDigestLedger ledger, IAuditTrail auditTrail, IDeliveryFailureLog failureLog, IGrainFactory grains)
{
    /// <summary>A measurement of a digest not yet published is refreshed when a read finds it older than this.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>... or older than this when facts were counted since it was taken (the backlog has likely moved).</summary>
    public static readonly TimeSpan MaxAgeAfterFacts = TimeSpan.FromSeconds(5);

    private const int MaxRejectedTickets = 1000;

    /// <summary>Whether <paramref name="measurement"/> (null: none yet) is too old at <paramref name="now"/>, given when facts were last counted.</summary>
    public static bool IsStale(DigestMeasurement? measurement, DateTimeOffset lastCounted, DateTimeOffset now) =>
        measurement is null
        || measurement.Backlog.AsOf < now - MaxAge
        || (lastCounted > measurement.Backlog.AsOf && measurement.Backlog.AsOf < now - MaxAgeAfterFacts);

    /// <summary>Measures <paramref name="day"/>'s team as of <paramref name="asOf"/>.</summary>
    public async Task<DigestMeasurement> MeasureAsync(DigestDay day, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(day);
        var measured = await ledger.MeasureAsync(new DigestMeasureRequest(
            day.Team.Id,
            asOf,
            day.Team.UnassignedLimit.ToTimeSpan(),
            TimeSpan.FromDays(DigestLimits.PausedForDays),
            DigestLimits.ListedTickets));
        return measured with { Exceptions = [.. measured.Exceptions, await RejectedEventsAsync(day), await FailedDeliveriesAsync(day)] };
    }

    /// <summary>The day's refused requests of ticket events that name a ticket the team owns now.</summary>
    private async Task<DigestException> RejectedEventsAsync(DigestDay day)
    {
        var refusals = new List<(string TicketKey, DateTimeOffset At)>();
        var teams = new Dictionary<string, string?>(StringComparer.Ordinal);
        AuditCursor? cursor = null;
        do
        {
            var page = await auditTrail.QueryAsync(new AuditQuery(From: day.From, To: day.To, Action: AuditAction.EventRejected, After: cursor, Limit: 500));
            foreach (var entry in page.Entries.Where(e => e.TicketKey is not null))
            {
                if (!teams.TryGetValue(entry.TicketKey!, out var team) && teams.Count < MaxRejectedTickets)
                {
                    team = (await grains.GetGrain<ITicketGrain>(entry.TicketKey!).GetAsync())?.Owner.Team;
                    teams[entry.TicketKey!] = team;
                }

                if (team == day.Team.Id)
                {
                    refusals.Add((entry.TicketKey!, entry.At));
                }
            }

            cursor = page.Next;
        }
        while (cursor is not null);

        return DigestMeasure.Exception(DigestExceptionKinds.RejectedEvents, refusals, DigestLimits.ListedTickets);
    }

    /// <summary>The team's notifications whose delivery finally failed that day.</summary>
    private async Task<DigestException> FailedDeliveriesAsync(DigestDay day)
    {
        var failures = await failureLog.ListAsync(day.Team.Id, day.From, day.To);
        return DigestMeasure.Exception(DigestExceptionKinds.FailedDeliveries, failures.Select(f => (f.Subject, f.FailedAt)), DigestLimits.ListedTickets);
    }
}
