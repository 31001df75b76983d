namespace SlaEscalation.Domain.Tickets;

/// <summary>Who wrote a comment; wire names are <c>agent|requester|system</c>.</summary>
public enum AuthorRole
{
    Agent,
    Requester,
    System,
}
