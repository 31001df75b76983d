using NodaTime;
using NodaTime.Text;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Builders;

/// <summary>Builds a ticket's events in the order a test reads best; the engine orders them itself.</summary>
internal sealed class TicketHistoryBuilder
{
    private readonly List<TicketEvent> _events = [];

    public IReadOnlyList<TicketEvent> Events => _events;

    public static Instant At(string utc) => InstantPattern.ExtendedIso.Parse(utc).GetValueOrThrow();

    public TicketHistoryBuilder Created(string time, Domain.Tickets.Priority priority = Domain.Tickets.Priority.Normal, params string[] tags) =>
        Add(time, TicketEventType.Created, new TicketChanges { Priority = priority, Status = TicketStatus.New, Tags = tags });

    public TicketHistoryBuilder Status(string time, TicketStatus status) =>
        Add(time, TicketEventType.Updated, new TicketChanges { Status = status });

    public TicketHistoryBuilder Priority(string time, Domain.Tickets.Priority priority) =>
        Add(time, TicketEventType.Updated, new TicketChanges { Priority = priority });

    public TicketHistoryBuilder Tags(string time, params string[] tags) =>
        Add(time, TicketEventType.Updated, new TicketChanges { Tags = tags });

    public TicketHistoryBuilder AgentReply(string time, bool isPublic = true) =>
        Add(time, TicketEventType.CommentAdded, TicketChanges.None, new CommentInfo(AuthorRole.Agent, isPublic));

    public TicketHistoryBuilder RequesterComment(string time) =>
        Add(time, TicketEventType.CommentAdded, TicketChanges.None, new CommentInfo(AuthorRole.Requester, true));

    public TicketHistoryBuilder Add(string time, TicketEventType type, TicketChanges changes, CommentInfo? comment = null)
    {
        _events.Add(new TicketEvent("test", $"e{_events.Count}", At(time), type, changes, comment));
        return this;
    }
}
