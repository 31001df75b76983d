using SlaEscalation.Contracts.Digests;

namespace SlaEscalation.Grains.Digests;

/// <summary>
/// The measured figures of a team's open tickets, as the in-memory ledger computes them (PostgreSQL computes the
/// same in SQL): ages from creation to <see cref="DigestMeasureRequest.AsOf"/> in buckets whose lower bound is
/// included (exactly one day old is <c>1-3d</c>), and the three open exceptions with their oldest tickets first.
/// </summary>
public static class DigestMeasure
{
    /// <summary>Measures <paramref name="open"/> (every open ticket of the team).</summary>
    public static DigestMeasurement Of(DigestMeasureRequest request, IEnumerable<DigestOpenTicket> open)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(open);
        var tickets = open.ToArray();
        var asOf = request.AsOf;
        int Aged(TimeSpan from, TimeSpan? to) => tickets.Count(t =>
            t.CreatedAt is { } c && asOf - c >= from && (to is null || asOf - c < to));
        var backlog = new DigestBacklog(
            asOf,
            tickets.Length,
            tickets.Count(t => t.CreatedAt is { } c && asOf - c < TimeSpan.FromDays(1)),
            Aged(TimeSpan.FromDays(1), TimeSpan.FromDays(3)),
            Aged(TimeSpan.FromDays(3), TimeSpan.FromDays(7)),
            Aged(TimeSpan.FromDays(7), null),
            tickets.Count(t => t.CreatedAt is null),
            tickets.Count(t => t.SlaState == "at_risk"));

        var unassigned = tickets
            .Where(t => t.Agent is null && (t.UnassignedSince ?? t.CreatedAt) is { } since && since <= asOf - request.UnassignedLimit)
            .Select(t => (t.TicketKey, At: (t.UnassignedSince ?? t.CreatedAt)!.Value));
        var paused = tickets
            .Where(t => t.SlaState == "paused" && t.UpdatedAt <= asOf - request.PausedFor)
            .Select(t => (t.TicketKey, At: t.UpdatedAt));
        var breached = tickets
            .Where(t => t.SlaState == "breached")
            .Select(t => (t.TicketKey, At: t.CreatedAt ?? DateTimeOffset.MaxValue));
        return new DigestMeasurement(
            backlog,
            [
                Exception(DigestExceptionKinds.UnassignedPastLimit, unassigned, request.ListLimit),
                Exception(DigestExceptionKinds.PausedForDays, paused, request.ListLimit),
                Exception(DigestExceptionKinds.BreachedStillOpen, breached, request.ListLimit),
            ]);
    }

    /// <summary>An exception listing its oldest tickets first (by the instant given, then key).</summary>
    public static DigestException Exception(string kind, IEnumerable<(string TicketKey, DateTimeOffset At)> tickets, int listLimit)
    {
        var all = tickets.OrderBy(t => t.At).ThenBy(t => t.TicketKey, StringComparer.Ordinal).ToArray();
        return new DigestException(
            kind,
            all.Length,
            all.Take(listLimit).Select(t => new DigestTicketItem(t.TicketKey, t.At == DateTimeOffset.MaxValue ? null : t.At)).ToArray());
    }
}
