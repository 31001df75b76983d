using SlaEscalation.Contracts.Audit;
using SlaEscalation.Contracts.Tickets;
using SlaEscalation.Domain.Tickets;

namespace SlaEscalation.Grains.Tickets;

/// <summary>What other grains ask of a ticket: an explicit owner, an entry on its audit chain, its context.</summary>
public sealed partial class TicketGrain
{
    /// <summary>How many public steps of its history a ticket's context carries.</summary>
    public const int ContextActivityCount = 10;

    public async Task<TicketOwner> ReassignAsync(OwnerReassignment reassignment)
    {
        ArgumentNullException.ThrowIfNull(reassignment);
        if (state.State.Events.Count == 0 || !state.State.RecordedFacts.Add("reassign:" + reassignment.CausedBy))
        {
            return state.State.Owner ?? new TicketOwner(FallbackTeam, null);
        }

        var now = time.GetUtcNow();
        var evaluation = await EvaluateAsync(0);
        if (!evaluation.Ticket.IsSolved)
        {
            state.State.OwnerOverride = reassignment with { At = now };
            ChangeOwner(reassignment.Owner, now, reassignment.ActorKind, reassignment.Actor, reassignment.CausedBy);
        }

        // The reconcile writes state (the fact key, the override) and publishes the owner change.
        await ReconcileAsync(minimumConfigurationVersion: 0, eventsAdded: true);
        return state.State.Owner ?? new TicketOwner(FallbackTeam, null);
    }

    public async Task RecordAuditAsync(string factKey, AuditFact fact)
    {
        ArgumentException.ThrowIfNullOrEmpty(factKey);
        ArgumentNullException.ThrowIfNull(fact);
        if (!state.State.RecordedFacts.Add(factKey))
        {
            return;
        }

        state.State.Audit.Record(this.GetPrimaryKeyString(), fact with { TicketKey = this.GetPrimaryKeyString() });
        await state.WriteStateAsync();
        await FlushAuditAsync();
    }

    public async Task<TicketContext?> GetContextAsync()
    {
        if (state.State.Events.Count == 0)
        {
            return null;
        }

        var evaluation = await EvaluateAsync(0);
        var ticket = evaluation.Ticket;
        var activity = state.State.Events
            .OrderBy(e => e.Time)
            .Select(Describe)
            .OfType<TicketActivity>()
            .TakeLast(ContextActivityCount)
            .ToArray();
        return new TicketContext(
            this.GetPrimaryKeyString(),
            ticket.Subject,
            ticket.Requester,
            ticket.Organization,
            ticket.CustomerTier,
            ticket.Priority.ToWire(),
            ticket.Status.ToWire(),
            ticket.IsSolved,
            evaluation.PolicyId,
            state.State.Owner ?? new TicketOwner(FallbackTeam, null),
            evaluation.Metrics.Select(ToView).ToArray(),
            activity);
    }

    /// <summary>A public step of the history, or null for a private note.</summary>
    private static TicketActivity? Describe(TicketEventRecord record)
    {
        if (record.Type == TicketEventTypes.CommentAdded)
        {
            return record.Public == true
                ? new TicketActivity(record.Time, record.Type, record.AuthorRole, $"public comment by the {record.AuthorRole ?? "unknown"}")
                : null;
        }

        var fields = record.Fields;
        var changes = new[]
        {
            ("subject", fields.Subject),
            ("priority", fields.Priority),
            ("status", fields.Status),
            ("team", fields.Team),
            ("assignee", fields.Assignee),
            ("tags", fields.Tags is null ? null : string.Join(",", fields.Tags)),
        }
            .Where(c => c.Item2 is not null)
            .Select(c => $"{c.Item1}: {c.Item2}");
        var summary = string.Join("; ", changes);
        return new TicketActivity(
            record.Time,
            record.Type,
            null,
            record.Type == TicketEventTypes.Created ? $"created{(summary.Length == 0 ? "" : " (" + summary + ")")}" : summary.Length == 0 ? "updated" : summary);
    }
}
