using SlaEscalation.Domain.Calendars;
using SlaEscalation.Domain.Configuration;
using SlaEscalation.Domain.Policies;
using SlaEscalation.Domain.Tickets;
using NodaTime;

namespace SlaEscalation.Domain.Clocks;

/// <summary>
/// What the clocks need from a ticket's ordered history up to the evaluation instant: when it was created, its
/// status changes, the comments that start and stop clocks, and the epochs of (policy, priority) that decide
/// targets. Times are Unix nanoseconds.
/// </summary>
internal sealed class TicketTimeline
{
    public TicketSnapshot Ticket { get; private set; } = TicketSnapshot.Unknown;

    public long? CreatedAt { get; private set; }

    /// <summary>Status from each instant on, from creation; consecutive entries differ.</summary>
    public List<(long At, TicketStatus Status)> Statuses { get; } = [];

    /// <summary>Public agent replies and public requester comments, in order.</summary>
    public List<(long At, bool ByAgent)> Comments { get; } = [];

    /// <summary>(policy, priority) from each instant on, from creation; consecutive entries differ.</summary>
    public List<(long At, SlaPolicy? Policy, Priority Priority)> Epochs { get; } = [];

    /// <summary>The earliest event dated after the evaluation instant, if any.</summary>
    public Instant? NextEventAt { get; private set; }

    public static TicketTimeline Build(SlaConfiguration configuration, IReadOnlyList<TicketEvent> ordered, Instant now)
    {
        var timeline = new TicketTimeline();
        SlaPolicy? policy = null;
        foreach (var e in ordered)
        {
            if (e.Time > now)
            {
                // Ordered by time: this is the earliest future event, and the ones after it are later still.
                timeline.NextEventAt = e.Time;
                break;
            }

            var before = timeline.Ticket;
            timeline.Ticket = before.Apply(e.Changes);
            if (timeline.CreatedAt is null)
            {
                if (e.Type != TicketEventType.Created)
                {
                    // Fields set before creation still count; clocks start only at ticket.created.
                    continue;
                }

                timeline.Ticket = timeline.Ticket with { CreatedAt = e.Time };
                timeline.CreatedAt = UnixNanos.From(e.Time);
                policy = configuration.PolicyFor(timeline.Ticket);
                timeline.Statuses.Add((timeline.CreatedAt.Value, timeline.Ticket.Status));
                timeline.Epochs.Add((timeline.CreatedAt.Value, policy, timeline.Ticket.Priority));
            }
            else if (!ReferenceEquals(before, timeline.Ticket))
            {
                timeline.Record(configuration.PolicyFor(timeline.Ticket), UnixNanos.From(e.Time));
            }

            if (e.Comment is { } comment && (comment.IsPublicAgentReply || comment.IsPublicRequesterComment))
            {
                timeline.Comments.Add((UnixNanos.From(e.Time), comment.IsPublicAgentReply));
            }
        }

        return timeline;
    }

    private void Record(SlaPolicy? policy, long at)
    {
        if (Statuses[^1].Status != Ticket.Status)
        {
            Statuses.Add((at, Ticket.Status));
        }

        var last = Epochs[^1];
        if (!ReferenceEquals(last.Policy, policy) || last.Priority != Ticket.Priority)
        {
            Epochs.Add((at, policy, Ticket.Priority));
        }
    }

    /// <summary>Index of the epoch in effect at <paramref name="at"/> (the last that starts at or before it).</summary>
    public int EpochAt(long at) => LastAtOrBefore(Epochs, static e => e.At, at);

    /// <summary>Index of the status in effect at <paramref name="at"/>.</summary>
    public int StatusAt(long at) => LastAtOrBefore(Statuses, static s => s.At, at);

    /// <summary>
    /// The last index whose instant is at or before <paramref name="at"/>, or 0: a binary search, since every clock
    /// cycle of a long history looks its start and end up, and a scan made evaluation grow with the square of it.
    /// Callers pass a static lambda for the instant: one that captured the list would be allocated on every call.
    /// </summary>
    private static int LastAtOrBefore<T>(List<T> entries, Func<T, long> instantOf, long at)
    {
        int low = 0, high = entries.Count - 1;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (instantOf(entries[middle]) <= at)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }
}
