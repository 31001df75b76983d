namespace SlaEscalation.Domain.Tickets;

/// <summary>The part of a comment the SLA clocks care about: who wrote it and whether the requester can see it.</summary>
public sealed record CommentInfo(AuthorRole Role, bool Public)
{
    internal bool IsPublicAgentReply => Public && Role == AuthorRole.Agent;

    internal bool IsPublicRequesterComment => Public && Role == AuthorRole.Requester;
}
