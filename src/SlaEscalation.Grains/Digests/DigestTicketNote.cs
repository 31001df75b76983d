namespace SlaEscalation.Grains.Digests;

/// <summary>
/// What the digest remembers of a ticket to age the backlog and find tickets left without an agent: when it was
/// created at its source, its latest owner change the digest heard of, and since when it has had no agent (null
/// while it has one). A note with a higher <see cref="OwnerSequence"/> replaces the owner part; the creation time
/// never changes once noted.
/// </summary>
/// <param name="TicketKey">The ticket.</param>
/// <param name="CreatedAt">When the ticket was created at its source.</param>
/// <param name="OwnerSequence">The owner change it reflects (<c>owner#n</c>), or -1 when it says nothing of the owner.</param>
/// <param name="UnassignedSince">Since when the ticket has been without an agent in its current team; null when it has one.</param>
public sealed record DigestTicketNote(string TicketKey, DateTimeOffset CreatedAt, int OwnerSequence, DateTimeOffset? UnassignedSince);
