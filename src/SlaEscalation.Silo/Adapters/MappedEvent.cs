using SlaEscalation.Contracts.Tickets;

namespace SlaEscalation.Silo.Adapters;

/// <summary>One canonical ticket event a vendor payload maps to, with the key of the ticket it belongs to.</summary>
public sealed record MappedEvent(string TicketKey, TicketEventRecord Event);
