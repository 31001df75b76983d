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
            return Owner;
        }

        var now = time.GetUtcNow();
        var evaluation = await EvaluateAsync(0);
        if (TicketOwnership.AcceptsReassignment(evaluation.Ticket))
        {
            state.State.OwnerOverride = reassignment with { At = now };
            ChangeOwner(reassignment.Owner, now, reassignment.ActorKind, reassignment.Actor, reassignment.CausedBy);
        }

        // The reconcile writes state (the fact key, the override) and publishes the owner change.
        await ReconcileAsync(minimumConfigurationVersion: 0, eventsAdded: true);
        return Owner;
    }

    public async Task RecordAuditAsync(string factKey, AuditFact fact)
    {
        ArgumentException.ThrowIfNullOrEmpty(factKey);
        ArgumentNullException.ThrowIfNull(fact);
        if (!state.State.RecordedFacts.Add(factKey))
        {
            return;
        }

        state.State.Audit.Record(Key, fact with { TicketKey = Key });
        await WriteAsync();
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
            .Select(TicketEventMapping.ToActivity)
            .OfType<TicketActivity>()
            .TakeLast(ContextActivityCount)
            .ToArray();
        return new TicketContext(
            Key,
            ticket.Subject,
            ticket.Requester,
            ticket.Organization,
            ticket.CustomerTier,
            ticket.Priority.ToWire(),
            ticket.Status.ToWire(),
            ticket.IsSolved,
            evaluation.PolicyId,
            Owner,
            evaluation.Metrics.Select(TicketEventMapping.ToView).ToArray(),
            activity);
    }
}
