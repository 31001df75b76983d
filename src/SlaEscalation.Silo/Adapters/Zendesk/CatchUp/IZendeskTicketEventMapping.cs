using System.Text.Json;
using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Silo.Adapters.Zendesk.CatchUp;

/// <summary>
/// Maps one item of Zendesk's incremental ticket event export (an update of one ticket with its child events) to
/// canonical ticket events, keyed <c>{connection}:{ticket id}</c>. The catch-up feeds what it returns to the tickets
/// exactly as a webhook's events are fed, so the ids it gives must be the ones the webhook gives for the same change.
/// </summary>
public interface IZendeskTicketEventMapping
{
    /// <summary>The canonical events of <paramref name="ticketEvent"/>; none for an update that changes nothing we use.</summary>
    IReadOnlyList<(string TicketKey, TicketEventRecord Event)> Map(string connection, JsonElement ticketEvent);
}
