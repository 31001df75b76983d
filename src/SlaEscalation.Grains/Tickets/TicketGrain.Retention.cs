using SlaEscalation.Grains.Audit;

namespace SlaEscalation.Grains.Tickets;

/// <summary>How a ticket leaves when retention asks: only solved, quiet, and owing nothing.</summary>
public sealed partial class TicketGrain
{
    public async Task<bool> ForgetAsync(DateTimeOffset quietBefore)
    {
        var stored = state.State;
        if (stored.Events.Count == 0)
        {
            // Nothing to forget (gone already, or never heard of): its index entry may go.
            return true;
        }

        if (stored.Outbox.Count + stored.Unconfirmed.Count + stored.Audit.Pending.Count > 0
            || stored.AgentAssignedBy is not null
            || stored.Events.Max(e => e.Time) >= quietBefore
            || !(await EvaluateAsync(0)).Ticket.IsSolved)
        {
            return false;
        }

        // The chain's head stays: should the ticket hear again, its audit chain goes on where it ended instead of
        // starting over under a key the trail already holds.
        var hadReminder = stored.ReminderDueAt is not null;
        state.State = new TicketState { Audit = new AuditChainState { Head = stored.Audit.Head } };
        await WriteAsync();
        if (hadReminder)
        {
            await UnregisterClockAsync();
        }

        DeactivateOnIdle();
        return true;
    }
}
