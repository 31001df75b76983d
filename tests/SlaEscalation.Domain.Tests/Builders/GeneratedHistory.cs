using System.Text;
using NodaTime;
using SlaEscalation.Domain.Clocks;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Domain.Tests.Builders;

/// <summary>Histories drawn by property tests, and evaluations written out whole so two can be compared.</summary>
internal static class GeneratedHistory
{
    /// <summary>
    /// A ticket created at <paramref name="origin"/>, then one event per step, 15 minutes per step so equal times are
    /// frequent: kinds 0-7 are a public reply, a requester comment, a private note, pending, open, solved, a priority
    /// change and a tag change (vip on even steps).
    /// </summary>
    public static List<TicketEvent> Of(Instant origin, IReadOnlyList<(int Step, int Kind)> steps)
    {
        var events = new List<TicketEvent> { Event(origin, 0, "created", TicketEventType.Created, new TicketChanges { Priority = Priority.Normal }, null) };
        for (var i = 0; i < steps.Count; i++)
        {
            var (step, kind) = steps[i];
            var id = $"e{i}";
            events.Add(kind switch
            {
                0 => Event(origin, step, id, TicketEventType.CommentAdded, TicketChanges.None, new CommentInfo(AuthorRole.Agent, true)),
                1 => Event(origin, step, id, TicketEventType.CommentAdded, TicketChanges.None, new CommentInfo(AuthorRole.Requester, true)),
                2 => Event(origin, step, id, TicketEventType.CommentAdded, TicketChanges.None, new CommentInfo(AuthorRole.Agent, false)),
                3 => Event(origin, step, id, TicketEventType.Updated, new TicketChanges { Status = TicketStatus.Pending }, null),
                4 => Event(origin, step, id, TicketEventType.Updated, new TicketChanges { Status = TicketStatus.Open }, null),
                5 => Event(origin, step, id, TicketEventType.Updated, new TicketChanges { Status = TicketStatus.Solved }, null),
                6 => Event(origin, step, id, TicketEventType.Updated, new TicketChanges { Priority = step % 2 == 0 ? Priority.Urgent : Priority.Normal }, null),
                _ => Event(origin, step, id, TicketEventType.Updated, new TicketChanges { Tags = step % 2 == 0 ? ["vip"] : [] }, null),
            });
        }

        return events;
    }

    public static TicketEvent Event(Instant origin, int step, string id, TicketEventType type, TicketChanges changes, CommentInfo? comment) =>
        new("prop", id, origin + Duration.FromMinutes(15 * step), type, changes, comment);

    /// <summary>Every field of an evaluation and of each of its clocks, one clock a line.</summary>
    public static string Render(TicketSlaEvaluation? evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var text = new StringBuilder().Append(evaluation.PolicyId).Append('|').Append(evaluation.NextWakeUp).Append('|').Append(evaluation.Ticket.Status).AppendLine();
        foreach (var m in evaluation.Metrics)
        {
            text.Append(m.Id).Append(' ').Append(m.State).Append(' ').Append(m.StartedAt).Append(' ').Append(m.Deadline).Append(' ').Append(m.AtRiskAt)
                .Append(' ').Append(m.BreachedAt).Append(' ').Append(m.AchievedAt).Append(' ').Append(m.Elapsed).Append(' ').Append(m.Running)
                .Append(' ').Append(m.Target).Append(' ').AppendJoin(',', m.Transitions).AppendLine();
        }

        return text.ToString();
    }
}
