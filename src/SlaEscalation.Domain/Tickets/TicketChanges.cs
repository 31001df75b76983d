namespace SlaEscalation.Domain.Tickets;

/// <summary>
/// The fields an event sets. A null field is unchanged; <see cref="Tags"/>, when present, replaces the whole set.
/// </summary>
public sealed record TicketChanges
{
    /// <summary>No field changed (a comment-only event).</summary>
    public static TicketChanges None { get; } = new();

    public string? Subject { get; init; }
    public string? Requester { get; init; }
    public string? Organization { get; init; }
    public string? CustomerTier { get; init; }
    public Priority? Priority { get; init; }
    public string? Channel { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public string? Team { get; init; }
    public string? Assignee { get; init; }
    public TicketStatus? Status { get; init; }
}
