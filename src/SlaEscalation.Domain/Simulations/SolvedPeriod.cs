using NodaTime;

namespace SlaEscalation.Domain.Simulations;

/// <summary>A stretch of a ticket's life in <c>solved</c> or <c>closed</c>.</summary>
/// <param name="From">When it was solved.</param>
/// <param name="Until">When it was reopened; null while it stays solved.</param>
internal sealed record SolvedPeriod(Instant From, Instant? Until)
{
    /// <summary>Whether the ticket was solved at <paramref name="at"/>.</summary>
    public bool Covers(DateTimeOffset at) => From.ToDateTimeOffset() <= at && (Until is not { } until || at < until.ToDateTimeOffset());
}
