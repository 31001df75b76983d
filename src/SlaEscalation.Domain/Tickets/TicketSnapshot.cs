using NodaTime;

namespace SlaEscalation.Domain.Tickets;

/// <summary>A ticket's fields as derived from its history up to an instant.</summary>
public sealed record TicketSnapshot
{
    /// <summary>A ticket nothing is known about yet: status <c>new</c>, priority <c>normal</c>, no tags.</summary>
    public static TicketSnapshot Unknown { get; } = new();

    /// <summary>When the <c>ticket.created</c> event happened; null while none has been seen.</summary>
    public Instant? CreatedAt { get; init; }
    public TicketStatus Status { get; init; } = TicketStatus.New;
    public Priority Priority { get; init; } = Priority.Normal;
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Subject { get; init; }
    public string? Requester { get; init; }
    public string? Organization { get; init; }
    public string? CustomerTier { get; init; }
    public string? Channel { get; init; }
    public string? Team { get; init; }
    public string? Assignee { get; init; }

    /// <summary>True for <c>solved</c> and <c>closed</c>: the work is done and no reply is owed.</summary>
    public bool IsSolved => Status is TicketStatus.Solved or TicketStatus.Closed;

    /// <summary>Returns this snapshot with an event's changes applied.</summary>
    public TicketSnapshot Apply(TicketChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);

        // Most events (comments) change nothing; keeping the instance lets callers skip re-matching policies.
        if (changes == TicketChanges.None)
        {
            return this;
        }

        return this with
        {
            Subject = changes.Subject ?? Subject,
            Requester = changes.Requester ?? Requester,
            Organization = changes.Organization ?? Organization,
            CustomerTier = changes.CustomerTier ?? CustomerTier,
            Priority = changes.Priority ?? Priority,
            Channel = changes.Channel ?? Channel,
            Tags = changes.Tags ?? Tags,
            Team = changes.Team ?? Team,
            Assignee = changes.Assignee ?? Assignee,
            Status = changes.Status ?? Status,
        };
    }
}
